import { useId, useMemo, useState, type FormEvent } from 'react';
import { canExportTo } from '../../../core/practice/rules';
import { useTranslation } from 'react-i18next';
import { call } from '../../../bridge';
import { MINIMAL_PROFILE, SENSITIVE_FIELDS, type ExportProfile, type PersonRecord } from '../../../core/handoff';
import { languageOf } from '../../../core/language';
import type { Partner } from '../../../core/model/partner';
import type { Person } from '../../../core/model/person';
import {
  DEFAULT_EXPIRY_DAYS,
  exportCandidates,
  prepareExport,
  sendExport,
  type ExportCandidate,
  type ExportResponse,
  type PreparedExport,
} from '../../../vault/handoff';
import { OpeningIdentities } from '../../components/OpeningIdentities';
import { useSession, useVaultState } from '../../session/SessionContext';
import { OlderHistory } from '../../operations/OlderHistory';
import { personInArchive } from '../../../vault/history';
import { HandoffNav, KeyText } from './common';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { useFormat } from '../../operations/useFormat';

/**
 * Send a handoff: partner, people (consent to that partner shown and required), the sensitive fields
 * for this export (only those the partner's profile allows), expiry; then a preview of exactly the
 * records that will leave, then sign here and let main encrypt and save.
 */
