import type { Clock } from '../../../src/core/clock';

/**
 * The e2e's one clock. Main's deps and every page start from E2E_START (the page through
 * Playwright's clock, installed by the harness) and time then runs at real speed, so idle locks,
 * unlock delays and Argon2id still see time pass. Nothing in the e2e reads the machine's date: a
 * run on any day sees the same dates.
 */
export const E2E_START = new Date('2026-06-15T09:00:00Z');

const startedAt = performance.now();

export const e2eNow: Clock = () => new Date(E2E_START.getTime() + (performance.now() - startedAt));

/**
 * A command that runs at the e2e clock's time: a process of its own (the partner's CLI) reads the
 * system clock, which libfaketime starts at e2eNow() and lets run.
 */
export function atE2eTime(command: string, args: readonly string[]): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const at = e2eNow().toISOString().slice(0, 19).replace('T', ' ');
  return { command: 'faketime', args: ['-f', `@${at}`, command, ...args], env: { ...process.env, TZ: 'UTC' } };
}
