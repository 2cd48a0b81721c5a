import type { Language } from '../language';
import type { Bed, House, Room } from '../model/house';
import type { Partner } from '../model/partner';
import { NEED_KINDS, type Need, type Person } from '../model/person';
import type { Arrival, Departure, StayEvent, Transfer } from '../model/stay-event';
import { NAME_BOOKS } from './names';
import { seededRandom, type SeededRandom } from './random';

/**
 * The practice vault's invented world: houses, rooms, beds, people and their stays over the past
 * weeks (arrivals, transfers, departures), all made up. Pure: the same seed, day and language give
 * the same world. Every stay keeps one person to a bed at a time, so the occupancy views work on it
 * as on real data.
 */
export interface PracticeWorld {
  readonly houses: readonly House[];
  readonly rooms: readonly Room[];
  readonly beds: readonly Bed[];
  readonly partner: Partner;
  readonly people: readonly Person[];
  readonly events: readonly StayEvent[];
}

export interface PracticeInput {
  readonly seed: number;
  readonly now: Date;
  readonly language: Language;
  /** The built-in practice partner's keys, made for this practice vault (vault/practice.ts). */
  readonly partnerKeys: { readonly recipient: string; readonly ageIdentity: string };
  /** Who marked the partner's keys as checked: the practice vault's admin. */
  readonly adminId: string;
}

const DAY_MS = 86_400_000;
/** How far back the invented history reaches. */
export const HISTORY_DAYS = 56;
const PEOPLE = 14;

interface Interval {
  readonly from: number;
  readonly to: number;
}

export function inventPracticeWorld(input: PracticeInput): PracticeWorld {
  const random = seededRandom(input.seed);
  const book = NAME_BOOKS[input.language];
  const nowMs = input.now.getTime();
  // Days at 09:00 UTC, so every event is well before `now` and on a clear day.
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS + 9 * 3_600_000;
  const dayAt = (daysAgo: number) => Math.min(today - daysAgo * DAY_MS, nowMs - 60_000);
  const iso = (ms: number) => new Date(ms).toISOString();

  const houses: House[] = [];
  const rooms: Room[] = [];
  const beds: Bed[] = [];
  for (const [h, alias] of book.houses.slice(0, 3).entries()) {
    const house: House = { id: random.id(), alias, city: book.towns[h]! };
    houses.push(house);
    for (let r = 1; r <= 2; r++) {
      const room: Room = { id: random.id(), houseId: house.id, name: book.room(r), capacity: 2 };
      rooms.push(room);
      for (let b = 1; b <= 2; b++) beds.push({ id: random.id(), roomId: room.id, label: book.bed(b) });
    }
  }
  const houseOfBed = (bedId: string) => rooms.find((r) => r.id === beds.find((b) => b.id === bedId)!.roomId)!.houseId;

  const partner: Partner = {
    id: random.id(),
    name: book.partner,
    recipients: [input.partnerKeys.recipient],
    verified: { at: iso(dayAt(HISTORY_DAYS + 1)), by: input.adminId },
    exportProfile: { legalName: true, phone: true, notes: false },
    practice: { ageIdentity: input.partnerKeys.ageIdentity },
  };

  const taken = new Map<string, Interval[]>(beds.map((b) => [b.id, []]));
  // A bed counts by days: one left on a day is free again the next day.
  const freeBed = (span: Interval, except?: string) =>
    beds.find((b) => b.id !== except && taken.get(b.id)!.every((t) => t.to + DAY_MS <= span.from || t.from >= span.to + DAY_MS))?.id;
  const occupy = (bedId: string, span: Interval) => taken.get(bedId)!.push(span);

  const people: Person[] = [];
  const events: StayEvent[] = [];
  const usedAliases = new Set<string>();
  for (let i = 0; i < PEOPLE; i++) {
    const arrived = dayAt(HISTORY_DAYS - Math.floor((i * HISTORY_DAYS) / PEOPLE) - random.int(0, 2));
    const departs = random.chance(0.4) ? arrived + random.int(7, 30) * DAY_MS : undefined;
    const end = departs !== undefined && departs < nowMs ? departs : Number.MAX_SAFE_INTEGER;
    const moves = random.chance(0.3) ? arrived + random.int(2, 6) * DAY_MS : undefined;
    const transferAt = moves !== undefined && moves < Math.min(end, nowMs) ? moves : undefined;
    const firstSpan = { from: arrived, to: transferAt ?? end };
    const firstBed = freeBed(firstSpan);
    if (firstBed === undefined) continue;
    const secondSpan = transferAt === undefined ? undefined : { from: transferAt, to: end };
    const secondBed = secondSpan && freeBed(secondSpan, firstBed);
    const stay = secondBed === undefined ? { from: arrived, to: end } : firstSpan;
    occupy(firstBed, stay);
    if (secondBed !== undefined && secondSpan) occupy(secondBed, secondSpan);

    const person = invent(random, book, usedAliases, arrived, iso, partner.id);
    people.push(person);
    const arrival: Arrival = { id: random.id(), type: 'arrival', personId: person.id, houseId: houseOfBed(firstBed), bedId: firstBed, at: iso(arrived), recordedAt: iso(arrived) };
    events.push(arrival);
    if (secondBed !== undefined && transferAt !== undefined) {
      const transfer: Transfer = { id: random.id(), type: 'transfer', personId: person.id, toHouseId: houseOfBed(secondBed), toBedId: secondBed, at: iso(transferAt), recordedAt: iso(transferAt) };
      events.push(transfer);
    }
    if (end !== Number.MAX_SAFE_INTEGER) {
      const resettled = person.consentToShare.length > 0 && random.chance(0.6);
      const departure: Departure = {
        id: random.id(),
        type: 'departure',
        personId: person.id,
        outcome: resettled ? 'resettled' : random.pick(['other-shelter', 'returned-home', 'left-without-notice'] as const),
        ...(resettled && { partnerId: partner.id }),
        at: iso(end),
        recordedAt: iso(end),
      };
      events.push(departure);
    }
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  return { houses, rooms, beds, partner, people, events };
}

function invent(
  random: SeededRandom,
  book: (typeof NAME_BOOKS)[keyof typeof NAME_BOOKS],
  usedAliases: Set<string>,
  knownSince: number,
  iso: (ms: number) => string,
  partnerId: string,
): Person {
  const first = random.pick(book.first);
  const last = random.pick(book.last);
  let alias = `${first} ${last[0]}.`;
  for (let n = 2; usedAliases.has(alias); n++) alias = `${first} ${last[0]}. ${n}`;
  usedAliases.add(alias);
  const needs: Need[] = [...new Set([random.pick(NEED_KINDS), random.pick(NEED_KINDS)])]
    .filter((kind) => kind !== 'other')
    .map((kind) => {
      const status = random.pick(['open', 'in-progress', 'done'] as const);
      return { kind, status, history: [{ at: iso(knownSince), status }] };
    });
  return {
    id: random.id(),
    alias,
    legalName: `${first} ${last}`,
    birthYear: 1975 + random.int(0, 30),
    languages: random.chance(0.5) ? ['ru'] : ['ru', 'en'],
    ...(random.chance(0.5) && { phone: `+000 ${random.int(100, 999)} ${random.int(1000, 9999)}` }),
    needs,
    riskLevel: random.pick(['low', 'medium', 'high'] as const),
    ...(random.chance(0.4) && { notes: random.pick(book.notes) }),
    consentToShare: random.chance(0.6) ? [partnerId] : [],
  };
}
