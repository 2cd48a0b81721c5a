import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageOf } from '../../core/language';
import { WrongPassphraseError } from '../../core/crypto/slots';
import { useSessionApi } from '../session/SessionContext';

/**
 * On the first-run and unlock screens: "Practise with invented people" opens the practice vault
 * (made and filled on first use), and "Reset practice" destroys it in one step. Neither touches the
 * real vault (docs/operators.md, "Practice mode").
 */
export function PracticeEntry() {
  const { t, i18n } = useTranslation();
  const { enterPractice, resetPractice } = useSessionApi();
  const [busy, setBusy] = useState<'opening' | 'resetting'>();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ alert: boolean; text: string }>();

  async function open() {
    setBusy('opening');
    setMessage(undefined);
    try {
      await enterPractice(languageOf(i18n.language));
    } catch (error) {
      setMessage({ alert: true, text: t(error instanceof WrongPassphraseError ? 'practice.passphraseChanged' : 'practice.openFailed') });
      setBusy(undefined);
    }
  }

  async function reset() {
    setBusy('resetting');
    setConfirming(false);
    try {
      await resetPractice();
      setMessage({ alert: false, text: t('practice.resetDone') });
    } catch {
      setMessage({ alert: true, text: t('practice.resetFailed') });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <section className="practice-entry" aria-labelledby="practice-entry-title">
      <h2 id="practice-entry-title">{t('practice.entryTitle')}</h2>
      <p className="hint">{t('practice.entryHint')}</p>
      {busy === 'opening' ? (
        <p className="busy" role="status">
          <progress aria-label={t('practice.opening')} /> {t('practice.opening')}
        </p>
      ) : (
        <div className="actions">
          <button type="button" className="secondary" onClick={() => void open()} disabled={busy !== undefined}>
            {t('practice.enter')}
          </button>
          <button type="button" className="link" onClick={() => setConfirming(true)} disabled={busy !== undefined}>
            {t('practice.reset')}
          </button>
        </div>
      )}
      {confirming && (
        <div className="card confirm" role="group" aria-label={t('practice.reset')}>
          <p>{t('practice.resetConfirm')}</p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void reset()}>
              {t('practice.resetYes')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('practice.cancel')}
            </button>
          </div>
        </div>
      )}
      {message && <p role={message.alert ? 'alert' : 'status'}>{message.text}</p>}
    </section>
  );
}
