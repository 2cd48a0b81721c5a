import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../bridge';
import { MINIMAL_PROFILE, recipientId, recipientKind, SENSITIVE_FIELDS, type ExportProfile } from '../../../core/handoff';
import { languageOf } from '../../../core/language';
import type { Partner } from '../../../core/model/partner';
import {
  HandoffInputError,
  inGroups,
  keyFingerprint,
  markPartnerVerified,
  orgPublicKeys,
  savePartner,
  type OrgPublicKeys,
} from '../../../vault/handoff';
import { draftRegistry } from '../../drafts/registry';
import { useDraft } from '../../drafts/useDraft';
import { useSession, useVaultState } from '../../session/SessionContext';
import { PracticePartnerKey } from '../../practice/PracticePartnerKey';
import { HandoffNav, KeyText } from './common';
import { describeError } from '../../errors/describe';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { useFormat } from '../../operations/useFormat';

/** Partners (name, keys, export profile, out-of-band check) and the organisation's own public keys. */
export function PartnersScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const vault = useVaultState();
  // A partner draft the user chose to continue opens its editor (its values follow in PartnerEditor).
  const [editing, setEditing] = useState<string | 'new' | undefined>(() => {
    const waiting = draftRegistry.waitingFor('partner');
    return waiting && (waiting.target ?? 'new');
  });
  const partners = [...vault.partners.values()].sort((a, b) => a.name.localeCompare(b.name));
  const current = editing === undefined || editing === 'new' ? undefined : vault.partners.get(editing);

  return (
    <section aria-labelledby="partners-title">
      <HandoffNav />
      <h1 id="partners-title">{t('handoff.partners.title')}</h1>
      <OrgKeysCard />

      <h2 id="partners-list">{t('handoff.partners.listTitle')}</h2>
      {partners.length === 0 ? (
        <p>{t('handoff.partners.none')}</p>
      ) : (
        <table className="handoff-table" aria-labelledby="partners-list">
          <thead>
            <tr>
              <th scope="col">{t('handoff.partners.name')}</th>
              <th scope="col">{t('handoff.partners.keys')}</th>
              <th scope="col">{t('handoff.partners.verified')}</th>
              <th scope="col">
                <span className="handoff-hidden">{t('handoff.partners.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {partners.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{keySummary(t, p)}</td>
                <td>{p.verified ? t('handoff.partners.verifiedOn', { date: format.day(p.verified.at) }) : t('handoff.partners.notVerified')}</td>
                <td>
                  <button type="button" className="secondary" onClick={() => setEditing(p.id)} aria-label={t('handoff.partners.editNamed', { name: p.name })}>
                    {t('handoff.partners.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing === undefined ? (
        <div className="actions">
          <button type="button" onClick={() => setEditing('new')}>
            {t('handoff.partners.add')}
          </button>
        </div>
      ) : (
        <PartnerEditor key={editing} partner={current} onDone={(saved) => setEditing(saved?.id)} onClose={() => setEditing(undefined)} />
      )}
      <PracticePartnerKey partners={partners} />
    </section>
  );
}

function keySummary(t: ReturnType<typeof useTranslation>['t'], p: Partner): string {
  const parts: string[] = [];
  const recipients = p.recipients ?? [];
  if (recipients.length > 0) {
    parts.push(t(recipientKind(recipients[0]!) === 'post-quantum' ? 'handoff.partners.recipientsPq' : 'handoff.partners.recipientsX25519', { n: recipients.length }));
  }
  if (p.signingKey) parts.push(t('handoff.partners.signingKeyPinned'));
  return parts.length > 0 ? parts.join('; ') : t('handoff.partners.noKeys');
}

/** The organisation's public keys, to read over the phone or hand over as files. */
function OrgKeysCard() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const vault = useVaultState();
  const [keys, setKeys] = useState<OrgPublicKeys>();
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string }>();
  const [refusal, setRefusal] = useState<Refusal>();

  useEffect(() => {
    orgPublicKeys(session).then(setKeys, (error: unknown) => setRefusal(refusalOf(error)));
  }, [session, t]);

  async function saveFile(kind: 'age-recipient' | 'minisign') {
    if (!keys) return;
    setMessage(undefined);
    setRefusal(undefined);
    try {
      const text = kind === 'age-recipient' ? keys.ageRecipient : keys.minisignPublicKey;
      const result = await call('handoffSavePublicKey', { kind, text, language: languageOf(i18n.language) });
      if (result.status === 'saved') setMessage({ kind: 'status', text: t('handoff.orgKeys.saved', { path: result.path }) });
      else setMessage({ kind: 'status', text: t('handoff.cancelled') });
    } catch (error) {
      setRefusal(refusalOf(error));
    }
  }

  async function copy(text: string) {
    try {
      await call('clipboardCopy', { text, clearAfterSeconds: vault.settings.clipboardClearSeconds });
      setMessage({ kind: 'status', text: t('handoff.orgKeys.copied') });
    } catch (error) {
      setRefusal(refusalOf(error));
    }
  }

  const keyLine = keys?.minisignPublicKey.split('\n')[1] ?? '';
  return (
    <div className="card" role="group" aria-labelledby="org-keys-title">
      <h2 id="org-keys-title">{t('handoff.orgKeys.title')}</h2>
      <p>{t('handoff.orgKeys.explain')}</p>
      {refusal && <RefusalNote refusal={refusal} />}
      {keys && (
        <>
          <dl className="facts">
            <dt>{t('handoff.orgKeys.ageRecipient')}</dt>
            <dd data-testid="org-age-recipient">
              <KeyText>{keys.ageRecipient}</KeyText>
            </dd>
            <dt>{t('handoff.orgKeys.signingKey')}</dt>
            <dd data-testid="org-signing-key">
              <KeyText>{keyLine}</KeyText>
            </dd>
            <dt>{t('handoff.orgKeys.fingerprint')}</dt>
            <dd data-testid="org-fingerprint">
              <KeyText>{inGroups(keys.fingerprint)}</KeyText>
            </dd>
          </dl>
          <p className="hint">{t('handoff.orgKeys.readAloud')}</p>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => void saveFile('age-recipient')}>
              {t('handoff.orgKeys.saveAge')}
            </button>
            <button type="button" className="secondary" onClick={() => void saveFile('minisign')}>
              {t('handoff.orgKeys.saveSigning')}
            </button>
            <button type="button" className="secondary" onClick={() => void copy(`${keys.ageRecipient}\n${keys.minisignPublicKey}`)}>
              {t('handoff.orgKeys.copy')}
            </button>
          </div>
        </>
      )}
      {message && <p role={message.kind}>{message.text}</p>}
    </div>
  );
}

