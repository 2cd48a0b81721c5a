import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Language } from '../../core/language';
import type { Profile } from '../../core/practice/profile';
import { browserVaultDeps } from '../../vault/browser-deps';
import { openPractice, resetPractice } from '../../vault/practice';
import type { Session, VaultState } from '../../vault/session';
import { activeVault, type VaultDeps } from '../../vault/services/deps';
import { call } from '../../bridge';
import { sealDrafts } from '../../vault/drafts';
import { draftRegistry } from '../drafts/registry';

/**
 * Where the app stands. Every phase that holds a key is a session phase, and every lock trigger
 * reaches all of them (docs/security.md, "Locking"):
 * - 'created': first run, the recovery key sheet of a vault just made;
 * - 'must-change': opened with the recovery key, shares or a one-time passphrase: the only thing
 *   it allows is choosing a passphrase (it decrypts no identity);
 * - 'unlocked': the app.
 * lock() zeroes the session's keys at once, shows the unlock form, records the lock, then asks main
 * to replace this renderer process, because JavaScript cannot zero the strings it held.
 */
export type Phase =
  | { kind: 'starting' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'first-run' }
  | { kind: 'locked' }
  | { kind: 'created'; session: Session; recoveryCode: string }
  | { kind: 'must-change'; session: Session }
  | { kind: 'unlocked'; session: Session };

export type LockTrigger = 'button' | 'panic' | 'idle' | 'main';

interface SessionApi {
  phase: Phase;
  /** The deps of the vault in use: the practice vault's in practice mode (docs/operators.md, "Practice mode"). */
  deps: VaultDeps | undefined;
  profile: Profile;
  /** Opens the practice vault (made and filled with invented people on first use); any lock leaves it. */
  enterPractice(language: Language): Promise<void>;
  /** Destroys the practice database and key files; the real vault is not touched. */
  resetPractice(): Promise<void>;
  /**
   * Starts an unlock: the returned function hands its session to the app, unless a lock came in
   * between (then the session is locked instead).
   */
  beginUnlock(): (session: Session, recoveryCode?: string) => void;
  /** A session replaces the current one (key rotation); refused when the app was locked meanwhile. */
  unlocked(session: Session): void;
  lock(trigger: LockTrigger): void;
  /** After a wipe or a restore: back to first run or the unlock form, as the device now stands. */
  restart(): Promise<void>;
  /**
   * After a failed unlock: when the wipe guard has just destroyed the vault, first run at once,
   * with no word about it (true); otherwise false, and the form says what it says after any failure.
   */
  wipedByGuard(): Promise<boolean>;
}

const Context = createContext<SessionApi | undefined>(undefined);

/** The session a phase holds, if any. */
export function sessionOf(phase: Phase): Session | undefined {
  return 'session' in phase ? phase.session : undefined;
}

