import { type Bed, type House, type Need, type NeedKind, type Outcome, type Partner, type Person, type Room, type StayEvent } from '../../src/core/model';
import { DAY_MS, newNeed, type Layout } from '../../src/core/occupancy';
import { Prng } from './prng';

/**
 * The bench data set: houses with rooms and beds, partners, people, and a stream of stay events
 * (arrivals, transfers, departures with outcomes, a few corrections) over five years. A small
 * simulation keeps it valid by construction: nobody is in two beds, no bed holds two people, no room
 * goes over capacity, nobody leaves before arriving, so the occupancy fold accepts every event.
 * Deterministic for a given seed; runs in Node and in the browser (no DOM, no Node APIs).
 * The operations screens reuse it to be checked at 10,000 people.
 */
export interface SeedOptions {
  people?: number;
  events?: number;
  houses?: number;
  seed?: number;
  years?: number;
  /** The data ends here (ISO); the bench records new arrivals after it, at the real "now". */
  end?: string;
  /** User ids for recordedBy; the bench passes the vault's admin. */
  staff?: readonly string[];
}

export interface SeedStats {
  stays: number;
  arrivals: number;
  transfers: number;
  departures: number;
  corrections: number;
  /** Arrivals dropped because every bed (or room) was taken that moment. */
  turnedAway: number;
  inResidenceAtEnd: number;
  neverArrived: number;
  beds: number;
}

export interface SeedData {
  layout: Layout;
  partners: Partner[];
  people: Person[];
  /** In application order (strictly increasing `at`). */
  events: StayEvent[];
  staff: readonly string[];
  /** First and last event. */
  startMs: number;
  endMs: number;
  stats: SeedStats;
}

export const SEED_DEFAULTS = {
  people: 10_000,
  events: 100_000,
  houses: 8,
  seed: 20_261_124,
  years: 5,
  end: '2026-11-20T00:00:00.000Z',
} as const;

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Stay length: log-normal, median 9 days (mean ~13.5), so occupancy stays realistic at any scale. */
const STAY_MEDIAN_DAYS = 9;
const STAY_SIGMA = 0.9;
const MEAN_STAY_DAYS = STAY_MEDIAN_DAYS * Math.exp((STAY_SIGMA * STAY_SIGMA) / 2);
/** Beds are sized so the houses run about 70% full on average. */
const TARGET_OCCUPANCY = 0.7;
/** Measured on the default data set (arrival, 0.38 transfers, departure, 1% corrections); sets the arrival rate. */
const EVENTS_PER_STAY = 2.39;

const HOUSE_NAMES = ['Birch', 'Harbour', 'Lantern', 'Orchard', 'Meadow', 'Willow', 'Kestrel', 'Juniper', 'Rowan', 'Heron', 'Linden', 'Aurora'];
const CITIES = ['Tbilisi', 'Yerevan', 'Almaty', 'Bishkek', 'Riga', 'Vilnius', 'Istanbul', 'Belgrade', 'Berlin', 'Warsaw'];
const PARTNERS = [
  'Rainbow Railroad',
  'ORAM',
  'Sphere Foundation',
  'Coming Out',
  'Kyrgyz Indigo',
  'Labrys',
  'Tbilisi Pride',
  'Pink Armenia',
  'RFSL Newcomers',
  'COC Nederland',
  'Rainbow Refugees Canada',
  'LSVD Queer Refugees',
];
const FIRST = [
  'Sasha', 'Alexei', 'Dima', 'Masha', 'Nastya', 'Zhenya', 'Valya', 'Kolya', 'Lena', 'Tolya', 'Aigerim', 'Timur', 'Dana', 'Arman',
  'Nodir', 'Farrukh', 'Aziz', 'Gulnara', 'Ruslan', 'Vika', 'Yulia', 'Sergei', 'Misha', 'Kira', 'Lev', 'Nika', 'Artyom', 'Polina',
  'Саша', 'Алексей', 'Дима', 'Маша', 'Настя', 'Женя', 'Валя', 'Лена', 'Тимур', 'Руслан', 'Вика', 'Юля', 'Миша', 'Кира', 'Лев', 'Ника',
];
const LAST = [
  'Ivanov', 'Petrova', 'Smirnov', 'Kuznetsova', 'Popov', 'Sokolova', 'Lebedev', 'Kozlova', 'Novikov', 'Morozova', 'Abdullaev',
  'Nurlanova', 'Karimov', 'Sadykova', 'Tursunov', 'Иванов', 'Петрова', 'Смирнов', 'Кузнецова', 'Попов', 'Соколова', 'Волков',
];
const LANGUAGES = ['ru', 'en', 'uk', 'ky', 'uz', 'tg', 'hy', 'az', 'ka', 'kk', 'be', 'de', 'tr'];
const COUNTRIES = ['DE', 'NL', 'CA', 'SE', 'FR', 'GE', 'AM', 'US', 'FI', 'NO', 'ES', 'RS', 'LT'];
const DEST_CITIES = ['Berlin', 'Amsterdam', 'Toronto', 'Stockholm', 'Paris', 'Tbilisi', 'Yerevan', 'Helsinki', 'Oslo', 'Madrid', 'Vilnius'];
const NOTE_SENTENCES = [
  'Arrived with one bag and no documents.',
  'Prefers a room on the ground floor.',
  'Needs a follow-up with the lawyer about the asylum interview.',
  'Allergic to penicillin.',
  'Works night shifts remotely; keep the common room quiet after 23:00.',
  'Family must not learn where they are.',
  'Has a cat placed with a volunteer.',
  'Waiting for a humanitarian visa decision.',
  'Speaks some English, learning German.',
  'Нужна консультация психолога.',
  'Ищет работу, опыт в IT.',
  'Документы у координатора.',
];
const OUTCOME_WEIGHTS: readonly (readonly [Outcome, number])[] = [
  ['resettled', 45],
  ['other-shelter', 20],
  ['returned-home', 10],
  ['left-without-notice', 15],
  ['other', 10],
];
const OTHER_NEEDS: readonly NeedKind[] = ['language', 'financial-literacy', 'medical', 'legal', 'documents', 'other'];

