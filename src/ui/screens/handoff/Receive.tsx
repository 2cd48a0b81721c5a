import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../bridge';
import { fromBase64, toBase64 } from '../../../core/crypto/bytes';
import { languageOf } from '../../../core/language';
import { type OpenedBundle, type PersonRecord } from '../../../core/handoff';
import { inGroups, mergeBundle, orgPublicKeys, receiveBundle, type ReceivedBundle } from '../../../vault/handoff';
import { receiptForImport } from '../../../vault/receipts';
import { useSession } from '../../session/SessionContext';
import { HandoffNav, KeyText } from './common';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { useFormat } from '../../operations/useFormat';

/**
 * Receive a handoff: main reads the picked file (size cap), this session opens and checks it (our age
 * identity, verified partners' keys, import history), shows what would be stored, and merges it all
 * in one vault write, or nothing.
 */
export function ReceiveScreen() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const [received, setReceived] = useState<ReceivedBundle>();
  /** The bundle file's bytes: its receipt names their hash. */
  const [bundleFile, setBundleFile] = useState<Uint8Array>();
  /** The bundle just imported, until its receipt is saved or another file is opened. */
  const [imported, setImported] = useState<{ opened: OpenedBundle; file: Uint8Array }>();
  const [fileName, setFileName] = useState('');
  const [refusal, setRefusal] = useState<Refusal>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);

  const provenance = (record: PersonRecord, bundle: OpenedBundle) =>
    t('handoff.receive.provenance', {
      sender: bundle.manifest.sender.name,
      bundle: bundle.manifest.bundleId.slice(0, 8),
      created: format.day(bundle.manifest.created),
      arrived: record.staySummary.arrived,
      departed: record.staySummary.departed ?? '—',
      days: record.staySummary.daysInShelter,
      outcome: record.outcome ?? '—',
    });

  async function open() {
    setBusy(true);
    setRefusal(undefined);
    setStatus(undefined);
    setReceived(undefined);
    setImported(undefined);
    try {
      const file = await call('handoffOpen', {});
      if (file.status === 'cancelled') setStatus(t('handoff.cancelled'));
      else {
        setFileName(file.fileName);
        const bytes = fromBase64(file.bytes);
        setReceived(await receiveBundle(session, bytes, new Date(), provenance));
        setBundleFile(bytes);
      }
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  async function merge() {
    if (!received || busy) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      await mergeBundle(session, received, new Date());
      setStatus(t('handoff.receive.imported', { n: received.people.length, name: received.partner.name }));
      if (bundleFile) setImported({ opened: received.opened, file: bundleFile });
      setReceived(undefined);
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  /** The signed receipt for the sender (docs/bundle-format.md, "Receipts"), written through main's save dialog. */
  async function saveReceipt() {
    if (!imported || busy) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      const { file, signature } = await receiptForImport(session, imported.opened, imported.file, new Date());
      const { minisignPublicKey } = await orgPublicKeys(session);
      const saved = await call('handoffSaveReceipt', { file: toBase64(file), signature, signingPublicKey: minisignPublicKey, language: languageOf(i18n.language) });
      if (saved.status === 'cancelled') setStatus(t('handoff.cancelled'));
      else {
        setStatus(t('handoff.receive.receiptSaved'));
        setImported(undefined);
      }
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="receive-title">
      <HandoffNav />
      <h1 id="receive-title">{t('handoff.receive.title')}</h1>
      <p>{t('handoff.receive.explain')}</p>
      {status && <p role="status">{status}</p>}
      {refusal && <RefusalNote refusal={refusal} />}
      {!received && (
        <div className="actions">
          {imported && (
            <button type="button" onClick={() => void saveReceipt()} disabled={busy}>
              {t('handoff.receive.saveReceipt')}
            </button>
          )}
          <button type="button" className={imported ? 'secondary' : undefined} onClick={() => void open()} disabled={busy}>
            {t('handoff.receive.open')}
          </button>
        </div>
      )}
      {received && (
        <div className="card" role="group" aria-labelledby="receive-preview">
          <h2 id="receive-preview">{t('handoff.receive.previewTitle', { file: fileName })}</h2>
          <dl className="facts">
            <dt>{t('handoff.receive.from')}</dt>
            <dd>{t('handoff.receive.fromValue', { name: received.partner.name, sender: received.opened.manifest.sender.name })}</dd>
            <dt>{t('handoff.receive.fingerprint')}</dt>
            <dd>
              <KeyText>{inGroups(received.opened.signer.fingerprint)}</KeyText>
            </dd>
            <dt>{t('handoff.send.bundleId')}</dt>
            <dd>
              <KeyText>{received.opened.manifest.bundleId}</KeyText>
            </dd>
            <dt>{t('handoff.receive.dates')}</dt>
            <dd>{t('handoff.receive.datesValue', { created: format.day(received.opened.manifest.created), expires: format.day(received.opened.manifest.expires) })}</dd>
          </dl>
          <div className="handoff-scroll">
            <table className="handoff-table" data-testid="import-preview">
              <thead>
                <tr>
                  <th scope="col">{t('handoff.fields.alias')}</th>
                  <th scope="col">{t('handoff.fields.birthYear')}</th>
                  <th scope="col">{t('handoff.fields.languages')}</th>
                  <th scope="col">{t('handoff.fields.needs')}</th>
                  <th scope="col">{t('handoff.fields.legalName')}</th>
                  <th scope="col">{t('handoff.fields.phone')}</th>
                  <th scope="col">{t('handoff.fields.notes')}</th>
                </tr>
              </thead>
              <tbody>
                {received.people.map((p) => (
                  <tr key={p.id}>
                    <td>{p.alias}</td>
                    <td>{p.birthYear ?? '—'}</td>
                    <td>{p.languages.join(', ')}</td>
                    <td>{p.needs.map((n) => (n.note ? `${n.kind}: ${n.note}` : n.kind)).join(', ')}</td>
                    <td>{p.legalName ?? '—'}</td>
                    <td>{p.phone ?? '—'}</td>
                    <td className="handoff-notes">{p.notes ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="actions">
            <button type="button" onClick={() => void merge()} disabled={busy}>
              {t('handoff.receive.merge', { n: received.people.length })}
            </button>
            <button type="button" className="secondary" onClick={() => setReceived(undefined)} disabled={busy}>
              {t('handoff.receive.discard')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
