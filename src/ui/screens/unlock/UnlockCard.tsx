import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DerivingKey } from '../../components/Busy';
import { describeError } from '../../errors/describe';
import { refusalOf, type Refusal } from '../../errors/RefusalNote';
import { useSessionApi } from '../../session/SessionContext';

/**
 * The frame the recovery-key, shares and new-passphrase forms share: a titled card, the problem as
 * an alert, then Argon2id progress while busy, else submit and cancel.
 */
export function UnlockCard(props: {
  title: string;
  intro?: string;
  /** Already worded: what went wrong with the last attempt. */
  problem: string | undefined;
  /** Shown under the problem (the shares form counts failed attempts there). */
  status?: ReactNode;
  busy: boolean;
  submitLabel: string;
  cancelLabel: string;
  onSubmit(): void;
  onCancel(): void;
  noValidate?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate={props.noValidate}>
      <h1 id={`${id}-title`}>{props.title}</h1>
      {props.intro && <p className="hint">{props.intro}</p>}
      {props.children}
      {props.problem && <p role="alert">{props.problem}</p>}
      {props.status}
      {props.busy ? (
        <DerivingKey />
      ) : (
        <div className="actions">
          <button type="submit">{props.submitLabel}</button>
          <button type="button" className="secondary" onClick={props.onCancel}>
            {props.cancelLabel}
          </button>
        </div>
      )}
    </form>
  );
}

type SessionApi = ReturnType<typeof useSessionApi>;
type Deps = NonNullable<SessionApi['deps']>;
type Session = Parameters<ReturnType<SessionApi['beginUnlock']>>[0];

/**
 * One attempt to open the vault with a recovery proof. On success the session moves on (to "set a
 * new passphrase"); on a refusal the problem is worded by its code and counted, unless the wipe
 * guard has just destroyed the vault (then first run shows at once).
 */
export function useRecoveryAttempt() {
  const { t } = useTranslation();
  const { deps, beginUnlock, wipedByGuard } = useSessionApi();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [failures, setFailures] = useState(0);

  async function attempt(open: (deps: Deps) => Promise<Session>) {
    if (!deps || busy) return;
    setBusy(true);
    setRefusal(undefined);
    const finish = beginUnlock();
    try {
      finish(await open(deps));
    } catch (error) {
      if (await wipedByGuard()) return;
      setRefusal(refusalOf(error));
      setFailures((n) => n + 1);
      setBusy(false);
    }
  }

  return { busy, failures, problem: refusal && describeError(t, refusal.error), attempt };
}