export function seed(options: SeedOptions = {}): SeedData {
  const peopleCount = options.people ?? SEED_DEFAULTS.people;
  const eventCount = options.events ?? SEED_DEFAULTS.events;
  const houseCount = options.houses ?? SEED_DEFAULTS.houses;
  const years = options.years ?? SEED_DEFAULTS.years;
  const endMs = Date.parse(options.end ?? SEED_DEFAULTS.end);
  const days = Math.round(years * 365.25);
  const rng = new Prng(options.seed ?? SEED_DEFAULTS.seed);
  const staff = options.staff ?? [rng.id(), rng.id(), rng.id()];

  const layout = makeLayout(rng, houseCount, bedsFor(eventCount, days));
  const partners: Partner[] = PARTNERS.map((name) => ({ id: rng.id(), name, contact: `Signal: +49 151 ${rng.range(1000000, 9999999)}` }));
  // Everyone is known from the start of the simulated years: needs as they stand then.
  const knownSince = new Date(endMs - days * DAY_MS).toISOString();
  const people = Array.from({ length: peopleCount }, () => makePerson(rng, partners, knownSince));
  const sim = new Simulation(rng, layout, people, partners, staff, eventCount, endMs);
  sim.run(days);
  return { layout, partners, people, events: sim.events, staff, startMs: sim.firstMs, endMs, stats: sim.stats(people.length) };
}

/** Enough beds for the event rate at the target occupancy (the scaling run grows the houses, not their number). */
function bedsFor(events: number, days: number): number {
  const arrivalsPerDay = events / EVENTS_PER_STAY / days;
  return Math.max(16, Math.ceil((arrivalsPerDay * MEAN_STAY_DAYS) / TARGET_OCCUPANCY));
}

