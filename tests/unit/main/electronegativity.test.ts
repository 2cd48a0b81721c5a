import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The lint gate itself: it must pass on electron/ and fail on a window with the protections off.
function gate(...inputs: string[]) {
  const run = spawnSync(process.execPath, ['scripts/electronegativity.mjs', ...inputs], { encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, out: `${run.stdout}\n${run.stderr}` };
}

describe('Electronegativity gate', () => {
  it('passes on the app with only justified findings', () => {
    const { status, out } = gate('electron');
    expect(out).toContain('0 unjustified');
    expect(status).toBe(0);
  });

  it('fails on unsafe webPreferences, naming each finding', () => {
    const { status, out } = gate('tests/fixtures/unsafe-electron');
    expect(status).toBe(1);
    for (const id of ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']) expect(out).toContain(`FINDING ${id}`);
  });
});
