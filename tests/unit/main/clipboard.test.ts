import { describe, expect, it } from 'vitest';
import { clipboardGuard } from '../../../electron/main/clipboard';

function fakes() {
  const board = { text: '', writeText: (t: string) => void (board.text = t), readText: () => board.text };
  const scheduled: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const timers = {
    setTimeout: (fn: () => void, ms: number) => {
      const t = { fn, ms, cancelled: false };
      scheduled.push(t);
      return t;
    },
    clearTimeout: (t: unknown) => void ((t as { cancelled: boolean }).cancelled = true),
  };
  const guard = clipboardGuard(board, timers);
  return { board, scheduled, guard, handlers: guard.handlers };
}

describe('clipboard (main process)', () => {
  it('copies and clears after the delay if the value is still there', async () => {
    const { board, scheduled, handlers } = fakes();
    await handlers['clipboard.copy']({ text: '+7 900 000 00 00', clearAfterSeconds: 30 });
    expect(board.text).toBe('+7 900 000 00 00');
    expect(scheduled[0]!.ms).toBe(30_000);
    scheduled[0]!.fn();
    expect(board.text).toBe('');
  });

  it('leaves the clipboard alone if the user copied something else meanwhile', async () => {
    const { board, scheduled, handlers } = fakes();
    await handlers['clipboard.copy']({ text: 'secret', clearAfterSeconds: 30 });
    board.writeText('their own text');
    scheduled[0]!.fn();
    expect(board.text).toBe('their own text');
  });

  it('clears at once on panic and cancels the pending clear', async () => {
    const { board, scheduled, handlers } = fakes();
    await handlers['clipboard.copy']({ text: 'secret', clearAfterSeconds: 30 });
    await handlers['clipboard.clear']({});
    expect(board.text).toBe('');
    expect(scheduled[0]!.cancelled).toBe(true);
  });

  it('on lock or quit, clears the copy it made and cancels the pending clear', async () => {
    const { board, scheduled, guard } = fakes();
    await guard.handlers['clipboard.copy']({ text: 'Anna, room 3', clearAfterSeconds: 300 });
    guard.clearIfOurs();
    expect(board.text).toBe('');
    expect(scheduled[0]!.cancelled).toBe(true);
  });

  it('on lock or quit, never clears what the user copied from another app since', async () => {
    const { board, guard } = fakes();
    await guard.handlers['clipboard.copy']({ text: 'Anna, room 3', clearAfterSeconds: 300 });
    board.writeText('their own text');
    guard.clearIfOurs();
    expect(board.text).toBe('their own text');
    // Nor later, once the user copies the same words again themselves.
    board.writeText('Anna, room 3');
    guard.clearIfOurs();
    expect(board.text).toBe('Anna, room 3');
  });

  it('on lock or quit without a copy of ours, leaves the clipboard alone', async () => {
    const { board, handlers, guard } = fakes();
    board.writeText('their own text');
    guard.clearIfOurs();
    await handlers['clipboard.clear']({});
    expect(board.text).toBe('their own text');
  });

  it('the IPC handlers and the lock hook share one guard per clipboard', async () => {
    const { board, guard } = fakes();
    await clipboardGuard(board).handlers['clipboard.copy']({ text: 'secret', clearAfterSeconds: 30 });
    guard.clearIfOurs();
    expect(board.text).toBe('');
  });
});
