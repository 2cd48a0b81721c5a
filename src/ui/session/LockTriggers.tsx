import { useEffect } from 'react';
import { onLockRequest } from '../../bridge';
import type { Session } from '../../vault/session';
import { sessionOf, useSessionApi, useStateOf } from './SessionContext';

/** Ctrl+Shift+L (Cmd+Shift+L on macOS): lock now, clear the clipboard, show only the unlock form. */
export function isPanicShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): boolean {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'l';
}

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * The lock triggers besides the Lock button (docs/threat-model.md §6), mounted once above every phase: the
 * panic shortcut and main's "lock now" (suspend, screen lock) act in every phase (with no session
 * they still get this renderer replaced: a half-typed passphrase lives in it); the idle timeout
 * runs whenever a session is open, whatever screen it shows.
 */
export function LockTriggers() {
  const { lock, phase } = useSessionApi();
  const session = sessionOf(phase);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isPanicShortcut(event)) return;
      event.preventDefault();
      lock('panic');
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [lock]);

  useEffect(() => onLockRequest(() => lock('main')), [lock]);

  return session ? <IdleLock key={session.vaultId} session={session} lock={lock} /> : null;
}

/** Locks after the admin's idle minutes (settings, default 5) without a key, click or touch. */
function IdleLock({ session, lock }: { session: Session; lock(trigger: 'idle'): void }) {
  const { settings } = useStateOf(session);
  const idleMs = settings.idleLockMinutes * 60_000;

  useEffect(() => {
    let timer = setTimeout(() => lock('idle'), idleMs);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(() => lock('idle'), idleMs);
    };
    for (const type of ACTIVITY) window.addEventListener(type, reset, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, reset, { capture: true });
    };
  }, [idleMs, lock]);
  return null;
}
