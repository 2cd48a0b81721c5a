import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { wipeDevice } from '../../../vault/services/wipe';
import { useSessionApi, useSession } from '../../session/SessionContext';
import { AdminNav, Working } from './common';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';

/** "Destroy this vault": keys first, then the data, then main clears the storage; back to first run. */
export function WipeScreen() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const { deps, restart } = useSessionApi();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const word = t('admin.wipe.word');
  const matches = typed.trim().toLocaleUpperCase() === word.toLocaleUpperCase();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps || !matches || busy) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await wipeDevice(deps, session);
      await restart();
    } catch (error) {
      setRefusal(refusalOf(error));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <AdminNav />
      <h1 id={`${id}-title`}>{t('admin.wipe.title')}</h1>
      <p>{t('admin.wipe.intro')}</p>
      <ol>
        <li>{t('admin.wipe.step1')}</li>
        <li>{t('admin.wipe.step2')}</li>
        <li>{t('admin.wipe.step3')}</li>
      </ol>
      <p className="warning">{t('admin.wipe.final')}</p>
      <form className="card confirm" onSubmit={submit} noValidate aria-labelledby={`${id}-form`}>
        <h2 id={`${id}-form`}>{t('admin.wipe.formTitle')}</h2>
        <div className="field">
          <label htmlFor={`${id}-word`}>{t('admin.wipe.type', { word })}</label>
          <input id={`${id}-word`} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
        {refusal && <RefusalNote refusal={refusal} />}
        {busy ? (
          <Working />
        ) : (
          <button type="submit" className="danger" disabled={!matches}>
            {t('admin.wipe.button')}
          </button>
        )}
      </form>
    </section>
  );
}