function makeLayout(rng: Prng, houseCount: number, totalBeds: number): Layout {
  const houses: House[] = [];
  const rooms: Room[] = [];
  const beds: Bed[] = [];
  const weights = Array.from({ length: houseCount }, () => 0.6 + 0.8 * rng.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  weights.forEach((w, h) => {
    const house: House = { id: rng.id(), alias: `${HOUSE_NAMES[h % HOUSE_NAMES.length]}${h >= HOUSE_NAMES.length ? ` ${h + 1}` : ''}`, city: CITIES[h % CITIES.length] as string };
    houses.push(house);
    const quota = Math.max(2, Math.round((totalBeds * w) / sum));
    let placed = 0;
    for (let r = 1; placed < quota; r++) {
      const n = Math.min(quota - placed, rng.range(2, 6));
      // One room in ten has a bed out of use: capacity below its bed count, so the room rule matters.
      const capacity = n > 2 && rng.chance(0.1) ? n - 1 : n;
      const room: Room = { id: rng.id(), houseId: house.id, name: `Room ${r}`, capacity };
      rooms.push(room);
      for (let b = 1; b <= n; b++) beds.push({ id: rng.id(), roomId: room.id, label: `${r}${String.fromCharCode(64 + b)}` });
      placed += n;
    }
  });
  return { houses, rooms, beds };
}

function makePerson(rng: Prng, partners: readonly Partner[], knownSince: string): Person {
  const first = rng.pick(FIRST);
  const alias = rng.chance(0.5) ? `${first} ${rng.pick(LAST).slice(0, 1)}.` : rng.chance(0.5) ? first : `${first} ${rng.range(2, 99)}`;
  const languages = new Set<string>([rng.chance(0.85) ? 'ru' : rng.pick(LANGUAGES)]);
  for (let i = rng.int(3); i > 0; i--) languages.add(rng.pick(LANGUAGES));
  const needs: Need[] = [];
  if (rng.chance(0.85)) needs.push(newNeed('housing', rng.weighted([['open', 3], ['in-progress', 3], ['done', 4]] as const), knownSince));
  const kinds = new Set<NeedKind>();
  for (let i = rng.int(4); i > 0; i--) kinds.add(rng.pick(OTHER_NEEDS));
  for (const kind of kinds) {
    const need: Need = newNeed(kind, rng.weighted([['open', 4], ['in-progress', 3], ['done', 3]] as const), knownSince);
    if (rng.chance(0.2)) need.note = rng.pick(NOTE_SENTENCES);
    needs.push(need);
  }
  const person: Person = {
    id: rng.id(),
    alias,
    languages: [...languages],
    needs,
    riskLevel: rng.weighted([['low', 3], ['medium', 5], ['high', 2]] as const),
    consentToShare: [...new Set(Array.from({ length: rng.int(3) }, () => rng.pick(partners).id))],
  };
  if (rng.chance(0.6)) person.legalName = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
  if (rng.chance(0.9)) person.birthYear = Math.round(1994 + 7 * rng.normal());
  if (person.birthYear !== undefined) person.birthYear = Math.min(2008, Math.max(1950, person.birthYear));
  if (rng.chance(0.5)) person.phone = `+7 9${rng.range(10, 99)} ${rng.range(100, 999)}-${rng.range(10, 99)}-${rng.range(10, 99)}`;
  if (rng.chance(0.35)) person.notes = Array.from({ length: rng.range(1, 4) }, () => rng.pick(NOTE_SENTENCES)).join(' ');
  return person;
}

interface Action {
  t: number;
  seq: number;
  kind: 'arrive' | 'transfer' | 'depart';
  person: number;
}

/** Min-heap of planned actions by time, then by when they were planned. */
class Agenda {
  private items: Action[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Action | undefined {
    return this.items[0];
  }
  push(a: Action): void {
    const h = this.items;
    h.push(a);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!before(h[i] as Action, h[p] as Action)) break;
      [h[i], h[p]] = [h[p] as Action, h[i] as Action];
      i = p;
    }
  }
  pop(): Action | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l] as Action, h[m] as Action)) m = l;
        if (r < h.length && before(h[r] as Action, h[m] as Action)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Action, h[i] as Action];
        i = m;
      }
    }
    return top;
  }
}

const before = (a: Action, b: Action) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

class Simulation {
  readonly events: StayEvent[] = [];
  /** at, recordedAt of each event in simulation time. */
  private readonly times: number[] = [];
  firstMs = 0;
  private readonly agenda = new Agenda();
  private seq = 0;
  private lastMs = 0;
  private arrivals = 0;
  private transfers = 0;
  private departures = 0;
  private corrections = 0;
  private turnedAway = 0;
  // Beds and rooms by index; free beds per house as swap-remove lists.
  private readonly bedRoom: Int32Array;
  private readonly bedHouse: Int32Array;
  private readonly roomCount: Int32Array;
  private readonly roomCap: Int32Array;
  private readonly freeByHouse: number[][];
  private readonly freePos: Int32Array;
  private freeTotal: number;
  private readonly personBed: Int32Array;
  private readonly arrived: Uint8Array;

  constructor(
    private readonly rng: Prng,
    private readonly layout: Layout,
    private readonly people: readonly Person[],
    private readonly partners: readonly Partner[],
    private readonly staff: readonly string[],
    private readonly target: number,
    private readonly endMs: number,
  ) {
    const houseIndex = new Map(layout.houses.map((h, i) => [h.id, i]));
    const roomIndex = new Map(layout.rooms.map((r, i) => [r.id, i]));
    this.bedRoom = Int32Array.from(layout.beds, (b) => roomIndex.get(b.roomId) as number);
    this.bedHouse = Int32Array.from(layout.beds, (b) => houseIndex.get((layout.rooms[roomIndex.get(b.roomId) as number] as Room).houseId) as number);
    this.roomCount = new Int32Array(layout.rooms.length);
    this.roomCap = Int32Array.from(layout.rooms, (r) => r.capacity);
    this.freeByHouse = layout.houses.map(() => []);
    this.freePos = new Int32Array(layout.beds.length);
    layout.beds.forEach((_, b) => {
      const list = this.freeByHouse[this.bedHouse[b] as number] as number[];
      this.freePos[b] = list.length;
      list.push(b);
    });
    this.freeTotal = layout.beds.length;
    this.personBed = new Int32Array(people.length).fill(-1);
    this.arrived = new Uint8Array(people.length);
  }

