import type { Person } from '../model/person';
import type { Departure, StayEvent } from '../model/stay-event';
import type { HandoffSource } from './minimise';

const DAY_MS = 86_400_000;

export interface StayFacts {
  readonly staySummary: HandoffSource['staySummary'];
  /** The outcome code of the departure that ended the last stay; none while the person is still here. */
  readonly outcome?: Departure['outcome'];
}

/**
 * A person's stays in the shelter, from the stay events (voided ones ignored): first arrival, the
 * departure that ended the last stay (if they left), and the nights spent here over all stays
 * (a night counts for the day it begins, as in the occupancy figures). Undefined when they never arrived.
 */
export function stayFacts(personId: string, events: readonly StayEvent[], now: Date): StayFacts | undefined {
  // Corrections cannot themselves be voided (core/occupancy), so one pass finds every voided event.
  const voided = new Set(events.flatMap((e) => (e.type === 'correction' ? [e.voids] : [])));
  const moves = events
    .filter((e) => e.type !== 'correction' && e.personId === personId && !voided.has(e.id))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  let arrived: string | undefined;
  let openedAt: number | undefined;
  let nights = 0;
  let lastDeparture: Departure | undefined;
  for (const e of moves) {
    if (e.type === 'arrival' && openedAt === undefined) {
      arrived ??= e.at;
      openedAt = Date.parse(e.at);
      lastDeparture = undefined;
    } else if (e.type === 'departure' && openedAt !== undefined) {
      nights += nightsBetween(openedAt, Date.parse(e.at));
      openedAt = undefined;
      lastDeparture = e;
    }
  }
  if (arrived === undefined) return undefined;
  if (openedAt !== undefined) nights += nightsBetween(openedAt, Math.max(openedAt, now.getTime()));
  return {
    staySummary: {
      arrived: arrived.slice(0, 10),
      daysInShelter: nights,
      ...(lastDeparture && { departed: lastDeparture.at.slice(0, 10) }),
    },
    ...(lastDeparture && { outcome: lastDeparture.outcome }),
  };
}

function nightsBetween(from: number, to: number): number {
  return Math.floor(to / DAY_MS) - Math.floor(from / DAY_MS);
}

/**
 * What minimise may read about a person: needs as their kinds (not done yet), never their notes on the
 * need; the stay summary and outcome from the events. Sensitive fields are offered here and kept or
 * dropped by minimise according to the export's profile.
 */
export function handoffSourceOf(person: Person, stay: StayFacts): HandoffSource {
  return {
    alias: person.alias,
    birthYear: person.birthYear,
    languages: person.languages,
    needs: [...new Set(person.needs.filter((n) => n.status !== 'done').map((n) => n.kind))],
    staySummary: stay.staySummary,
    outcome: stay.outcome,
    legalName: person.legalName,
    phone: person.phone,
    notes: person.notes,
  };
}
