import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { rotateVaultKey } from '../../../vault/services/rotation';
import type { Session } from '../../../vault/session';
import { PassphraseInput } from '../../components/PassphraseInput';
import { useSessionApi, useSession } from '../../session/SessionContext';
import { AdminNav, OneTimePassphrase, Working } from './common';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { EMPTY_PROOF, proofOf, RecoveryProofFields, type ProofDraft } from './RecoveryProofFields';

interface Rotated {
  session: Session;
  grants: { name: string; passphrase: string }[];
  duressCleared: boolean;
  clearAfterSeconds: number;
}

/**
 * Rotate the vault key: everything re-sealed under new keys. The old session is locked by the
 * rotation; the new one is handed to the app only after the admin has seen the other users'
 * one-time passphrases (the app's tree is rebuilt for the new vault, which would drop them).
 */
export function RotateScreen() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const { deps, unlocked } = useSessionApi();
  const [passphrase, setPassphrase] = useState('');
  const [proof, setProof] = useState<ProofDraft>(EMPTY_PROOF);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [rotated, setRotated] = useState<Rotated>();
  const pending = useRef<Session>(undefined);
  // Locked or navigated away before continuing: the new session's keys must not linger in memory.
  useEffect(() => () => pending.current?.lock(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps || busy) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      const result = await rotateVaultKey(deps, session, { passphrase, recovery: proofOf(proof) });
      pending.current = result.session;
      setPassphrase('');
      setProof(EMPTY_PROOF);
      setRotated({
        session: result.session,
        grants: result.oneTimePassphrases.map((g) => ({ name: result.session.users.get(g.userId)?.name ?? g.userId, passphrase: g.passphrase })),
        duressCleared: result.duressCleared,
        clearAfterSeconds: result.session.settings.get().clipboardClearSeconds,
      });
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  function carryOn() {
    if (!rotated) return;
    pending.current = undefined;
    unlocked(rotated.session);
  }

  if (rotated) {
    return (
      <section aria-labelledby={`${id}-done`}>
        <h1 id={`${id}-done`}>{t('admin.rotate.doneTitle')}</h1>
        <p role="status">{t('admin.rotate.done', { n: rotated.grants.length })}</p>
        {rotated.grants.map((g) => (
          <div className="card" key={g.name + g.passphrase}>
            <OneTimePassphrase name={g.name} passphrase={g.passphrase} clearAfterSeconds={rotated.clearAfterSeconds} />
          </div>
        ))}
        {rotated.duressCleared && <p className="warning">{t('admin.rotate.duressCleared')}</p>}
        <button type="button" onClick={carryOn}>
          {t('admin.rotate.continue')}
        </button>
      </section>
    );
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <AdminNav />
      <h1 id={`${id}-title`}>{t('admin.rotate.title')}</h1>
      <p>{t('admin.rotate.intro')}</p>
      <ul>
        <li>{t('admin.rotate.what1')}</li>
        <li>{t('admin.rotate.what2')}</li>
        <li>{t('admin.rotate.what3')}</li>
        <li>
          {t('admin.rotate.what4')} <Link to="/admin/duress">{t('admin.nav.duress')}</Link>
        </li>
        <li>{t('admin.rotate.what5')}</li>
      </ul>
      <form className="card" onSubmit={submit} aria-labelledby={`${id}-form`} noValidate>
        <h2 id={`${id}-form`}>{t('admin.rotate.formTitle')}</h2>
        <PassphraseInput label={t('admin.rotate.yourPassphrase')} value={passphrase} onChange={setPassphrase} />
        <RecoveryProofFields value={proof} onChange={setProof} />
        {refusal && <RefusalNote refusal={refusal} />}
        {busy ? (
          <Working />
        ) : (
          <button type="submit" className="danger">
            {t('admin.rotate.button')}
          </button>
        )}
      </form>
    </section>
  );
}