  /**
   * Arrivals at a constant mean rate until the event count is reached; then every time is shifted so
   * the last event falls on `end`. Shifting keeps the stream valid and the span close to `days`,
   * without a spike of arrivals at the end that a fixed end date would force.
   */
  run(days: number): void {
    const perDay = this.target / EVENTS_PER_STAY / days;
    for (let d = 0; this.events.length < this.target; d++) {
      const dayStart = d * DAY;
      const n = this.rng.poisson(perDay);
      const times = Array.from({ length: n }, () => dayStart + (8 * 60 + this.rng.int(15 * 60)) * MINUTE + this.rng.int(60) * 1000).sort((a, b) => a - b);
      for (const t of times) this.plan({ t, seq: 0, kind: 'arrive', person: -1 });
      this.until(dayStart + DAY);
    }
    this.events.length = this.target;
    this.times.length = 2 * this.target;
    const shift = this.endMs - (this.times[2 * this.target - 2] as number);
    this.firstMs = (this.times[0] as number) + shift;
    this.events.forEach((e, i) => {
      const at = (this.times[2 * i] as number) + shift;
      e.at = iso(at);
      // Back-filled entries near the end are clamped, so nothing is recorded after `end`.
      e.recordedAt = iso(Math.max(at, Math.min((this.times[2 * i + 1] as number) + shift, this.endMs)));
    });
  }

  stats(peopleCount: number): SeedStats {
    let inResidence = 0;
    for (const b of this.personBed) if (b >= 0) inResidence++;
    let never = 0;
    for (let p = 0; p < peopleCount; p++) if (!this.arrived[p]) never++;
    return {
      stays: this.arrivals,
      arrivals: this.events.filter((e) => e.type === 'arrival').length,
      transfers: this.events.filter((e) => e.type === 'transfer').length,
      departures: this.events.filter((e) => e.type === 'departure').length,
      corrections: this.events.filter((e) => e.type === 'correction').length,
      turnedAway: this.turnedAway,
      inResidenceAtEnd: inResidence,
      neverArrived: never,
      beds: this.layout.beds.length,
    };
  }

  private plan(a: Action): void {
    a.seq = ++this.seq;
    this.agenda.push(a);
  }

  private until(limit: number): void {
    for (let a = this.agenda.peek(); a && a.t < limit && this.events.length < this.target; a = this.agenda.peek()) {
      this.agenda.pop();
      if (a.kind === 'arrive') this.arrive(a.t);
      else if (a.kind === 'transfer') this.transfer(a.person, a.t);
      else this.depart(a.person, a.t);
    }
  }

  /** Strictly increasing times (whole seconds), so the fold's order is the simulation's order. */
  private at(t: number): number {
    this.lastMs = Math.max(Math.floor(t / 1000) * 1000, this.lastMs + 1000);
    return this.lastMs;
  }

  /** Times are kept apart (simulation time, ms) and written as ISO strings once the shift is known. */
  private base(ms: number) {
    // Most entries are typed in within hours; some are back-filled days later.
    const delay = this.rng.chance(0.06) ? this.rng.range(1, 3) * DAY + this.rng.int(600) * MINUTE : this.rng.range(1, 240) * MINUTE;
    this.times.push(ms, ms + delay);
    return { id: this.rng.id(), at: '', recordedAt: '', recordedBy: this.rng.pick(this.staff) };
  }

  private arrive(t: number): boolean {
    let person = -1;
    for (let i = 0; i < 20 && person < 0; i++) {
      const p = this.rng.int(this.people.length);
      if ((this.personBed[p] as number) < 0) person = p;
    }
    const bed = person < 0 ? -1 : this.freeBed(-1, -1);
    if (person < 0 || bed < 0) {
      this.turnedAway++;
      return false;
    }
    const ms = this.at(t);
    const bedRow = this.layout.beds[bed] as Bed;
    const arrival: StayEvent = {
      ...this.base(ms),
      type: 'arrival',
      personId: (this.people[person] as Person).id,
      houseId: (this.layout.houses[this.bedHouse[bed] as number] as House).id,
      bedId: bedRow.id,
    };
    if (this.rng.chance(0.4)) arrival.referredBy = this.rng.pick(this.partners).id;
    this.events.push(arrival);
    this.take(bed, person);
    this.arrivals++;
    this.arrived[person] = 1;
    // The stay's plan: a length, and transfers spread over it.
    const days = Math.min(400, Math.max(0.2, STAY_MEDIAN_DAYS * Math.exp(STAY_SIGMA * this.rng.normal())));
    const leave = ms + days * DAY;
    const moves = this.rng.weighted([[0, 70], [1, 22], [2, 8]] as const);
    for (let i = 0; i < moves; i++) this.plan({ t: ms + this.rng.next() * (leave - ms), seq: 0, kind: 'transfer', person });
    this.plan({ t: leave, seq: 0, kind: 'depart', person });
    return true;
  }

