import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../bridge';
import { AppError } from '../../../core/errors';
import { BundleError } from '../../../core/handoff';
import { languageOf } from '../../../core/language';
import { RISK_LEVELS } from '../../../core/model';
import { can } from '../../../core/roles';
import { DEFAULT_STALE_HOURS, importAvailability, networkView, sendAvailability } from '../../../vault/network';
import { useFormat } from '../../operations/useFormat';
import { useSession, useVaultState } from '../../session/SessionContext';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';
import { NumberSetting } from '../../components/NumberSetting';

/** "3 hours ago" in the UI language: the largest whole unit of the report's age. */
function ageText(ms: number, language: string): string {
  const minutes = Math.floor(ms / 60_000);
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'always' });
  if (minutes < 60) return format.format(-minutes, 'minute');
  if (minutes < 48 * 60) return format.format(-Math.floor(minutes / 60), 'hour');
  return format.format(-Math.floor(minutes / 1440), 'day');
}

/** A replay or an unknown signer reads in terms of siblings here, not of partners as on Receive. */
function networkError(error: unknown): unknown {
  if (error instanceof BundleError && error.reason === 'replayed') return new AppError('network-replayed');
  if (error instanceof BundleError && error.reason === 'unknown-signer') return new AppError('network-unknown-signer');
  return error;
}

/**
 * Free beds across the organisation's houses (docs/operators.md, "Network"): this vault exports its own
 * availability report to the coordinator, and the coordinator imports the siblings' reports, each
 * checked against a pinned, verified key (vault/network.ts), and sees them side by side.
 */
export function NetworkScreen() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const session = useSession();
  const vault = useVaultState();
  const id = useId();
  // "Now" for the ages is the session's clock, taken when the vault changes.
  const { rows, totals } = useMemo(() => networkView(vault, session.now()), [vault, session]);
  const coordinators = [...vault.partners.values()].filter((p) => p.recipients?.length);
  const [coordinatorId, setCoordinatorId] = useState('');
  const [refusal, setRefusal] = useState<Refusal>();
  // The message's key and values, worded at render so it follows a change of language.
  const [status, setStatus] = useState<{ key: 'network.exported' | 'network.imported' | 'handoff.cancelled'; values?: Record<string, string | number> }>();
  const [busy, setBusy] = useState(false);
  const staleHours = vault.settings.networkStaleHours ?? DEFAULT_STALE_HOURS;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setRefusal(undefined);
    setStatus(undefined);
    try {
      await action();
    } catch (error) {
      setRefusal(refusalOf(networkError(error)));
    } finally {
      setBusy(false);
    }
  }

  const exportReport = () =>
    run(async () => {
      const response = await sendAvailability(session, coordinatorId, session.now(), (request) => call('networkExportReport', { ...request, language: languageOf(i18n.language) }));
      setStatus(response.status === 'saved' ? { key: 'network.exported', values: { n: response.houses } } : { key: 'handoff.cancelled' });
    });

  const importReport = () =>
    run(async () => {
      const opened = await call('handoffOpen', {});
      if (opened.status === 'cancelled') return setStatus({ key: 'handoff.cancelled' });
      const received = await importAvailability(session, opened.bytes, session.now());
      setStatus({ key: 'network.imported', values: { name: vault.partners.get(received.id)?.name ?? '', n: received.report.houses.length } });
    });

  return (
    <section aria-labelledby="network-title">
      <h1 id="network-title">{t('network.title')}</h1>
      <p>{t('network.explain')}</p>
      {status && <p role="status">{t(status.key, status.values)}</p>}
      {refusal && <RefusalNote refusal={refusal} />}

      <h2>{t('network.exportTitle')}</h2>
      <div className="field">
        <label htmlFor={`${id}-coordinator`}>{t('network.coordinator')}</label>
        <select id={`${id}-coordinator`} value={coordinatorId} onChange={(e) => setCoordinatorId(e.target.value)}>
          <option value="">{t('network.chooseCoordinator')}</option>
          {coordinators.map((p) => (
            <option key={p.id} value={p.id} disabled={!p.verified}>
              {p.verified ? p.name : t('handoff.send.unverifiedPartner', { name: p.name })}
            </option>
          ))}
        </select>
        <p className="hint">{t('network.coordinatorHint')}</p>
      </div>
      <div className="actions">
        <button type="button" onClick={() => void exportReport()} disabled={busy || coordinatorId === ''}>
          {t('network.export')}
        </button>
      </div>

      <h2>{t('network.reportsTitle')}</h2>
      <div className="actions">
        <button type="button" onClick={() => void importReport()} disabled={busy}>
          {t('network.import')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p>{t('network.none')}</p>
      ) : (
        <div className="handoff-scroll">
          <table className="handoff-table" data-testid="network-houses">
            <caption>{t('network.housesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.sibling')}</th>
                <th scope="col">{t('network.house')}</th>
                <th scope="col">{t('network.inService')}</th>
                <th scope="col">{t('network.used')}</th>
                <th scope="col">{t('network.freeNow')}</th>
                <th scope="col">{t('network.freeSoon')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.flatMap(({ sibling, received }) =>
                received.report.houses.map((house) => (
                  <tr key={`${received.id}-${house.houseId}`} data-house={house.houseId}>
                    <td>{sibling?.name ?? t('network.unknownSibling')}</td>
                    <th scope="row">{`${house.alias}, ${house.city}`}</th>
                    <td>{format.number(house.inService)}</td>
                    <td>{format.number(house.used)}</td>
                    <td data-field="freeNow">{format.number(house.freeNow)}</td>
                    <td data-field="freeSoon">{format.number(house.freeSoon)}</td>
                  </tr>
                )),
              )}
            </tbody>
            <tfoot>
              <tr data-testid="network-totals">
                <th scope="row" colSpan={2}>
                  {t('network.total')}
                </th>
                <td>{format.number(totals.inService)}</td>
                <td>{format.number(totals.used)}</td>
                <td data-field="freeNow">{format.number(totals.freeNow)}</td>
                <td data-field="freeSoon">{format.number(totals.freeSoon)}</td>
              </tr>
            </tfoot>
          </table>
          <table className="handoff-table" data-testid="network-siblings">
            <caption>{t('network.siblingsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('network.sibling')}</th>
                <th scope="col">{t('network.age')}</th>
                {RISK_LEVELS.map((level) => (
                  <th scope="col" key={level}>
                    {t('network.waiting', { risk: t(`operations.risk.${level}`) })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ sibling, received, ageMs, stale }) => (
                <tr key={received.id} data-sibling={sibling?.name ?? received.id} data-stale={stale}>
                  <th scope="row">{sibling?.name ?? t('network.unknownSibling')}</th>
                  <td>
                    {ageText(ageMs, i18n.language)}
                    {stale && <strong className="badge">{` ${t('network.stale')}`}</strong>}
                  </td>
                  {RISK_LEVELS.map((level) => (
                    <td key={level} data-field={`waiting-${level}`}>
                      {format.number(received.report.waiting[level])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="network-waiting-total">
                <th scope="row" colSpan={2}>
                  {t('network.totalWaiting')}
                </th>
                <td colSpan={RISK_LEVELS.length} data-field="waiting">
                  {format.number(totals.waiting)}
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      <NumberSetting
        value={staleHours}
        min={1}
        max={720}
        canEdit={can(session.user.role, 'administration')}
        title={t('network.staleTitle')}
        now={t('network.staleNow', { hours: staleHours })}
        label={t('network.staleLabel')}
        onSave={(networkStaleHours) => session.settings.update({ networkStaleHours })}
      />
    </section>
  );
}
