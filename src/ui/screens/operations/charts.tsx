import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { OUTCOMES, type Outcome } from '../../../core/model';
import { formatNumber } from '../../operations/format';
import type { OccupancyPoint } from './DashboardFigures';

/**
 * Charts for the dashboard. Each sits in a ChartFigure: a visible heading, a one-line summary that is
 * also the chart's accessible description, and the same numbers as a table (for screen readers and
 * for anyone who wants the exact figures). The SVG itself is one image to assistive technology.
 * Recharts sets styles through the DOM (CSSOM), which the CSP (style-src 'self') allows; animations
 * are off, so figures are final when they appear.
 */

const displayNames = new Map<string, Intl.DisplayNames>();

/** "CA" -> "Canada" / "Канада"; the code itself if the language has no name for it. */
export function countryName(code: string, language: string): string {
  let names = displayNames.get(language);
  if (!names) displayNames.set(language, (names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' })));
  return names.of(code) ?? code;
}

export function ChartFigure(props: { title: string; summary: string; table: ReactNode; empty?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <figure className="chart card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.title}</h2>
      <p id={`${id}-summary`} className="hint">
        {props.summary}
      </p>
      {props.empty ? (
        <p>{props.empty}</p>
      ) : (
        <>
          <div className="chart-box" role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
            {props.children}
          </div>
          <details>
            <summary>{t('reports.dashboard.showTable')}</summary>
            {props.table}
          </details>
        </>
      )}
    </figure>
  );
}

const CHART_STYLE = { width: '100%', height: 260 };
const AXIS_COLOUR = '#55585e';

export function OccupancyChart({ points }: { points: readonly OccupancyPoint[] }) {
  const { t } = useTranslation();
  return (
    <LineChart data={points as OccupancyPoint[]} responsive style={CHART_STYLE} accessibilityLayer={false} margin={{ top: 10, right: 20, bottom: 5, left: 0 }}>
      <CartesianGrid stroke="#e4e2dc" />
      <XAxis dataKey="period" stroke={AXIS_COLOUR} tick={{ fontSize: 12 }} />
      <YAxis domain={[0, 100]} unit="%" stroke={AXIS_COLOUR} tick={{ fontSize: 12 }} width={48} />
      <Tooltip formatter={(value) => [`${String(value)}%`, t('reports.dashboard.occupancyRate')]} />
      <Line type="monotone" dataKey="ratePct" name={t('reports.dashboard.occupancyRate')} stroke="#1f5f8b" strokeWidth={2} isAnimationActive={false} />
    </LineChart>
  );
}

export function OccupancyTable({ points }: { points: readonly OccupancyPoint[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="data numbers">
      <thead>
        <tr>
          <th scope="col">{t('reports.dashboard.period')}</th>
          <th scope="col">{t('reports.dashboard.averageOccupied')}</th>
          <th scope="col">{t('reports.dashboard.places')}</th>
          <th scope="col">{t('reports.dashboard.occupancyRate')}</th>
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr key={p.period}>
            <th scope="row">{p.period}</th>
            <td>{formatNumber(p.averageOccupied, i18n.language)}</td>
            <td>{p.capacity}</td>
            <td>{p.ratePct}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Dark enough for 3:1 against white (WCAG 1.4.11) and told apart by hue; the table carries the numbers too. */
export const OUTCOME_COLOURS: Record<Outcome, string> = {
  resettled: '#1f5f8b',
  'other-shelter': '#25663a',
  'returned-home': '#8a5a00',
  'left-without-notice': '#a3261d',
  other: '#5b4a8a',
};

export interface OutcomeRow {
  readonly label: string;
  readonly total: number;
  readonly byOutcome: Readonly<Record<Outcome, number>>;
}

export function OutcomesChart({ rows }: { rows: readonly OutcomeRow[] }) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ label: r.label, ...r.byOutcome }));
  return (
    <BarChart data={data} responsive style={CHART_STYLE} accessibilityLayer={false} margin={{ top: 10, right: 20, bottom: 5, left: 0 }}>
      <CartesianGrid stroke="#e4e2dc" vertical={false} />
      <XAxis dataKey="label" stroke={AXIS_COLOUR} tick={{ fontSize: 12 }} interval={0} />
      <YAxis allowDecimals={false} stroke={AXIS_COLOUR} tick={{ fontSize: 12 }} width={40} />
      <Tooltip />
      <Legend />
      {OUTCOMES.map((o) => (
        <Bar key={o} dataKey={o} stackId="outcome" name={t(`reports.outcomes.${o}`)} fill={OUTCOME_COLOURS[o]} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}

export function OutcomesTable({ rows, keyLabel }: { rows: readonly OutcomeRow[]; keyLabel: string }) {
  const { t } = useTranslation();
  return (
    <table className="data numbers">
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          {OUTCOMES.map((o) => (
            <th scope="col" key={o}>
              {t(`reports.outcomes.${o}`)}
            </th>
          ))}
          <th scope="col">{t('reports.dashboard.total')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            {OUTCOMES.map((o) => (
              <td key={o}>{r.byOutcome[o]}</td>
            ))}
            <td>{r.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
