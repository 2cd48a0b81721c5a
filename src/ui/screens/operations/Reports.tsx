import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BELOW_THRESHOLD, funderReportTable, monthlyReport, OTHER_COUNTRIES, toCsv, WITHHELD, type ReportCell } from '../../../core/reports';
import { call } from '../../../bridge';
import { languageOf } from '../../../core/language';
import { localDay, startOfLocalDay } from '../../../core/time/zone';
import { useAsOf } from '../../operations/AsOf';
import { MonthInput } from '../../operations/DateInput';
import { formatMonth, formatNumber } from '../../operations/format';
import { useOccupancy } from '../../operations/useOccupancy';
import { OlderHistory } from '../../operations/OlderHistory';
import { needsArchiveFrom } from '../../../vault/history';
import { useSession, useVaultState } from '../../session/SessionContext';
import { countryName } from './charts';
import { describeError } from '../../errors/describe';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Longest period one report covers; longer ones are several reports. */
const MAX_MONTHS = 36;

/** The month of `ms` in `zone` ("2026-11"), or the one `back` months before it. */
export function monthOf(ms: number, zone: string, back = 0): string {
  const [y, m] = localDay(ms, zone).split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 7);
}

const monthsBetween = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;

/**
 * The de-identified monthly report for funders (core/reports/funder-report): whole months, all
 * houses together, no names, ids or dates, counts below 5 withheld. Shown as a table and saved as CSV
 * through main, at a path the user picks.
 */
export function ReportsScreen() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const vault = useVaultState();
  // As of the day picked in the as-of bar: a report "as it stood then" stops there.
  const { state, asOf } = useOccupancy();
  const { zone } = useAsOf();
  const now = Date.parse(asOf);
  const id = useId();
  const [from, setFrom] = useState(() => monthOf(now, zone, 11));
  const [to, setTo] = useState(() => monthOf(now, zone));
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string }>();

  const error = !MONTH.test(from) || !MONTH.test(to) ? 'invalid' : from > to ? 'order' : to > monthOf(now, zone) ? 'future' : monthsBetween(from, to) > MAX_MONTHS ? 'long' : undefined;
  const report = useMemo(() => (error ? undefined : monthlyReport(state, { from, to, now, zone })), [state, from, to, now, zone, error]);

  const cell = (value: ReportCell) => (typeof value === 'number' ? formatNumber(value, i18n.language) : value === BELOW_THRESHOLD ? BELOW_THRESHOLD : t('reports.funder.withheld'));
  const columnName = (code: string) => (code === OTHER_COUNTRIES ? t('reports.funder.otherCountries') : countryName(code, i18n.language));

  async function save() {
    if (!report) return;
    setMessage(undefined);
    try {
      const csv = toCsv(funderReportTable(report));
      const answer = await call('reportsSave', { suggestedName: `report-${from}-${to}.csv`, csv, language: languageOf(i18n.language) });
      if (answer.status === 'cancelled') return;
      await session.recordAudit('report.export', { months: report.months.length });
      setMessage({ kind: 'status', text: t('reports.funder.saved', { path: answer.path }) });
    } catch (e) {
      setMessage({ kind: 'alert', text: t('reports.funder.saveFailed', { reason: describeError(t, e) }) });
    }
  }

  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t('reports.funder.title')}</h1>
      <p>{t('reports.funder.intro')}</p>
      <OlderHistory needed={!error && needsArchiveFrom(vault, startOfLocalDay(`${from}-01`, zone))} />
      <div className="period">
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('reports.funder.from')}</label>
          <MonthInput id={`${id}-from`} value={from} onChange={setFrom} aria-invalid={error !== undefined} aria-describedby={`${id}-format`} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('reports.funder.to')}</label>
          <MonthInput id={`${id}-to`} value={to} onChange={setTo} aria-invalid={error !== undefined} aria-describedby={`${id}-format`} />
        </div>
      </div>
      <p className="hint" id={`${id}-format`}>
        {t('reports.funder.monthFormat')}
      </p>
      {error && <p role="alert">{t(`reports.funder.periodError.${error}`, { max: MAX_MONTHS })}</p>}
      {report && (
        <>
          <div className="table-scroll">
            <table className="data numbers" data-testid="funder-report">
              <caption>{t('reports.funder.caption', { from: formatMonth(from, i18n.language), to: formatMonth(to, i18n.language) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.funder.month')}</th>
                  <th scope="col">{t('reports.funder.arrivals')}</th>
                  <th scope="col">{t('reports.funder.departures')}</th>
                  <th scope="col">{t('reports.funder.bedNights')}</th>
                  <th scope="col">{t('reports.funder.occupancy')}</th>
                  {report.countries.map((c) => (
                    <th scope="col" key={c}>
                      {t('reports.funder.departuresTo', { country: columnName(c) })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{m.month}</th>
                    <td>{cell(m.arrivals)}</td>
                    <td>{cell(m.departures)}</td>
                    <td>{cell(m.bedNights)}</td>
                    <td>{cell(m.occupancyRatePct)}</td>
                    {report.countries.map((c) => (
                      <td key={c}>{cell(m.departuresTo[c] ?? WITHHELD)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="hint">{t('reports.funder.legend', { below: BELOW_THRESHOLD })}</p>
          {message && <p role={message.kind}>{message.text}</p>}
          <div className="actions">
            <button type="button" onClick={() => void save()}>
              {t('reports.funder.save')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