type FieldName = 'name' | 'recipients' | 'signingKey';

/** Add or edit one partner; once saved with keys, the out-of-band check below the form. */
function PartnerEditor({ partner, onDone, onClose }: { partner: Partner | undefined; onDone(saved: Partner | undefined): void; onClose(): void }) {
  const { t } = useTranslation();
  const session = useSession();
  const id = useId();
  const [name, setName] = useState(partner?.name ?? '');
  const [contact, setContact] = useState(partner?.contact ?? '');
  const [recipients, setRecipients] = useState((partner?.recipients ?? []).join('\n'));
  const [signingKey, setSigningKey] = useState(partner?.signingKey ?? '');
  const [profile, setProfile] = useState<ExportProfile>(partner?.exportProfile ?? MINIMAL_PROFILE);
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  useDraft('partner', partner?.id, { name, contact, recipients, signingKey, profile }, (d) => {
    setName(d.name);
    setContact(d.contact);
    setRecipients(d.recipients);
    setSigningKey(d.signingKey);
    setProfile(d.profile);
  });
  const [refusal, setRefusal] = useState<Refusal>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setSaved(false);
    setRefusal(undefined);
    if (name.trim() === '') {
      setErrors({ name: t('handoff.partners.nameRequired') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await savePartner(session, {
        ...(partner && { id: partner.id }),
        name,
        contact,
        recipients: recipients.split('\n'),
        signingKey,
        exportProfile: profile,
      });
      setSaved(true);
      onDone(result);
    } catch (error) {
      if (error instanceof HandoffInputError && (error.reason === 'bad-recipients' || error.reason === 'bad-signing-key')) {
        setErrors({ [error.reason === 'bad-recipients' ? 'recipients' : 'signingKey']: describeError(t, error) });
      } else setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  const described = (field: FieldName, hint = false) => [hint ? `${id}-${field}-hint` : '', errors[field] ? `${id}-${field}-error` : ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: FieldName) =>
    errors[field] && (
      <p className="handoff-field-error" id={`${id}-${field}-error`}>
        {errors[field]}
      </p>
    );

  return (
    <div className="card">
      <form onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
        <h2 id={`${id}-title`}>{partner ? t('handoff.partners.editTitle', { name: partner.name }) : t('handoff.partners.addTitle')}</h2>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('handoff.partners.name')}</label>
          <input id={`${id}-name`} autoComplete="off" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} aria-describedby={described('name')} />
          {fieldError('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-contact`}>{t('handoff.partners.contact')}</label>
          <textarea id={`${id}-contact`} autoComplete="off" rows={2} maxLength={300} value={contact} onChange={(e) => setContact(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-recipients`}>{t('handoff.partners.recipients')}</label>
          <textarea
            id={`${id}-recipients`}
            autoComplete="off"
            className="key-input"
            rows={3}
            spellCheck={false}
            value={recipients}
            onChange={(e) => setRecipients(e.target.value)}
            aria-invalid={!!errors.recipients}
            aria-describedby={described('recipients', true)}
          />
          <p className="hint" id={`${id}-recipients-hint`}>
            {t('handoff.partners.recipientsHint')}
          </p>
          {fieldError('recipients')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-signing`}>{t('handoff.partners.signingKey')}</label>
          <textarea
            id={`${id}-signing`}
            autoComplete="off"
            className="key-input"
            rows={2}
            spellCheck={false}
            value={signingKey}
            onChange={(e) => setSigningKey(e.target.value)}
            aria-invalid={!!errors.signingKey}
            aria-describedby={described('signingKey', true)}
          />
          <p className="hint" id={`${id}-signingKey-hint`}>
            {t('handoff.partners.signingKeyHint')}
          </p>
          {fieldError('signingKey')}
        </div>
        <fieldset className="handoff-fieldset">
          <legend>{t('handoff.partners.profile')}</legend>
          <p className="hint">{t('handoff.partners.profileAlways')}</p>
          {SENSITIVE_FIELDS.map((field) => (
            <label key={field} className="handoff-check">
              <input type="checkbox" checked={profile[field]} onChange={(e) => setProfile({ ...profile, [field]: e.target.checked })} />{' '}
              {t('handoff.partners.mayReceive', { field: t(`handoff.fields.${field}`) })}
            </label>
          ))}
        </fieldset>
        {partner?.verified && <p className="hint">{t('handoff.partners.keyChangeClears')}</p>}
        {refusal && <RefusalNote refusal={refusal} />}
        {saved && <p role="status">{t('handoff.partners.saved')}</p>}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('handoff.partners.save')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('handoff.partners.close')}
          </button>
        </div>
      </form>
      {partner && (partner.recipients?.length || partner.signingKey) && <VerifyPanel partner={partner} />}
    </div>
  );
}

/** What to compare with the partner over a second channel, and the mark that it was done. */
function VerifyPanel({ partner }: { partner: Partner }) {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const vault = useVaultState();
  const id = useId();
  const [fingerprint, setFingerprint] = useState<string>();
  const [recipientIds, setRecipientIds] = useState<string[]>([]);
  const [compared, setCompared] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();

  useEffect(() => {
    let live = true;
    void Promise.all([partner.signingKey ? keyFingerprint(partner.signingKey) : undefined, Promise.all((partner.recipients ?? []).map(recipientId))]).then(([f, ids]) => {
      if (!live) return;
      setFingerprint(f);
      setRecipientIds(ids);
    });
    return () => {
      live = false;
    };
  }, [partner]);

  async function verify() {
    setRefusal(undefined);
    try {
      await markPartnerVerified(session, partner.id, new Date());
      setCompared(false);
    } catch (error) {
      setRefusal(refusalOf(error));
    }
  }

  const verifier = partner.verified && (vault.users.get(partner.verified.by)?.name ?? partner.verified.by);
  return (
    <div role="group" aria-labelledby={`${id}-title`} className="handoff-verify">
      <h3 id={`${id}-title`}>{t('handoff.verify.title')}</h3>
      <p>{t('handoff.verify.explain', { name: partner.name })}</p>
      <dl className="facts">
        {(partner.recipients ?? []).map((r, i) => (
          <div key={r}>
            <dt>{t('handoff.verify.recipient', { n: i + 1 })}</dt>
            <dd>
              <KeyText>{r}</KeyText>
              {recipientIds[i] && <span className="hint"> {t('handoff.verify.recipientId', { id: inGroups(recipientIds[i]!) })}</span>}
            </dd>
          </div>
        ))}
        {fingerprint && (
          <div>
            <dt>{t('handoff.verify.fingerprint')}</dt>
            <dd data-testid="partner-fingerprint">
              <KeyText>{inGroups(fingerprint)}</KeyText>
            </dd>
          </div>
        )}
      </dl>
      {partner.verified ? (
        <p role="status">{t('handoff.verify.done', { date: format.day(partner.verified.at), name: verifier })}</p>
      ) : (
        <>
          <label className="handoff-check">
            <input type="checkbox" checked={compared} onChange={(e) => setCompared(e.target.checked)} /> {t('handoff.verify.confirm', { name: partner.name })}
          </label>
          <div className="actions">
            <button type="button" disabled={!compared} onClick={() => void verify()}>
              {t('handoff.verify.mark')}
            </button>
          </div>
        </>
      )}
      {refusal && <RefusalNote refusal={refusal} />}
    </div>
  );
}
