import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { browserVaultDeps } from '../../vault/browser-deps';
import type { Session, VaultState } from '../../vault/session';
import { activeVault, type VaultDeps } from '../../vault/vault';
import { call } from '../../bridge';

/**
 * Where the app stands: no vault yet, locked, or unlocked with a session. Locking calls
 * session.lock() (keys zeroed, state dropped) and replaces the whole authenticated tree with the
 * unlock form, so no decrypted object survives in React state (docs/threat-model.md §6).
 */
export type Phase =
  | { kind: 'starting' }
  | { kind: 'failed'; message: string }
  | { kind: 'first-run' }
  | { kind: 'locked' }
  | { kind: 'unlocked'; session: Session };

interface SessionApi {
  phase: Phase;
  deps: VaultDeps | undefined;
  unlocked(session: Session): void;
  lock(options?: { panic?: boolean }): void;
  /** After a wipe or a restore: back to first run or the unlock form, as the device now stands. */
  restart(): Promise<void>;
}

const Context = createContext<SessionApi | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [deps, setDeps] = useState<VaultDeps>();
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const phaseRef = useRef(phase);
  useEffect(() => {
    phaseRef.current = phase;
  }, [phase]);

  useEffect(() => {
    let cancelled = false;
    browserVaultDeps()
      .then(async (d) => {
        const row = await activeVault(d.db);
        if (cancelled) return;
        setDeps(d);
        setPhase(row ? { kind: 'locked' } : { kind: 'first-run' });
      })
      .catch((error: Error) => !cancelled && setPhase({ kind: 'failed', message: error.message }));
    return () => {
      cancelled = true;
    };
  }, []);

  const unlocked = useCallback((session: Session) => setPhase({ kind: 'unlocked', session }), []);

  const lock = useCallback(
    (options: { panic?: boolean } = {}) => {
      const current = phaseRef.current;
      if (current.kind === 'unlocked') {
        const { session } = current;
        // Panic drops the keys this instant; an ordinary lock first records itself in the audit chain.
        if (options.panic) session.lock();
        else void session.recordAudit('vault.lock', {}).catch(() => undefined).finally(() => session.lock());
        setPhase({ kind: 'locked' });
        // The next person to unlock (or a duress decoy) starts at the dashboard, not where this one was.
        window.history.replaceState(null, '', '#/');
      }
      deps?.kdf.dispose();
      if (options.panic) void call('clipboardClear', {}).catch(() => undefined);
    },
    [deps],
  );

  const restart = useCallback(async () => {
    if (!deps) return;
    const current = phaseRef.current;
    if (current.kind === 'unlocked') current.session.lock();
    deps.kdf.dispose();
    setPhase((await activeVault(deps.db)) ? { kind: 'locked' } : { kind: 'first-run' });
  }, [deps]);

  const api = useMemo(() => ({ phase, deps, unlocked, lock, restart }), [phase, deps, unlocked, lock, restart]);
  return <Context.Provider value={api}>{children}</Context.Provider>;
}

export function useSessionApi(): SessionApi {
  const api = useContext(Context);
  if (!api) throw new Error('useSessionApi outside SessionProvider');
  return api;
}

/** The unlocked session; only rendered inside the authenticated tree. */
export function useSession(): Session {
  const { phase } = useSessionApi();
  if (phase.kind !== 'unlocked') throw new Error('useSession while locked');
  return phase.session;
}

/** The decrypted state, re-rendering on every change. */
export function useVaultState(): VaultState {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}
