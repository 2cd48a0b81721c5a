import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseRecoveryKey } from '../../../core/crypto/recovery-code';

/**
 * The recovery key is shown once. The user prints or writes it down and must type it back before
 * going on, so a vault is never left with a key nobody kept.
 */
export function RecoveryKeySheet({ code, onConfirmed }: { code: string; onConfirmed(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();

  function confirm(event: FormEvent) {
    event.preventDefault();
    try {
      const a = parseRecoveryKey(typed);
      const b = parseRecoveryKey(code);
      if (a.length === b.length && a.every((x, i) => x === b[i])) return onConfirmed();
      setError(t('unlock.recoveryMismatch'));
    } catch {
      setError(t('unlock.recoveryMistyped'));
    }
  }

  return (
    <form className="card narrow recovery-sheet" onSubmit={confirm} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('unlock.recoveryTitle')}</h1>
      <p>{t('unlock.recoveryIntro')}</p>
      <p className="recovery-code" data-testid="recovery-code" translate="no">
        {code}
      </p>
      <p className="hint">{t('unlock.recoveryStore')}</p>
      <button type="button" className="secondary no-print" onClick={() => window.print()}>
        {t('unlock.print')}
      </button>
      <div className="field no-print">
        <label htmlFor={`${id}-confirm`}>{t('unlock.recoveryConfirm')}</label>
        <input id={`${id}-confirm`} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
      </div>
      {error && (
        <p role="alert" className="no-print">
          {error}
        </p>
      )}
      <button type="submit" className="no-print">
        {t('unlock.recoveryDone')}
      </button>
    </form>
  );
}
