import type { TFunction } from 'i18next';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditProblem, AuditReport } from '../../../core/audit/verify';
import type { AuditEntry } from '../../../core/model/audit';
import type { User } from '../../../core/model/user';
import type { DamagedItem } from '../../../vault/page-log';
import { RECOVERY_ACTOR } from '../../../vault/session';
import { useSession, useVaultState } from '../../session/SessionContext';
import { useFormat } from '../../operations/useFormat';
import { AdminNav } from './common';

const PAGE = 100;

/** Who did it: a user's name, "recovery key", or (for a record that no longer exists) the opaque id. */
function actorName(t: TFunction, users: ReadonlyMap<string, User>, actorId: string): string {
  if (actorId === RECOVERY_ACTOR.id) return t('admin.audit.recoveryActor');
  return users.get(actorId)?.name ?? t('admin.audit.unknownActor', { id: actorId.slice(0, 8) });
}

/**
 * What happened, in words. Details hold ids, counts and flags only (core/model/audit.ts); a user id
 * is shown as that user's name, a role and a recovery method translated, counts and flags as such;
 * ids of residents and other records (and a user's status, which the action names) are left out.
 */
function describe(t: TFunction, users: ReadonlyMap<string, User>, entry: AuditEntry): string {
  const action = t(`admin.audit.action.${entry.action}`, { defaultValue: entry.action });
  const parts: string[] = [];
  for (const [key, value] of Object.entries(entry.details)) {
    if (key === 'user' && typeof value === 'string') parts.push(actorName(t, users, value));
    else if (key === 'role' && typeof value === 'string') parts.push(t(`roles.${value}`, { defaultValue: value }));
    else if (key === 'method' && typeof value === 'string') parts.push(t(`admin.audit.method.${value}`, { defaultValue: value }));
    else if (typeof value === 'number' || typeof value === 'boolean') {
      parts.push(t(`admin.audit.detail.${key}`, { value: String(value), defaultValue: `${key}: ${String(value)}` }));
    }
  }
  return parts.length > 0 ? `${action} (${parts.join(', ')})` : action;
}

function problemText(t: TFunction, problem: AuditProblem): string {
  // Both counted from 1, as the entries table numbers them.
  const at = problem.position + 1;
  if (problem.kind === 'missing') return t('admin.audit.problem.missing', { at, seq: problem.expectedSeq + 1 });
  if (problem.kind === 'forged-checkpoint' || problem.kind === 'rewritten') return t(`admin.audit.problem.${problem.kind}`, { at });
  return t(`admin.audit.problem.${problem.kind}`, { at, seq: problem.seq + 1 });
}

/** The audit log: who did what and when, the hash chain's verification, and the health check. */
export function AuditScreen() {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const vault = useVaultState();
  const [problems, setProblems] = useState<{ checked: number; report: AuditReport }>();
  const [shown, setShown] = useState(PAGE);
  const [health, setHealth] = useState<readonly DamagedItem[]>();
  const format = useFormat();
  const newestFirst = useMemo(() => [...vault.audit].reverse(), [vault.audit]);

  return (
    <section aria-labelledby={`${id}-title`}>
      <AdminNav />
      <h1 id={`${id}-title`}>{t('admin.audit.title')}</h1>
      <p>{t('admin.audit.intro')}</p>

      <h2>{t('admin.audit.verifyTitle')}</h2>
      <p className="hint">{t('admin.audit.verifyIntro')}</p>
      <button type="button" onClick={() => setProblems({ checked: vault.audit.length, report: session.audit.verify() })}>
        {t('admin.audit.verify')}
      </button>
      {problems && (
        <div role="status" className="card" data-testid="chain-result">
          {problems.report.problems.length === 0 ? (
            <p className="ok">{t('admin.audit.intact', { n: problems.checked })}</p>
          ) : (
            <>
              <p role="alert">{t('admin.audit.broken', { n: problems.report.problems.length })}</p>
              <ul>
                {problems.report.problems.map((p, i) => (
                  <li key={i}>{problemText(t, p)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {problems && (
        <p className="hint" data-testid="last-checkpoint">
          {problems.report.lastCheckpoint
            ? t('admin.audit.lastCheckpoint', { n: problems.report.lastCheckpoint.count, when: format.dateTime(problems.report.lastCheckpoint.at) })
            : t('admin.audit.noCheckpoint')}
        </p>
      )}

      <h2>{t('admin.audit.healthTitle')}</h2>
      <p className="hint">{t('admin.audit.healthIntro')}</p>
      <button type="button" className="secondary" onClick={() => setHealth([...session.health()])}>
        {t('admin.audit.healthCheck')}
      </button>
      {health && (
        <div role="status" className="card" data-testid="health-result">
          {health.length === 0 ? (
            <p className="ok">{t('admin.audit.healthy')}</p>
          ) : (
            <table className="handoff-table">
              <caption>{t('admin.audit.damaged', { n: health.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.audit.store')}</th>
                  <th scope="col">{t('admin.audit.item')}</th>
                  <th scope="col">{t('admin.audit.position')}</th>
                  <th scope="col">{t('admin.audit.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {health.map((d, i) => (
                  <tr key={i}>
                    <td>{t(`admin.audit.stores.${d.store}`, { defaultValue: d.store })}</td>
                    <td>
                      <code className="key-text">{d.itemId}</code>
                    </td>
                    <td>{d.at}</td>
                    <td>{t(`admin.audit.reasons.${d.reason}`, { defaultValue: d.reason })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}

      <h2>{t('admin.audit.entriesTitle', { n: vault.audit.length })}</h2>
      <div className="handoff-scroll">
        <table className="handoff-table" data-testid="audit-entries">
          <caption className="handoff-hidden">{t('admin.audit.entriesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.audit.seq')}</th>
              <th scope="col">{t('admin.audit.when')}</th>
              <th scope="col">{t('admin.audit.who')}</th>
              <th scope="col">{t('admin.audit.what')}</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.slice(0, shown).map((entry) => (
              <tr key={entry.seq}>
                <td>{entry.seq + 1}</td>
                <td>
                  <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
                </td>
                <td>{actorName(t, vault.users, entry.actorId)}</td>
                <td>{describe(t, vault.users, entry)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown < newestFirst.length && (
        <button type="button" className="secondary" onClick={() => setShown(shown + PAGE)}>
          {t('admin.audit.more', { n: Math.min(PAGE, newestFirst.length - shown) })}
        </button>
      )}
    </section>
  );
}
