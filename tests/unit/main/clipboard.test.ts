import { describe, expect, it } from 'vitest';
import { clipboardHandlers } from '../../../electron/main/clipboard';

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
  return { board, scheduled, handlers: clipboardHandlers(board, timers) };
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
});
