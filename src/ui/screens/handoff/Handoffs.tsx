import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../bridge';
import { fromBase64 } from '../../../core/crypto/bytes';
import { can } from '../../../core/roles';
import { inGroups } from '../../../vault/handoff';
import { DEFAULT_RECEIPT_OVERDUE_DAYS, handoffRows, importReceipt } from '../../../vault/receipts';
import { useFormat } from '../../operations/useFormat';
import { useSession, useVaultState } from '../../session/SessionContext';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { NumberSetting } from '../../components/NumberSetting';
import { HandoffNav, KeyText } from './common';

/**
 * Every bundle this vault sent, with its partner's receipt or a flag when none came in time. Receipts
 * come in through main's open dialog and are checked here against the export records and that
 * partner's pinned key (vault/receipts.ts); a refused one stores nothing.
 */
export function HandoffsScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const vault = useVaultState();
  // "Now" for the overdue flag is taken when the vault changes, not on every render.
  const rows = useMemo(() => handoffRows(vault, new Date()), [vault]);
  const overdueDays = vault.settings.receiptOverdueDays ?? DEFAULT_RECEIPT_OVERDUE_DAYS;
  const [refusal, setRefusal] = useState<Refusal>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function openReceipt() {
    setBusy(true);
    setRefusal(undefined);
    setStatus(undefined);
    try {
      const opened = await call('handoffOpenReceipt', {});
      if (opened.status === 'cancelled') setStatus(t('handoff.cancelled'));
      else {
        const verified = await importReceipt(session, fromBase64(opened.file), opened.signature);
        setStatus(t('handoff.receipts.recorded', { bundle: verified.receipt.bundleId.slice(0, 8), fingerprint: inGroups(verified.signer.fingerprint) }));
      }
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="handoffs-title">
      <HandoffNav />
      <h1 id="handoffs-title">{t('handoff.receipts.title')}</h1>
      <p>{t('handoff.receipts.explain')}</p>
      {status && <p role="status">{status}</p>}
      {refusal && <RefusalNote refusal={refusal} />}
      <div className="actions">
        <button type="button" onClick={() => void openReceipt()} disabled={busy}>
          {t('handoff.receipts.open')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p>{t('handoff.receipts.none')}</p>
      ) : (
        <div className="handoff-scroll">
          <table className="handoff-table" data-testid="handoffs">
            <caption>{t('handoff.receipts.caption', { n: rows.length, overdue: rows.filter((r) => r.overdue).length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('handoff.receipts.partner')}</th>
                <th scope="col">{t('handoff.receipts.people')}</th>
                <th scope="col">{t('handoff.receipts.created')}</th>
                <th scope="col">{t('handoff.receipts.expires')}</th>
                <th scope="col">{t('handoff.receipts.receipt')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ sent, partner, receipt, overdue }) => (
                <tr key={sent.bundleId} data-bundle={sent.bundleId}>
                  <th scope="row">{partner?.name ?? t('handoff.receipts.unknownPartner')}</th>
                  <td>{format.number(sent.people)}</td>
                  <td>{format.dateTime(sent.created)}</td>
                  <td>{sent.expires ? format.dateTime(sent.expires) : '—'}</td>
                  <td>
                    {receipt ? (
                      <>
                        {t('handoff.receipts.received', { when: format.dateTime(receipt.received) })}{' '}
                        <KeyText>{inGroups(receipt.fingerprint)}</KeyText>
                      </>
                    ) : overdue ? (
                      <strong className="warning">{t('handoff.receipts.overdue', { days: overdueDays })}</strong>
                    ) : (
                      t('handoff.receipts.waiting')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NumberSetting
        value={overdueDays}
        min={1}
        max={365}
        canEdit={can(session.user.role, 'administration')}
        title={t('handoff.receipts.settingTitle')}
        now={t('handoff.receipts.settingNow', { days: overdueDays })}
        label={t('handoff.receipts.settingLabel')}
        onSave={(receiptOverdueDays) => session.settings.update({ receiptOverdueDays })}
      />
    </section>
  );
}
