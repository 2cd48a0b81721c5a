import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/main/ipc';
import { createUnlockDelay } from '../../../electron/main/unlock-delay';
import { delayAfterFailures } from '../../../src/core/unlock-delay';
import { mainTable, scriptedDialogs, TRUSTED } from './support';

/** A clock a test moves by hand. */
function manualClock() {
  let ms = Date.UTC(2026, 0, 1);
  return { now: () => new Date(ms), advance: (by: number) => void (ms += by) };
}

describe('unlock delay (main process)', () => {
  it('grows 0, 0, 1 s, 2 s, 4 s … and stops at 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 8, 9, 30].map(delayAfterFailures)).toEqual([0, 0, 1000, 2000, 4000, 8000, 32_000, 60_000, 60_000]);
  });

  it('counts failures and says how long until the next attempt, on the injected clock', () => {
    const clock = manualClock();
    const delay = createUnlockDelay(clock.now);
    expect(delay.status()).toEqual({ failures: 0, waitMs: 0 });
    delay.failed();
    expect(delay.failed()).toEqual({ failures: 2, waitMs: 0 });
    expect(delay.failed()).toEqual({ failures: 3, waitMs: 1000 });
    clock.advance(400);
    expect(delay.status()).toEqual({ failures: 3, waitMs: 600 });
    clock.advance(600);
    expect(delay.status()).toEqual({ failures: 3, waitMs: 0 });
    expect(delay.failed()).toEqual({ failures: 4, waitMs: 2000 });
  });

  it('a success resets the count', () => {
    const delay = createUnlockDelay(manualClock().now);
    for (let i = 0; i < 5; i++) delay.failed();
    delay.succeeded();
    expect(delay.status()).toEqual({ failures: 0, waitMs: 0 });
    expect(delay.failed()).toEqual({ failures: 1, waitMs: 0 });
  });

  it('through IPC: a fresh renderer (after a reload or a lock) sees the wait the last one earned', async () => {
    const clock = manualClock();
    const table = mainTable(mkdtempSync(path.join(os.tmpdir(), 'ws-delay-')), scriptedDialogs({}).dialogs, { now: clock.now });
    // The first page fails five times, then is replaced; main keeps what it counted.
    for (let i = 0; i < 5; i++) await dispatch(table, 'unlock.failed', {}, TRUSTED);
    clock.advance(1000);
    // The new page asks before its first attempt.
    expect(await dispatch(table, 'unlock.delay', {}, TRUSTED)).toEqual({ ok: true, value: { failures: 5, waitMs: 3000 } });
    expect(await dispatch(table, 'unlock.failed', {}, TRUSTED)).toEqual({ ok: true, value: { failures: 6, waitMs: 8000 } });
    expect(await dispatch(table, 'unlock.succeeded', {}, TRUSTED)).toEqual({ ok: true, value: {} });
    expect(await dispatch(table, 'unlock.delay', {}, TRUSTED)).toEqual({ ok: true, value: { failures: 0, waitMs: 0 } });
  });

  it('refuses a request that tries to set the count', async () => {
    const table = mainTable(mkdtempSync(path.join(os.tmpdir(), 'ws-delay-')), scriptedDialogs({}).dialogs);
    expect(await dispatch(table, 'unlock.failed', { failures: 0 }, TRUSTED)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
  });
});
