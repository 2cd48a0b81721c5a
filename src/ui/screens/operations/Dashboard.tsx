import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OccupancyState } from '../../../core/occupancy';
import { localDay } from '../../../core/time/zone';
import { useAsOf } from '../../operations/AsOf';
import { formatDay } from '../../operations/format';
import { useOccupancy } from '../../operations/useOccupancy';
import { useSession, useVaultState } from '../../session/SessionContext';
import { ChartFigure, countryName, OccupancyChart, OccupancyTable, OutcomesChart, OutcomesTable, type OutcomeRow } from './charts';
import { OpeningIdentities } from '../../components/OpeningIdentities';
import { attentionOf, houseTable, occupancySeries, outcomeBars, stayLengths, type AttentionItem, type Span } from './DashboardFigures';

/** Names listed per "needs attention" group; the count says how many more there are. */
const ATTENTION_LIMIT = 8;

/**
 * The operator's first screen: beds used and free per house, this week's arrivals and departures,
 * who needs attention, occupancy over time, where people went and how long they stayed, all as of
 * the day picked in the as-of bar. Figures are memoised on the occupancy state (stable until the
 * vault changes) and the as-of instant, so rendering never recomputes them.
 */
export function Dashboard() {
  const { t } = useTranslation();
  const session = useSession();
  const { state, asOf } = useOccupancy();
  const { zone } = useAsOf();
  const vault = useVaultState();
  const houses = useMemo(() => houseTable(state, asOf, zone), [state, asOf, zone]);
  // People are updated in place in the vault's map, so the snapshot (new on every change) is the memo key.
  const needs = useMemo(() => attentionOf(state, vault, asOf), [state, vault, asOf]);

  const title = (
    <>
      <h1 id="dashboard-title">{t('reports.dashboard.title')}</h1>
      <p className="hint">{t('app.signedInAs', { name: session.user.name, role: t(`roles.${session.user.role}`) })}</p>
    </>
  );
  if (houses.rows.length === 0) {
    return (
      <section aria-labelledby="dashboard-title">
        {title}
        <p>{t('reports.dashboard.noHouses')}</p>
        <p>
          <Link className="button" to="/houses">
            {t('reports.dashboard.addHouses')}
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      {title}
      {vault.identities === 'open' && vault.people.size === 0 && <NextStepPeople />}
      <HousesTable table={houses} asOf={asOf} />
      <AttentionPanel needs={needs} />
      <Trends />
    </section>
  );
}

/** Houses exist but nobody is recorded: the next step is people, one by one or from a spreadsheet. */
function NextStepPeople() {
  const { t } = useTranslation();
  return (
    <div className="card next-step">
      <p>{t('reports.dashboard.noPeople')}</p>
      <p className="actions">
        <Link className="button" to="/residents/new">
          {t('reports.dashboard.addPerson')}
        </Link>
        <Link className="button secondary" to="/import">
          {t('reports.dashboard.importPeople')}
        </Link>
      </p>
    </div>
  );
}

function HousesTable({ table, asOf }: { table: ReturnType<typeof houseTable>; asOf: string }) {
  const { t, i18n } = useTranslation();
  const { zone } = useAsOf();
  const columns = (r: Omit<ReturnType<typeof houseTable>['total'], never>) => (
    <>
      <td>{r.capacity}</td>
      <td>{r.occupied}</td>
      <td className={r.free === 0 ? 'full' : undefined}>{r.free}</td>
      <td>
        <span className="rate">
          <meter min={0} max={100} value={r.ratePct} aria-hidden="true" /> {r.ratePct}%
        </span>
      </td>
      <td>{r.arrivals}</td>
      <td>{r.departures}</td>
    </>
  );
  return (
    <div className="table-scroll">
      <table className="data numbers houses" data-testid="houses-table">
        <caption>{t('reports.dashboard.housesCaption', { date: formatDay(asOf, i18n.language, zone), week: table.week })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.dashboard.house')}</th>
            <th scope="col">{t('reports.dashboard.places')}</th>
            <th scope="col">{t('reports.dashboard.used')}</th>
            <th scope="col">{t('reports.dashboard.free')}</th>
            <th scope="col">{t('reports.dashboard.occupancyRate')}</th>
            <th scope="col">{t('reports.dashboard.arrivalsWeek')}</th>
            <th scope="col">{t('reports.dashboard.departuresWeek')}</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.houseId}>
              <th scope="row">
                {r.alias} <span className="hint">{r.city}</span>
              </th>
              {columns(r)}
            </tr>
          ))}
        </tbody>
        {table.rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">{t('reports.dashboard.allHouses')}</th>
              {columns(table.total)}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

function AttentionPanel({ needs }: { needs: ReturnType<typeof attentionOf> }) {
  const { t } = useTranslation();
  if (needs === 'pending') {
    return (
      <section aria-labelledby="attention-title" className="attention">
        <h2 id="attention-title">{t('reports.dashboard.attention')}</h2>
        <OpeningIdentities />
      </section>
    );
  }
  const groups = [
    { key: 'waiting', items: needs.waiting },
    { key: 'highRisk', items: needs.highRisk },
    { key: 'urgentNeeds', items: needs.urgentNeeds },
  ] as const;
  return (
    <section aria-labelledby="attention-title" className="attention">
      <h2 id="attention-title">{t('reports.dashboard.attention')}</h2>
      <div className="attention-groups">
        {groups.map(({ key, items }) => (
          <AttentionGroup key={key} group={key} items={items} />
        ))}
      </div>
    </section>
  );
}

function AttentionGroup({ group, items }: { group: 'waiting' | 'highRisk' | 'urgentNeeds'; items: readonly AttentionItem[] }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="card" data-testid={`attention-${group}`}>
      <h3 id={id}>
        {t(`reports.dashboard.${group}`)} <span className="count">{items.length}</span>
      </h3>
      <p className="hint">{t(`reports.dashboard.${group}Hint`)}</p>
      {items.length > 0 && (
        <ul aria-labelledby={id}>
          {items.slice(0, ATTENTION_LIMIT).map((item) => (
            <li key={item.personId}>
              <Link to={`/residents/${item.personId}`}>{item.alias}</Link>
              {group !== 'highRisk' && item.riskLevel === 'high' && <span className="tag risk-high">{t('reports.dashboard.highRiskTag')}</span>}
              {item.urgent.map((kind) => (
                <span key={kind} className="tag">
                  {t(`reports.needs.${kind}`)}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      {items.length > ATTENTION_LIMIT && <p className="hint">{t('reports.dashboard.andMore', { n: items.length - ATTENTION_LIMIT })}</p>}
    </div>
  );
}

/**
 * The trends are the costly part of the dashboard (core lengthsOfStay walks every stay: ~0.3 s at
 * 100,000 events), so they render deferred: the houses and the attention lists paint first, and a new
 * as-of day shows at once there while the charts catch up (dimmed until they have).
 */
function Trends() {
  const { t } = useTranslation();
  const { state, asOf } = useOccupancy();
  const deferredState = useDeferredValue<OccupancyState | null>(state, null);
  const deferredAsOf = useDeferredValue(asOf, '');
  if (deferredState === null || deferredAsOf === '') {
    return (
      <p className="busy" role="status">
        <progress aria-label={t('reports.dashboard.calculating')} /> {t('reports.dashboard.calculating')}
      </p>
    );
  }
  return <TrendsView state={deferredState} asOf={deferredAsOf} stale={deferredState !== state || deferredAsOf !== asOf} />;
}

function TrendsView({ state, asOf, stale }: { state: OccupancyState; asOf: string; stale: boolean }) {
  const { t, i18n } = useTranslation();
  const { zone } = useAsOf();
  const vault = useVaultState();
  const id = useId();
  const [span, setSpan] = useState<Span>('months');
  const [houseId, setHouseId] = useState('');
  const [by, setBy] = useState<'country' | 'partner'>('country');
  const series = useMemo(() => occupancySeries(state, span, asOf, zone, houseId || undefined), [state, span, asOf, zone, houseId]);
  const asOfDay = localDay(Date.parse(asOf), zone);
  const bars = useMemo(() => outcomeBars(state, by, span, asOfDay, zone), [state, by, span, asOfDay, zone]);
  const stays = useMemo(() => stayLengths(state, span, asOfDay, zone), [state, span, asOfDay, zone]);
  const outcomeRows: OutcomeRow[] = bars.map((b) => ({
    label: b.key === null ? t('reports.dashboard.notRecorded') : by === 'country' ? countryName(b.key, i18n.language) : (vault.partners.get(b.key)?.name ?? t('reports.dashboard.unknownPartner')),
    total: b.total,
    byOutcome: b.byOutcome,
  }));
  const spanText = t(`reports.dashboard.span.${span}`);
  const days = (d: number | null) => (d === null ? '–' : t('reports.dashboard.days', { n: Math.round(d) }));
  const houseName = houseId ? (state.layout.houses.get(houseId)?.alias ?? '') : t('reports.dashboard.allHouses');

  return (
    <section aria-labelledby={`${id}-trends`} className={stale ? 'trends stale' : 'trends'} aria-busy={stale}>
      <h2 id={`${id}-trends`}>{t('reports.dashboard.trends')}</h2>
      <div className="controls">
        <div className="field">
          <label htmlFor={`${id}-span`}>{t('reports.dashboard.spanLabel')}</label>
          <select id={`${id}-span`} value={span} onChange={(e) => setSpan(e.target.value as Span)}>
            <option value="weeks">{t('reports.dashboard.span.weeks')}</option>
            <option value="months">{t('reports.dashboard.span.months')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-house`}>{t('reports.dashboard.houseLabel')}</label>
          <select id={`${id}-house`} value={houseId} onChange={(e) => setHouseId(e.target.value)}>
            <option value="">{t('reports.dashboard.allHouses')}</option>
            {[...state.layout.houses.values()].map((h) => (
              <option key={h.id} value={h.id}>
                {h.alias}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-by`}>{t('reports.dashboard.byLabel')}</label>
          <select id={`${id}-by`} value={by} onChange={(e) => setBy(e.target.value as 'country' | 'partner')}>
            <option value="country">{t('reports.dashboard.byCountry')}</option>
            <option value="partner">{t('reports.dashboard.byPartner')}</option>
          </select>
        </div>
      </div>
      <div className="charts">
        <ChartFigure
          title={t('reports.dashboard.occupancyTitle', { house: houseName })}
          summary={t('reports.dashboard.occupancySummary', {
            span: spanText,
            latest: series.at(-1)?.ratePct ?? 0,
            average: series.length ? Math.round(series.reduce((n, p) => n + p.ratePct, 0) / series.length) : 0,
          })}
          empty={series.length === 0 ? t('reports.dashboard.noData') : undefined}
          table={<OccupancyTable points={series} />}
        >
          <OccupancyChart points={series} />
        </ChartFigure>
        <ChartFigure
          title={t(by === 'country' ? 'reports.dashboard.outcomesByCountry' : 'reports.dashboard.outcomesByPartner')}
          summary={t('reports.dashboard.outcomesSummary', { span: spanText, n: bars.reduce((n, b) => n + b.total, 0) })}
          empty={bars.length === 0 ? t('reports.dashboard.noDepartures') : undefined}
          table={<OutcomesTable rows={outcomeRows} keyLabel={t(by === 'country' ? 'reports.dashboard.country' : 'reports.dashboard.partner')} />}
        >
          <OutcomesChart rows={outcomeRows} />
        </ChartFigure>
      </div>
      <div className="card stays" data-testid="stay-lengths">
        <h3>{t('reports.dashboard.staysTitle')}</h3>
        <dl className="facts inline">
          <dt>{t('reports.dashboard.staysEnded')}</dt>
          <dd>{stays.count}</dd>
          <dt>{t('reports.dashboard.median')}</dt>
          <dd>{days(stays.medianDays)}</dd>
          <dt>{t('reports.dashboard.p90')}</dt>
          <dd>{days(stays.p90Days)}</dd>
        </dl>
        <p className="hint">{t('reports.dashboard.staysHint', { span: spanText })}</p>
      </div>
    </section>
  );
}
