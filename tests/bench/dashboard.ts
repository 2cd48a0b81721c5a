import type { Person } from '../../src/core/model';
import {
  DAY_MS,
  housesAt,
  lengthsOfStay,
  occupancyRate,
  outcomesBy,
  periodCounts,
  waitingForBed,
  type OccupancyState,
} from '../../src/core/occupancy';

/**
 * What the dashboard shows (issue 4): per house beds used and free, arrivals and departures this
 * week, who needs attention, occupancy over the last year (weekly points), outcomes, lengths of stay.
 * The bench computes it as part of "open", since that is when an operator sees data. Until the
 * dashboard screen exists this is the stand-in; switch to its own selector when it lands.
 */
export interface DashboardData {
  houses: number;
  occupied: number;
  arrivalsThisWeek: number;
  departuresThisWeek: number;
  waiting: number;
  occupancyPoints: number;
  outcomeGroups: number;
  medianStayDays: number | null;
}

export function dashboardData(state: OccupancyState, people: readonly Person[], now: number): DashboardData {
  const houses = housesAt(state, now);
  const week = periodCounts(state, 'isoWeek', now - 7 * DAY_MS, now);
  const waiting = waitingForBed(state, people, now);
  const occupancy: number[] = [];
  for (let w = 52; w >= 0; w--) occupancy.push(occupancyRate(state, now - w * 7 * DAY_MS));
  const outcomes = outcomesBy(state, 'country', now - 365 * DAY_MS, now);
  const stays = lengthsOfStay(state, now - 365 * DAY_MS, now);
  return {
    houses: houses.length,
    occupied: houses.reduce((n, h) => n + h.occupied, 0),
    arrivalsThisWeek: week.reduce((n, p) => n + p.arrivals, 0),
    departuresThisWeek: week.reduce((n, p) => n + p.departures, 0),
    waiting: waiting.length,
    occupancyPoints: occupancy.length,
    outcomeGroups: outcomes.length,
    medianStayDays: stays.medianDays,
  };
}

/**
 * The Residents search (issue 4): case-insensitive substring of the alias, Latin and Cyrillic alike.
 * A stand-in until the screen's own search exists; the bench should then call that instead.
 */
export function searchAliases(people: readonly Person[], query: string): Person[] {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return [...people];
  return people.filter((p) => p.alias.toLocaleLowerCase().includes(q));
}

export const SEARCH_QUERIES = ['sa', 'ал', 'dima', 'к.', 'timur', 'a', 'ни', 'zz', 'aig', 'ja', 'лев', 'ruslan 4'];