/** How long a lock waits for its audit entry to be written before asking for a new renderer. */
const RECORD_WAIT_MS = 1000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [realDeps, setDeps] = useState<VaultDeps>();
  const [practiceDeps, setPracticeDeps] = useState<VaultDeps>();
  const [profile, setProfile] = useState<Profile>('real');
  const deps = profile === 'practice' ? practiceDeps : realDeps;
  const [phase, setPhaseState] = useState<Phase>({ kind: 'starting' });
  // Read by lock triggers between renders; updated synchronously so two triggers cannot both act.
  const phaseRef = useRef(phase);
  const epoch = useRef(0);
  const setPhase = useCallback((next: Phase) => {
    phaseRef.current = next;
    setPhaseState(next);
  }, []);

  useEffect(() => {
    let cancelled = false;
    browserVaultDeps()
      .then(async (d) => {
        const row = await activeVault(d.db);
        if (cancelled) return;
        setDeps(d);
        setPhase(row ? { kind: 'locked' } : { kind: 'first-run' });
      })
      .catch((error: unknown) => !cancelled && setPhase({ kind: 'failed', error }));
    return () => {
      cancelled = true;
    };
  }, [setPhase]);

  const beginUnlock = useCallback(() => {
    const since = epoch.current;
    return (session: Session, recoveryCode?: string) => {
      if (since !== epoch.current) return session.lock();
      if (recoveryCode !== undefined) setPhase({ kind: 'created', session, recoveryCode });
      else setPhase(session.mustSetPassphrase ? { kind: 'must-change', session } : { kind: 'unlocked', session });
    };
  }, [setPhase]);

  const unlocked = useCallback(
    (session: Session) => {
      if (!sessionOf(phaseRef.current)) return session.lock();
      setPhase(session.mustSetPassphrase ? { kind: 'must-change', session } : { kind: 'unlocked', session });
    },
    [setPhase],
  );

  // The real vault's gate (unlock or first run), as the device now stands.
  const leavePractice = useCallback(async () => {
    setProfile('real');
    setPhase({ kind: 'starting' });
    if (realDeps) setPhase((await activeVault(realDeps.db)) ? { kind: 'locked' } : { kind: 'first-run' });
  }, [realDeps, setPhase]);

  const lock = useCallback(
    (trigger: LockTrigger) => {
      const session = sessionOf(phaseRef.current);
      epoch.current += 1;
      // Main asked (suspend, screen lock), and an admin turned that off: keep the session.
      if (trigger === 'main' && session && !session.security.get().lockOnSuspend) {
        void call('sessionLocked', { answer: 'kept' }).catch(() => undefined);
        return;
      }
      // An idle or suspend lock first seals the open forms' unsaved input into the vault (sealed now,
      // with the lock's audit entry, written afterwards); a button or panic lock discards it.
      const keepsDrafts = trigger === 'idle' || trigger === 'main';
      if (trigger === 'idle' && session) void call('sessionLocking', { reason: 'idle' }).catch(() => undefined);
      const drafts = session && deps && keepsDrafts ? sealDrafts(deps.sodium, session, draftRegistry.unsaved()) : [];
      draftRegistry.discardAll();
      // Keys zeroed and the unlock form shown now; the audit entry and drafts are written afterwards.
      const recorded = session ? session.lockAndRecord('vault.lock', {}, drafts).catch(() => undefined) : Promise.resolve();
      deps?.kdf.dispose();
      // Leaving practice is a lock, back to the real vault's own screen.
      if (profile === 'practice') void leavePractice();
      else if (session) setPhase({ kind: 'locked' });
      // The next person to unlock (or a duress decoy) starts at the dashboard, not where this one was.
      window.history.replaceState(null, '', '#/');
      // Main clears the clipboard only if it still holds the app's copy (electron/main/clipboard.ts).
      void call('clipboardClear', {}).catch(() => undefined);
      const waited = new Promise<void>((resolve) => setTimeout(resolve, RECORD_WAIT_MS));
      void Promise.race([recorded, waited]).then(() => call('sessionLocked', { answer: 'locked' }).catch(() => undefined));
    },
    [deps, profile, leavePractice, setPhase],
  );

  const restart = useCallback(async () => {
    if (!deps) return;
    epoch.current += 1;
    sessionOf(phaseRef.current)?.lock();
    deps.kdf.dispose();
    if (profile === 'practice') return leavePractice();
    setPhase((await activeVault(deps.db)) ? { kind: 'locked' } : { kind: 'first-run' });
  }, [deps, profile, leavePractice, setPhase]);

  const practice = useCallback(async () => practiceDeps ?? (await browserVaultDeps('practice')), [practiceDeps]);

  const enterPractice = useCallback(
    async (language: Language) => {
      const since = epoch.current;
      const d = await practice();
      setPracticeDeps(d);
      const seed = crypto.getRandomValues(new Uint32Array(1))[0]!;
      const session = await openPractice(d, language, seed);
      if (since !== epoch.current) return session.lock();
      setProfile('practice');
      setPhase({ kind: 'unlocked', session });
    },
    [practice, setPhase],
  );

  const resetPracticeData = useCallback(async () => {
    const d = await practice();
    setPracticeDeps(d);
    await resetPractice(d);
  }, [practice]);

  const wipedByGuard = useCallback(async () => {
    if (!deps || (await activeVault(deps.db))) return false;
    await restart();
    return true;
  }, [deps, restart]);

  const api = useMemo(
    () => ({ phase, deps, profile, enterPractice, resetPractice: resetPracticeData, beginUnlock, unlocked, lock, restart, wipedByGuard }),
    [phase, deps, profile, enterPractice, resetPracticeData, beginUnlock, unlocked, lock, restart, wipedByGuard],
  );
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

/** The decrypted state of a session, re-rendering on every change. */
export function useStateOf(session: Session): VaultState {
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

/** The decrypted state of the unlocked session. */
export function useVaultState(): VaultState {
  return useStateOf(useSession());
}
