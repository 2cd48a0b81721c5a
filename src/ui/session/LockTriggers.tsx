import { useEffect } from 'react';
import { onLockRequest } from '../../bridge';
import { useSessionApi, useVaultState } from './SessionContext';

/** Ctrl+Shift+L (Cmd+Shift+L on macOS): lock now, clear the clipboard, show only the unlock form. */
export function isPanicShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): boolean {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'l';
}

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * The four lock triggers besides the Lock button (docs/threat-model.md §6): idle timeout (settings, default
 * 5 min), the panic shortcut, and main's "lock now" on system suspend or screen lock.
 */
export function LockTriggers() {
  const { lock } = useSessionApi();
  const { settings, security } = useVaultState();
  const idleMs = settings.idleLockMinutes * 60_000;

  useEffect(() => {
    let timer = setTimeout(() => lock(), idleMs);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(() => lock(), idleMs);
    };
    for (const type of ACTIVITY) window.addEventListener(type, reset, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, reset, { capture: true });
    };
  }, [idleMs, lock]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isPanicShortcut(event)) return;
      event.preventDefault();
      lock({ panic: true });
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [lock]);

  // An admin may turn "lock on suspend" off (admin settings).
  useEffect(() => (security.lockOnSuspend ? onLockRequest(() => lock()) : undefined), [lock, security.lockOnSuspend]);
  return null;
}