  private transfer(person: number, t: number): void {
    const from = this.personBed[person] as number;
    if (from < 0) return;
    const house = this.rng.chance(0.7) ? (this.bedHouse[from] as number) : -1;
    const to = this.freeBed(house, from);
    if (to < 0) return;
    const ms = this.at(t);
    const bedRow = this.layout.beds[to] as Bed;
    this.events.push({
      ...this.base(ms),
      type: 'transfer',
      personId: (this.people[person] as Person).id,
      toHouseId: (this.layout.houses[this.bedHouse[to] as number] as House).id,
      toBedId: bedRow.id,
    });
    this.release(from);
    this.take(to, person);
    this.transfers++;
  }

  private depart(person: number, t: number): void {
    if ((this.personBed[person] as number) < 0) return;
    const personId = (this.people[person] as Person).id;
    if (this.rng.chance(0.01)) {
      // A departure typed with the wrong outcome, voided by a correction, then typed again.
      const wrong: StayEvent = { ...this.base(this.at(t)), type: 'departure', personId, outcome: 'other' };
      this.events.push(wrong);
      this.events.push({ ...this.base(this.at(t)), type: 'correction', voids: wrong.id, reason: 'Wrong outcome recorded; re-entered.' });
      this.corrections++;
    }
    const outcome = this.rng.weighted(OUTCOME_WEIGHTS);
    const departure: StayEvent = { ...this.base(this.at(t)), type: 'departure', personId, outcome };
    if (outcome === 'resettled' || outcome === 'other-shelter') {
      const c = this.rng.int(COUNTRIES.length);
      departure.destinationCountry = COUNTRIES[c] as string;
      if (this.rng.chance(0.6)) departure.destinationCity = DEST_CITIES[c % DEST_CITIES.length] as string;
      if (this.rng.chance(0.7)) departure.partnerId = this.rng.pick(this.partners).id;
    }
    this.events.push(departure);
    this.release(this.personBed[person] as number);
    this.personBed[person] = -1;
    this.departures++;
  }

  /** A free bed (in `house` if >= 0) whose room has room, other than `current`; -1 if none after a few tries. */
  private freeBed(house: number, current: number): number {
    for (let i = 0; i < 24; i++) {
      let b: number;
      if (house >= 0) {
        const list = this.freeByHouse[house] as number[];
        if (list.length === 0) return i < 12 ? this.freeBed(-1, current) : -1;
        b = list[this.rng.int(list.length)] as number;
      } else {
        if (this.freeTotal === 0) return -1;
        let r = this.rng.int(this.freeTotal);
        let h = 0;
        while (r >= (this.freeByHouse[h] as number[]).length) r -= (this.freeByHouse[h++] as number[]).length;
        b = (this.freeByHouse[h] as number[])[r] as number;
      }
      if (b === current) continue;
      const room = this.bedRoom[b] as number;
      const sameRoom = current >= 0 && this.bedRoom[current] === room;
      if (sameRoom || (this.roomCount[room] as number) < (this.roomCap[room] as number)) return b;
    }
    return -1;
  }

  private take(bed: number, person: number): void {
    const list = this.freeByHouse[this.bedHouse[bed] as number] as number[];
    const pos = this.freePos[bed] as number;
    const last = list.pop() as number;
    if (last !== bed) {
      list[pos] = last;
      this.freePos[last] = pos;
    }
    this.freeTotal--;
    const room = this.bedRoom[bed] as number;
    this.roomCount[room] = (this.roomCount[room] as number) + 1;
    this.personBed[person] = bed;
  }

  private release(bed: number): void {
    const list = this.freeByHouse[this.bedHouse[bed] as number] as number[];
    this.freePos[bed] = list.length;
    list.push(bed);
    this.freeTotal++;
    const room = this.bedRoom[bed] as number;
    this.roomCount[room] = (this.roomCount[room] as number) - 1;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

