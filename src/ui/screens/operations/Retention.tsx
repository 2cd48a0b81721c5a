import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { retentionRuleSchema, type RetentionRule } from '../../../core/model';
import { dueForForgetting } from '../../../core/reports';
import { can } from '../../../core/roles';
import { useFormat } from '../../operations/useFormat';
import { useOccupancy } from '../../operations/useOccupancy';
import { OlderHistory } from '../../operations/OlderHistory';
import { OpeningIdentities } from '../../components/OpeningIdentities';
import { useSession, useVaultState } from '../../session/SessionContext';
import { describeError } from '../../errors/describe';

/**
 * The organisation's retention rule and the people it says to forget now. Nothing is forgotten until
 * an operator ticks people and confirms; forgetting is the vault's crypto-shredding (session.people.forget).
 * "Now" is the real date, not the dashboard's as-of date: forgetting is an action, not a view.
 */
export function RetentionScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const vault = useVaultState();
  const { state, isPast } = useOccupancy();
  const rule = vault.settings.retention;
  // Re-read when the vault changes (a forget, a departure), not on every render; the people map is
  // updated in place, so the snapshot (new on every change) is the key.
  const [now] = useState(() => Date.now());
  const due = useMemo(() => dueForForgetting(state, [...vault.people.values()], vault.settings.retention, now), [state, vault, now]);
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string }>();
  const selected = due.filter((d) => !unticked.has(d.personId));
  const partnerName = (id: string | undefined) => (id === undefined ? '' : (vault.partners.get(id)?.name ?? t('reports.retention.unknownPartner')));

  async function forget() {
    setBusy(true);
    try {
      await session.people.forget(selected.map((d) => d.personId));
      setMessage({ kind: 'status', text: t('reports.retention.forgotten', { n: selected.length }) });
      setUnticked(new Set());
    } catch (error) {
      setMessage({ kind: 'alert', text: t('reports.retention.forgetFailed', { reason: describeError(t, error) }) });
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const toggle = (personId: string, on: boolean) => {
    const next = new Set(unticked);
    if (on) next.delete(personId);
    else next.add(personId);
    setUnticked(next);
  };

  return (
    <section aria-labelledby="retention-title">
      <h1 id="retention-title">{t('reports.retention.title')}</h1>
      {/* The archive's people are closed, old histories: the very ones retention may list. */}
      <OlderHistory needed={vault.archive?.loaded === false} />
      <RuleCard rule={rule} canEdit={can(session.user.role, 'administration')} onSave={(next) => session.settings.update({ retention: next })} />

      <h2 id="retention-due">{t('reports.retention.dueTitle')}</h2>
      <p>{t('reports.retention.explain')}</p>
      {isPast && <p className="hint">{t('reports.retention.todayOnly')}</p>}
      {message && <p role={message.kind}>{message.text}</p>}
      {vault.identities === 'opening' ? (
        <OpeningIdentities />
      ) : due.length === 0 ? (
        <p>{t('reports.retention.noneDue')}</p>
      ) : (
        <>
          <table className="data" aria-labelledby="retention-due">
            <thead>
              <tr>
                <th scope="col">{t('reports.retention.select')}</th>
                <th scope="col">{t('reports.fields.alias')}</th>
                <th scope="col">{t('reports.retention.departed')}</th>
                <th scope="col">{t('reports.retention.partner')}</th>
                <th scope="col">{t('reports.retention.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {due.map((d) => {
                const alias = vault.people.get(d.personId)?.alias ?? '';
                return (
                  <tr key={d.personId}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('reports.retention.selectPerson', { alias })}
                        checked={!unticked.has(d.personId)}
                        disabled={busy}
                        onChange={(e) => toggle(d.personId, e.target.checked)}
                      />
                    </td>
                    <td>{alias}</td>
                    <td>{format.day(d.departedAt)}</td>
                    <td>{partnerName(d.partnerId)}</td>
                    <td>
                      {d.partnerId === undefined
                        ? t('reports.retention.reasonLeft', { days: d.daysSinceDeparture, keep: rule.daysAfterDeparture })
                        : t('reports.retention.reasonHandedOver', { days: d.daysSinceDeparture, keep: rule.daysAfterDeparture })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {confirming ? (
            <div className="confirm card" role="group" aria-labelledby="retention-confirm">
              <p id="retention-confirm">
                <strong>{t('reports.retention.confirmQuestion', { n: selected.length })}</strong>
              </p>
              <p>{t('reports.retention.confirmDetail')}</p>
              <div className="actions">
                <button type="button" className="danger" onClick={() => void forget()} disabled={busy} autoFocus>
                  {t('reports.retention.confirmForget', { n: selected.length })}
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)} disabled={busy}>
                  {t('reports.retention.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <div className="actions">
              <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={selected.length === 0}>
                {t('reports.retention.forget', { n: selected.length })}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function RuleCard({ rule, canEdit, onSave }: { rule: RetentionRule; canEdit: boolean; onSave(rule: RetentionRule): Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const [days, setDays] = useState(String(rule.daysAfterDeparture));
  const [handoff, setHandoff] = useState(rule.requireConfirmedHandoff);
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string }>();
  const parsed = retentionRuleSchema.safeParse({ daysAfterDeparture: Number(days), requireConfirmedHandoff: handoff });
  const dirty = parsed.success && (parsed.data.daysAfterDeparture !== rule.daysAfterDeparture || parsed.data.requireConfirmedHandoff !== rule.requireConfirmedHandoff);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!parsed.success) return;
    try {
      await onSave(parsed.data);
      setMessage({ kind: 'status', text: t('reports.retention.ruleSaved') });
    } catch (error) {
      setMessage({ kind: 'alert', text: t('reports.retention.ruleFailed', { reason: describeError(t, error) }) });
    }
  }

  return (
    <div className="card rule" aria-labelledby={`${id}-title`} role="group">
      <h2 id={`${id}-title`}>{t('reports.retention.ruleTitle')}</h2>
      <p>
        {t(rule.requireConfirmedHandoff ? 'reports.retention.ruleHandoff' : 'reports.retention.ruleAny', { days: rule.daysAfterDeparture })}
      </p>
      {canEdit ? (
        <form onSubmit={save}>
          <div className="field narrow-field">
            <label htmlFor={`${id}-days`}>{t('reports.retention.daysLabel')}</label>
            <input
              id={`${id}-days`}
              type="number"
              min={1}
              max={3650}
              required
              value={days}
              onChange={(e) => setDays(e.target.value)}
              aria-invalid={!parsed.success}
              aria-describedby={`${id}-days-hint`}
            />
            <span id={`${id}-days-hint`} className="hint">
              {t('reports.retention.daysHint')}
            </span>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={handoff} onChange={(e) => setHandoff(e.target.checked)} /> {t('reports.retention.handoffLabel')}
          </label>
          {message && <p role={message.kind}>{message.text}</p>}
          <div className="actions">
            <button type="submit" disabled={!dirty}>
              {t('reports.retention.saveRule')}
            </button>
          </div>
        </form>
      ) : (
        <p className="hint">{t('reports.retention.adminOnly')}</p>
      )}
    </div>
  );
}
