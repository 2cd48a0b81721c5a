import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShareCode } from '../../../core/crypto/shares';
import type { AuditEntry } from '../../../core/model/audit';
import { replaceRecoveryKey, splitRecovery } from '../../../vault/services/recovery';
import { useSessionApi, useSession, useVaultState } from '../../session/SessionContext';
import { RecoveryKeySheet } from '../unlock/RecoveryKeySheet';
import { AdminNav, ConfirmDialog } from './common';
import { refusalOf, type Refusal } from '../../errors/RefusalNote';
import { ShareSheets } from './ShareSheets';
import { useFormat } from '../../operations/useFormat';

const MAX_SHARES = 20;

/** What opens the vault without a passphrase now, as the audit log recorded it (the key itself is never kept). */
function currentRecovery(audit: readonly AuditEntry[]): { shares: number; threshold: number; at: string } | undefined {
  const last = audit.findLast((e) => e.action === 'recovery.replace' || e.action === 'vault.create');
  if (!last) return undefined;
  const { shares, threshold } = last.details;
  return typeof shares === 'number' && typeof threshold === 'number' ? { shares, threshold, at: last.at } : { shares: 0, threshold: 0, at: last.at };
}

type Made = { kind: 'key'; code: string } | { kind: 'shares'; shares: ShareCode[]; k: number; made: Date };

/** Recovery: a new recovery key, or a new one split into k-of-n printable shares. */
export function RecoveryScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const id = useId();
  const session = useSession();
  const { deps } = useSessionApi();
  const vault = useVaultState();
  const [n, setN] = useState('3');
  const [k, setK] = useState('2');
  const [asking, setAsking] = useState<'key' | 'shares'>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [made, setMade] = useState<Made>();
  const [done, setDone] = useState<string>();
  const current = currentRecovery(vault.audit);
  const nn = Number(n);
  const kk = Number(k);
  const splitValid = Number.isInteger(nn) && Number.isInteger(kk) && kk >= 2 && nn >= kk && nn <= MAX_SHARES;

  async function make() {
    if (!deps || !asking) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      if (asking === 'key') setMade({ kind: 'key', code: (await replaceRecoveryKey(deps, session)).recoveryCode });
      else setMade({ kind: 'shares', shares: (await splitRecovery(deps, session, { n: nn, k: kk })).shares, k: kk, made: deps.now() });
      setAsking(undefined);
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  function askSplit(event: FormEvent) {
    event.preventDefault();
    if (!splitValid) return;
    setRefusal(undefined);
    setAsking('shares');
  }

  if (made?.kind === 'key') {
    return (
      <section>
        <AdminNav />
        <RecoveryKeySheet
          code={made.code}
          onConfirmed={() => {
            setMade(undefined);
            setDone(t('admin.recovery.keyDone'));
          }}
        />
      </section>
    );
  }
  if (made?.kind === 'shares') {
    return (
      <section>
        <AdminNav />
        <ShareSheets
          shares={made.shares}
          k={made.k}
          made={made.made}
          onDone={() => {
            setMade(undefined);
            setDone(t('admin.recovery.sharesDone', { n: made.shares.length, k: made.k }));
          }}
        />
      </section>
    );
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <AdminNav />
      <h1 id={`${id}-title`}>{t('admin.recovery.title')}</h1>
      <p>{t('admin.recovery.intro')}</p>
      {current && (
        <p className="card" data-testid="recovery-current">
          {current.shares > 0
            ? t('admin.recovery.currentShares', { n: current.shares, k: current.threshold, day: format.day(current.at) })
            : t('admin.recovery.currentKey', { day: format.day(current.at) })}
        </p>
      )}
      {done && <p role="status">{done}</p>}

      <h2>{t('admin.recovery.keyTitle')}</h2>
      <p>{t('admin.recovery.keyIntro')}</p>
      <button type="button" className="secondary" onClick={() => setAsking('key')}>
        {t('admin.recovery.newKey')}
      </button>

      <form onSubmit={askSplit} aria-labelledby={`${id}-split`} noValidate>
        <h2 id={`${id}-split`}>{t('admin.recovery.splitTitle')}</h2>
        <p>{t('admin.recovery.splitIntro')}</p>
        <div className="controls">
          <div className="field narrow-field">
            <label htmlFor={`${id}-n`}>{t('admin.recovery.n')}</label>
            <input id={`${id}-n`} type="number" min={2} max={MAX_SHARES} value={n} onChange={(e) => setN(e.target.value)} />
          </div>
          <div className="field narrow-field">
            <label htmlFor={`${id}-k`}>{t('admin.recovery.k')}</label>
            <input id={`${id}-k`} type="number" min={2} max={MAX_SHARES} value={k} onChange={(e) => setK(e.target.value)} />
          </div>
        </div>
        <p className={splitValid ? 'hint' : 'field-error'} aria-live="polite">
          {splitValid ? t('admin.recovery.splitSummary', { n: nn, k: kk }) : t('admin.recovery.splitInvalid', { max: MAX_SHARES })}
        </p>
        <button type="submit" disabled={!splitValid}>
          {t('admin.recovery.split')}
        </button>
      </form>

      <ConfirmDialog
        open={asking !== undefined}
        title={t(asking === 'shares' ? 'admin.recovery.confirmSharesTitle' : 'admin.recovery.confirmKeyTitle', { n: nn, k: kk })}
        confirmLabel={t('admin.recovery.confirmButton')}
        busy={busy}
        refusal={refusal}
        onConfirm={() => void make()}
        onCancel={() => setAsking(undefined)}
      >
        <p>{t('admin.recovery.confirmExplain')}</p>
      </ConfirmDialog>
    </section>
  );
}
