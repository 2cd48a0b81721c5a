import { initializeDBusLockSignals, type BusOpeners } from './dbus-lock-signals';

/**
 * System suspend and screen lock lock the app (docs/threat-model.md §6). Electron's powerMonitor reports
 * both on macOS and Windows but only suspend on Linux, so on Linux main also listens to logind and
 * the screensaver over D-Bus (dbus-lock-signals.ts). Every source calls the one `lockNow`; a lock
 * reported twice (suspend seen by both) is harmless.
 */
export interface PowerMonitorLike {
  on(event: 'suspend' | 'lock-screen', listener: () => void): unknown;
  off(event: 'suspend' | 'lock-screen', listener: () => void): unknown;
}

export interface LockSignalSources {
  powerMonitor: PowerMonitorLike;
  platform: string;
  buses: BusOpeners;
}

export function initializeLockSignals({ powerMonitor, platform, buses }: LockSignalSources, lockNow: () => void): () => void {
  const onSignal = () => lockNow();
  powerMonitor.on('suspend', onSignal);
  powerMonitor.on('lock-screen', onSignal);
  const closeBuses = platform === 'linux' ? initializeDBusLockSignals(buses, onSignal) : () => undefined;
  return () => {
    powerMonitor.off('suspend', onSignal);
    powerMonitor.off('lock-screen', onSignal);
    closeBuses();
  };
}