export function SendScreen() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const vault = useVaultState();
  const id = useId();
  // In practice only the practice partner, in the real vault never it (core/practice/rules.ts).
  const partners = useMemo(
    () => [...vault.partners.values()].filter((p) => p.recipients?.length && canExportTo(session.profile, p)).sort((a, b) => a.name.localeCompare(b.name)),
    [vault, session],
  );
  const [partnerId, setPartnerId] = useState('');
  const partner = vault.partners.get(partnerId);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [profile, setProfile] = useState<ExportProfile>(MINIMAL_PROFILE);
  const [days, setDays] = useState(String(DEFAULT_EXPIRY_DAYS));
  const [senderName, setSenderName] = useState('');
  const [prepared, setPrepared] = useState<PreparedExport>();
  const [refusal, setRefusal] = useState<Refusal>();
  const [result, setResult] = useState<Extract<ExportResponse, { status: 'saved' }>>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const now = useMemo(() => new Date(), []);
  const candidates = useMemo(() => (partner ? exportCandidates(vault, partner.id, now) : []), [vault, partner, now]);

  function choosePartner(next: string) {
    setPartnerId(next);
    setPicked(new Set());
    setProfile(MINIMAL_PROFILE);
    setPrepared(undefined);
    setRefusal(undefined);
  }

  function preview(event: FormEvent) {
    event.preventDefault();
    setRefusal(undefined);
    setResult(undefined);
    setStatus(undefined);
    try {
      setPrepared(prepareExport(vault, { partnerId, personIds: [...picked], profile, expiresInDays: Number(days), senderName }, new Date()));
    } catch (error) {
      setRefusal(refusalOf(error));
    }
  }

  async function send() {
    if (!prepared || busy) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      const response = await sendExport(session, prepared, (request) => call('handoffExport', { ...request, language: languageOf(i18n.language) }));
      if (response.status === 'saved') {
        setResult(response);
        setPrepared(undefined);
        setPicked(new Set());
      } else setStatus(t('handoff.cancelled'));
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="send-title">
      <HandoffNav />
      <h1 id="send-title">{t('handoff.send.title')}</h1>
      {/* A handoff states the person's stay: an archived one's must be read first. */}
      <OlderHistory needed={candidates.some((c) => personInArchive(vault, c.person.id))} />
      {result && (
        <div role="status" className="card handoff-result">
          <p>{t('handoff.send.saved', { n: result.people, path: result.path })}</p>
          <dl className="facts">
            <dt>{t('handoff.send.bundleId')}</dt>
            <dd data-testid="bundle-id">
              <KeyText>{result.bundleId}</KeyText>
            </dd>
            <dt>{t('handoff.send.sha256')}</dt>
            <dd>
              <KeyText>{result.sha256}</KeyText>
            </dd>
          </dl>
          <p className="hint">{t('handoff.send.sha256Hint')}</p>
        </div>
      )}
      {status && <p role="status">{status}</p>}
      {refusal && <RefusalNote refusal={refusal} />}

      {prepared ? (
        <Preview prepared={prepared} busy={busy} onSend={() => void send()} onBack={() => setPrepared(undefined)} />
      ) : (
        <form onSubmit={preview} noValidate aria-labelledby="send-title">
          <div className="field">
            <label htmlFor={`${id}-partner`}>{t('handoff.send.partner')}</label>
            <select id={`${id}-partner`} value={partnerId} onChange={(e) => choosePartner(e.target.value)}>
              <option value="">{t('handoff.send.choosePartner')}</option>
              {partners.map((p) => (
                <option key={p.id} value={p.id} disabled={!p.verified}>
                  {p.verified ? p.name : t('handoff.send.unverifiedPartner', { name: p.name })}
                </option>
              ))}
            </select>
            {partners.length === 0 && <p className="hint">{t('handoff.send.noPartners')}</p>}
          </div>

          {partner && (
            <>
              <People partner={partner} candidates={candidates} picked={picked} onPick={setPicked} />
              <fieldset className="handoff-fieldset">
                <legend>{t('handoff.send.fields')}</legend>
                <p className="hint">{t('handoff.partners.profileAlways')}</p>
                {SENSITIVE_FIELDS.map((field) => {
                  const allowed = partner.exportProfile?.[field] ?? false;
                  return (
                    <label key={field} className="handoff-check">
                      <input type="checkbox" disabled={!allowed} checked={allowed && profile[field]} onChange={(e) => setProfile({ ...profile, [field]: e.target.checked })} />{' '}
                      {t(`handoff.fields.${field}`)}
                      {!allowed && <span className="hint"> {t('handoff.send.notAllowed')}</span>}
                    </label>
                  );
                })}
              </fieldset>
              <div className="field narrow-field">
                <label htmlFor={`${id}-days`}>{t('handoff.send.expiry')}</label>
                <input id={`${id}-days`} type="number" min={1} max={365} value={days} onChange={(e) => setDays(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-sender`}>{t('handoff.send.senderName')}</label>
                <input id={`${id}-sender`} autoComplete="off" value={senderName} maxLength={200} onChange={(e) => setSenderName(e.target.value)} aria-describedby={`${id}-sender-hint`} />
                <p className="hint" id={`${id}-sender-hint`}>
                  {t('handoff.send.senderNameHint')}
                </p>
              </div>
              <div className="actions">
                <button type="submit">{t('handoff.send.preview')}</button>
              </div>
            </>
          )}
        </form>
      )}
    </section>
  );
}

/** Who can go: consent to this partner (recorded or withdrawn here, on purpose) and a recorded stay. */
function People({
  partner,
  candidates,
  picked,
  onPick,
}: {
  partner: Partner;
  candidates: readonly ExportCandidate[];
  picked: ReadonlySet<string>;
  onPick(next: ReadonlySet<string>): void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const vault = useVaultState();
  const [asking, setAsking] = useState<{ person: Person; give: boolean }>();
  const [refusal, setRefusal] = useState<Refusal>();

  function toggle(personId: string, on: boolean) {
    const next = new Set(picked);
    if (on) next.add(personId);
    else next.delete(personId);
    onPick(next);
  }

  async function changeConsent(person: Person, give: boolean) {
    setRefusal(undefined);
    try {
      const consentToShare = give ? [...person.consentToShare, partner.id] : person.consentToShare.filter((p) => p !== partner.id);
      await session.people.put({ ...person, consentToShare });
      if (!give) toggle(person.id, false);
      setAsking(undefined);
    } catch (error) {
      setRefusal(refusalOf(error));
    }
  }

  if (vault.identities === 'opening') return <OpeningIdentities />;
  if (candidates.length === 0) return <p>{t('handoff.send.noPeople')}</p>;
  return (
    <>
      <table className="handoff-table" aria-label={t('handoff.send.peopleTable', { name: partner.name })}>
        <thead>
          <tr>
            <th scope="col">{t('handoff.send.pick')}</th>
            <th scope="col">{t('handoff.fields.alias')}</th>
            <th scope="col">{t('handoff.fields.staySummary')}</th>
            <th scope="col">{t('handoff.send.consent')}</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map(({ person, stay, blocked }) => (
            <tr key={person.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('handoff.send.pickPerson', { alias: person.alias })}
                  disabled={blocked !== undefined}
                  checked={picked.has(person.id) && blocked === undefined}
                  onChange={(e) => toggle(person.id, e.target.checked)}
                />
              </td>
              <td>{person.alias}</td>
              <td>{stay ? stayText(t, stay.staySummary) : t('handoff.send.noStay')}</td>
              <td>
                {person.consentToShare.includes(partner.id) ? t('handoff.send.consentYes') : t('handoff.send.consentNo')}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => setAsking({ person, give: !person.consentToShare.includes(partner.id) })}
                  aria-label={t(person.consentToShare.includes(partner.id) ? 'handoff.send.withdrawFor' : 'handoff.send.recordFor', { alias: person.alias })}
                >
                  {t(person.consentToShare.includes(partner.id) ? 'handoff.send.withdraw' : 'handoff.send.record')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking && (
        <div className="card" role="group" aria-labelledby="consent-question">
          <p id="consent-question">
            <strong>
              {t(asking.give ? 'handoff.send.recordQuestion' : 'handoff.send.withdrawQuestion', { alias: asking.person.alias, name: partner.name })}
            </strong>
          </p>
          <div className="actions">
            <button type="button" onClick={() => void changeConsent(asking.person, asking.give)}>
              {t(asking.give ? 'handoff.send.recordConfirm' : 'handoff.send.withdrawConfirm')}
            </button>
            <button type="button" className="secondary" onClick={() => setAsking(undefined)}>
              {t('handoff.send.back')}
            </button>
          </div>
        </div>
      )}
      {refusal && <RefusalNote refusal={refusal} />}
    </>
  );
}

function stayText(t: ReturnType<typeof useTranslation>['t'], s: PersonRecord['staySummary']): string {
  return s.departed
    ? t('handoff.send.stayPast', { arrived: s.arrived, departed: s.departed, days: s.daysInShelter })
    : t('handoff.send.stayOngoing', { arrived: s.arrived, days: s.daysInShelter });
}

/** Exactly the records that will be signed, field by field, and where they go. */
function Preview({ prepared, busy, onSend, onBack }: { prepared: PreparedExport; busy: boolean; onSend(): void; onBack(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sensitive = SENSITIVE_FIELDS.filter((f) => prepared.profile[f]);
  const columns: (keyof PersonRecord)[] = ['alias', 'birthYear', 'languages', 'needs', 'staySummary', 'outcome', ...sensitive];
  return (
    <div className="card" role="group" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('handoff.send.previewTitle')}</h2>
      <p>
        {t('handoff.send.previewSummary', {
          n: prepared.payload.people.length,
          name: prepared.partner.name,
          recipients: prepared.partner.recipients?.length ?? 0,
          expires: format.day(prepared.expires.toISOString()),
        })}
      </p>
      <p>{sensitive.length > 0 ? t('handoff.send.previewSensitive', { fields: sensitive.map((f) => t(`handoff.fields.${f}`)).join(', ') }) : t('handoff.send.previewMinimal')}</p>
      <div className="handoff-scroll">
        <table className="handoff-table" data-testid="export-preview">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {t(`handoff.fields.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {prepared.payload.people.map((record, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c}>{cell(t, record, c)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" onClick={onSend} disabled={busy}>
          {t('handoff.send.sign')}
        </button>
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          {t('handoff.send.back')}
        </button>
      </div>
    </div>
  );
}

function cell(t: ReturnType<typeof useTranslation>['t'], record: PersonRecord, column: keyof PersonRecord): string {
  const value = record[column];
  if (value === undefined) return '—';
  if (column === 'staySummary') return stayText(t, record.staySummary);
  // Values as they will be written (codes such as "resettled" stay untranslated): the preview is exact.
  return Array.isArray(value) ? value.join(', ') : String(value);
}
