import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { makeBridge } from '../../../electron/preload/bridge';
import { CHANNELS, LOCK_EVENT } from '../../../src/core/channels';

/** ipcRenderer as far as the bridge uses it: invoke is recorded, `on` listeners get an event first. */
function fakeIpc() {
  const invoked: [string, unknown][] = [];
  const events = new EventEmitter();
  return {
    invoked,
    send: (channel: string) => events.emit(channel, { sender: 'ipcRenderer' }),
    count: (channel: string) => events.listenerCount(channel),
    ipc: {
      invoke: async (channel: string, request: unknown) => void invoked.push([channel, request]),
      on: (channel: string, listener: (...args: unknown[]) => void) => events.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => events.removeListener(channel, listener),
    },
  };
}

describe('the preload bridge', () => {
  it('has one function per channel, each invoking its own channel, and onLockRequest', async () => {
    const { ipc, invoked } = fakeIpc();
    const bridge = makeBridge(ipc) as unknown as Record<string, (request: unknown) => Promise<unknown>>;
    expect(Object.keys(bridge).sort()).toEqual([...Object.keys(CHANNELS), 'onLockRequest'].sort());
    for (const [name, channel] of Object.entries(CHANNELS)) {
      await bridge[name]!({ name });
      expect(invoked.at(-1)).toEqual([channel, { name }]);
    }
  });

  it("passes main's lock request on without Electron's event, until unsubscribed", () => {
    const { ipc, send, count } = fakeIpc();
    const calls: unknown[][] = [];
    const unsubscribe = makeBridge(ipc).onLockRequest((...args: unknown[]) => calls.push(args));
    send(LOCK_EVENT);
    expect(calls).toEqual([[]]);
    unsubscribe();
    send(LOCK_EVENT);
    expect(calls).toHaveLength(1);
    expect(count(LOCK_EVENT)).toBe(0);
  });
});
