import { LOCK_EVENT } from '../../src/core/channels';

/**
 * System suspend and screen lock ask the renderer to lock (docs/threat-model.md §6). Electron's
 * powerMonitor and the window's send are injected so the rule is tested under Node.
 */
export interface PowerMonitorLike {
  on(event: 'suspend' | 'lock-screen', listener: () => void): unknown;
  off(event: 'suspend' | 'lock-screen', listener: () => void): unknown;
}

export function initializeLockSignals(powerMonitor: PowerMonitorLike, send: (channel: string) => void): () => void {
  const lockNow = () => send(LOCK_EVENT);
  powerMonitor.on('suspend', lockNow);
  powerMonitor.on('lock-screen', lockNow);
  return () => {
    powerMonitor.off('suspend', lockNow);
    powerMonitor.off('lock-screen', lockNow);
  };
}
