import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/core/occupancy';
import { funderReportTable, monthlyReport, toCsv } from '../../../src/core/reports';
import { day, ev, makeLayout } from '../occupancy/fixtures';

// One room of ten beds. January: seven arrivals (days 0-6). 10 February: six leave, five to Canada,
// one to Germany. 5 March: one more arrives. The report runs to 15 March.
const layout = makeLayout([[10]]);
const people = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'];
const events = [
  ...people.map((p, i) => ev.arrival(p, `h1r1b${i + 1}`, i)),
  ...people.slice(0, 5).map((p) => ev.departure(p, 40, { outcome: 'resettled', destinationCountry: 'CA', partnerId: 'rr' })),
  ev.departure('P6', 40, { outcome: 'other-shelter', destinationCountry: 'DE' }),
  ev.arrival('P8', 'h1r1b8', 64),
];
const state = fold(events, layout);
const report = monthlyReport(state, { from: '2023-12', to: '2024-04', now: '2024-03-15T00:00:00Z', zone: 'UTC' });

describe('monthly report for funders', () => {
  it('has one row per month up to now, with small counts withheld', () => {
    expect(report.countries).toEqual(['CA', 'other']);
    expect(report.months).toEqual([
      // Nothing yet: every count is "<5", zero included, and the rate of a withheld count is withheld.
      { month: '2023-12', arrivals: '<5', departures: '<5', bedNights: '<5', occupancyRatePct: 'suppressed', departuresTo: { CA: '<5', other: '<5' } },
      // 7 arrivals; bed-nights 31+30+...+25 = 196 of 10 x 31.
      { month: '2024-01', arrivals: 7, departures: '<5', bedNights: 196, occupancyRatePct: 63, departuresTo: { CA: '<5', other: '<5' } },
      // 6 departures, 5 to Canada and 1 elsewhere: 6 - 5 would give the "<5" away, so Canada is withheld too.
      // Bed-nights: six people 9 nights each, P7 all 29.
      { month: '2024-02', arrivals: '<5', departures: 6, bedNights: 83, occupancyRatePct: 29, departuresTo: { CA: 'suppressed', other: '<5' } },
      // Up to 15 March: P7 14 nights, P8 10, of 10 x 14.
      { month: '2024-03', arrivals: '<5', departures: '<5', bedNights: 24, occupancyRatePct: 17, departuresTo: { CA: '<5', other: '<5' } },
    ]);
  });

  it('pools destinations with fewer than 5 departures over the whole report', () => {
    expect(report.countries).not.toContain('DE');
  });

  it('withholds no more than needed when two cells are already below the threshold', () => {
    const many = makeLayout([[30]]);
    let bed = 0;
    const group = (country: string | undefined, n: number, leaves: number) =>
      Array.from({ length: n }, () => {
        const id = `x${++bed}`;
        return [ev.arrival(id, `h1r1b${bed}`, 0), ev.departure(id, leaves, { outcome: 'resettled', ...(country && { destinationCountry: country }) })];
      }).flat();
    // February: Canada 10, Netherlands 6, USA 2, unrecorded 1. March: USA 4 more, so the USA gets a column.
    const s = fold([...group('CA', 10, 40), ...group('NL', 6, 40), ...group('US', 2, 40), ...group(undefined, 1, 40), ...group('US', 4, 70)], many);
    const { countries, months } = monthlyReport(s, { from: '2024-02', to: '2024-03', now: '2024-06-01T00:00:00Z', zone: 'UTC' });
    expect(countries).toEqual(['CA', 'NL', 'US', 'other']);
    expect(months[0]?.departures).toBe(19);
    expect(months[0]?.departuresTo).toEqual({ CA: 10, NL: 6, US: '<5', other: '<5' });
  });

  it('writes CSV without names, ids or dates finer than a month', () => {
    const csv = toCsv(funderReportTable(report));
    expect(csv.split('\r\n')[0]).toBe('"month","arrivals","departures","bed_nights","occupancy_rate_pct","departures_to_CA","departures_to_other"');
    expect(csv.split('\r\n')[3]).toBe('"2024-02","<5","6","83","29","suppressed","<5"');
    expect(csv).not.toMatch(/P\d|h1r1|\brr\b|\d{4}-\d{2}-\d{2}/);
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => monthlyReport(state, { from: '2024-13', to: '2024-12', now: day(100), zone: 'UTC' })).toThrow('a month must look like 2024-03');
  });
});
