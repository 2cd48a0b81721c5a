import type { WaystationBridge } from '../../src/core/api';
import { CHANNELS, LOCK_EVENT } from '../../src/core/channels';

/** The part of Electron's ipcRenderer the bridge uses (injected, so the e2e harness can stand in for it). */
export interface IpcRendererLike {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(channel: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * `window.waystation`: one function per channel of CHANNELS plus onLockRequest, and nothing else of
 * Electron. The page never sees an IpcRendererEvent (its `sender` is ipcRenderer itself).
 */
export function makeBridge(ipc: IpcRendererLike): WaystationBridge {
  const bridge: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(CHANNELS)) {
    bridge[name] = (request: unknown) => ipc.invoke(channel, request);
  }
  bridge.onLockRequest = (listener: () => void) => {
    const wrapped = () => listener();
    ipc.on(LOCK_EVENT, wrapped);
    return () => void ipc.removeListener(LOCK_EVENT, wrapped);
  };
  return bridge as WaystationBridge;
}
