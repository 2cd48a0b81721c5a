import { EventEmitter } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_EVENT } from '../../../src/core/channels';
import { createLockController } from '../../../electron/main/lock';
import { initializeLockSignals } from '../../../electron/main/lock-signals';
import { dispatch } from '../../../electron/main/ipc';
import { TRUSTED, mainTable, scriptedDialogs } from './support';

/** A window stands for its renderer process: a number, and whether it is still open. */
interface FakeWindow {
  id: number;
  open: boolean;
  received: string[];
}

/** Timers run only when the test says so. */
function manualTimers() {
  const queue = new Map<number, { run: () => void; ms: number }>();
  let next = 0;
  return {
    timers: {
      set: (run: () => void, ms: number) => {
        queue.set(++next, { run, ms });
        return next;
      },
      clear: (handle: unknown) => void queue.delete(handle as number),
    },
    waiting: () => [...queue.values()].map((t) => t.ms),
    runAll() {
      const due = [...queue.values()];
      queue.clear();
      for (const t of due) t.run();
    },
  };
}

function setup(graceMs = 1500) {
  const clock = manualTimers();
  const windows: FakeWindow[] = [];
  const failures: unknown[] = [];
  const open = (): FakeWindow => {
    const w = { id: windows.length + 1, open: true, received: [] };
    windows.push(w);
    return w;
  };
  const controller = createLockController<FakeWindow>({
    createWindow: async () => {
      // The old renderer is gone before the new one exists.
      expect(windows.filter((w) => w.open)).toHaveLength(0);
      return open();
    },
    closeWindow: (w) => {
      // Electron's window-all-closed fires here: the app must see a replacement under way.
      expect(controller.replacing()).toBe(true);
      w.open = false;
    },
    send: (w, channel) => w.received.push(channel),
    timers: clock.timers,
    graceMs,
    failed: (error) => failures.push(error),
  });
  controller.attach(open());
  return { controller, clock, windows, failures };
}

describe('lock controller: every lock replaces the renderer', () => {
  it('a lock from the renderer closes its window and opens a new one, after the IPC reply', async () => {
    const { controller, clock, windows } = setup();
    controller.answered('locked');
    expect(windows[0]!.open).toBe(true);
    expect(clock.waiting()).toEqual([0]);
    clock.runAll();
    await controller.settled();
    expect(windows.map((w) => [w.id, w.open])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(controller.current()).toBe(windows[1]);
    expect(controller.replacing()).toBe(false);
  });

  it('a lock from main asks the renderer, and replaces it at once when it answers', async () => {
    const { controller, clock, windows } = setup();
    controller.lockFromMain();
    expect(windows[0]!.received).toEqual([LOCK_EVENT]);
    expect(clock.waiting()).toEqual([1500]);
    controller.answered('locked');
    expect(clock.waiting()).toEqual([0]);
    clock.runAll();
    await controller.settled();
    expect(windows.map((w) => w.open)).toEqual([false, true]);
  });

  it('a lock from main replaces a renderer that never answers, once the grace time is up', async () => {
    const { controller, clock, windows } = setup(2000);
    controller.lockFromMain();
    controller.lockFromMain();
    expect(windows[0]!.received).toEqual([LOCK_EVENT]);
    expect(clock.waiting()).toEqual([2000]);
    clock.runAll();
    await controller.settled();
    expect(windows.map((w) => w.open)).toEqual([false, true]);
    expect(controller.current()).toBe(windows[1]);
  });

  it('an idle lock begun by the renderer (drafts to seal) waits for its answer, at most the grace time', async () => {
    const { controller, clock, windows } = setup(1500);
    controller.begins();
    controller.begins();
    // Nothing is sent: the renderer began this lock itself.
    expect(windows[0]!.received).toEqual([]);
    expect(clock.waiting()).toEqual([1500]);
    // Its drafts sealed and written, keys zeroed: replaced at once.
    controller.answered('locked');
    expect(clock.waiting()).toEqual([0]);
    clock.runAll();
    await controller.settled();
    expect(windows.map((w) => w.open)).toEqual([false, true]);

    // A renderer that begins a lock and never answers is replaced once the grace time is up.
    controller.begins();
    expect(clock.waiting()).toEqual([1500]);
    clock.runAll();
    await controller.settled();
    expect(windows.map((w) => w.open)).toEqual([false, false, true]);
  });

  it('an idle lock cannot be kept: "kept" answers only main’s own request', async () => {
    const { controller, clock, windows } = setup();
    controller.begins();
    controller.answered('kept');
    expect(clock.waiting()).toEqual([1500]);
    clock.runAll();
    await controller.settled();
    expect(windows.map((w) => w.open)).toEqual([false, true]);
  });

  it('"kept" (lock on suspend turned off) cancels only main’s own request', async () => {
    const { controller, clock, windows } = setup();
    controller.lockFromMain();
    controller.answered('kept');
    expect(clock.waiting()).toEqual([]);
    expect(windows.map((w) => w.open)).toEqual([true]);

    controller.answered('locked');
    controller.answered('kept');
    clock.runAll();
    await controller.settled();
    expect(windows.map((w) => w.open)).toEqual([false, true]);
  });

  it('a second lock during a replacement does not replace twice; a failed replacement is reported', async () => {
    const { controller, clock, windows } = setup();
    controller.answered('locked');
    clock.runAll();
    controller.answered('locked');
    controller.lockFromMain();
    clock.runAll();
    await controller.settled();
    expect(windows).toHaveLength(2);

    const failures: unknown[] = [];
    const broken = createLockController<FakeWindow>({
      createWindow: () => Promise.reject(new Error('no display')),
      closeWindow: () => undefined,
      send: () => undefined,
      timers: clock.timers,
      graceMs: 10,
      failed: (error) => failures.push(error),
    });
    broken.attach({ id: 9, open: true, received: [] });
    broken.answered('locked');
    clock.runAll();
    await broken.settled();
    expect(failures).toEqual([new Error('no display')]);
  });

  it('suspend and screen lock reach the controller; the renderer answers on session.locked', async () => {
    const { controller, clock, windows } = setup();
    const power = new EventEmitter();
    const noBus = () => {
      throw new Error('no bus');
    };
    initializeLockSignals({ powerMonitor: power, platform: 'linux', buses: { system: noBus, session: noBus } }, () => controller.lockFromMain());
    power.emit('suspend');
    expect(windows[0]!.received).toEqual([LOCK_EVENT]);

    const table = mainTable(await mkdtemp(path.join(tmpdir(), 'ws-lock-')), scriptedDialogs({}).dialogs, {}, controller);
    expect(await dispatch(table, 'session.locked', { answer: 'locked' }, TRUSTED)).toEqual({ ok: true, value: {} });
    expect((await dispatch(table, 'session.locked', { answer: 'later' }, TRUSTED)).ok).toBe(false);
    clock.runAll();
    await controller.settled();
    expect(windows.map((w) => w.open)).toEqual([false, true]);

    // 'session.locking' starts the grace timer of a lock the renderer began (idle).
    expect(await dispatch(table, 'session.locking', { reason: 'idle' }, TRUSTED)).toEqual({ ok: true, value: {} });
    expect((await dispatch(table, 'session.locking', { reason: 'panic' }, TRUSTED)).ok).toBe(false);
    expect(clock.waiting()).toEqual([1500]);
  });
});
