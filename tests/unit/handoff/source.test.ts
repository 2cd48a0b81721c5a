import { describe, expect, it } from 'vitest';
import { BundleError, handoffSourceOf, minimise, MINIMAL_PROFILE, peopleFromPayload, stayFacts, type PersonRecord } from '../../../src/core/handoff';
import type { Person } from '../../../src/core/model/person';
import type { StayEvent } from '../../../src/core/model/stay-event';
import { newNeed } from '../../../src/core/occupancy';

/** Needs known long before any day these tests look at. */
const KNOWN = '2000-01-01T00:00:00.000Z';

const P = 'person-1';
const at = (day: string, hour = 12) => `${day}T${String(hour).padStart(2, '0')}:00:00Z`;
let n = 0;
const base = (day: string, hour?: number) => ({ id: `e${++n}`, at: at(day, hour), recordedAt: at(day, hour) });
const arrival = (day: string, personId = P, hour?: number): StayEvent => ({ ...base(day, hour), type: 'arrival', personId, houseId: 'h', bedId: 'b' });
const transfer = (day: string): StayEvent => ({ ...base(day), type: 'transfer', personId: P, toHouseId: 'h2', toBedId: 'b2' });
const departure = (day: string, outcome: 'resettled' | 'other-shelter' = 'resettled', hour?: number): StayEvent => ({
  ...base(day, hour),
  type: 'departure',
  personId: P,
  outcome,
});
const correction = (voids: string): StayEvent => ({ ...base('2026-02-20'), type: 'correction', voids, reason: 'typed the wrong person' });
const NOW = new Date('2026-03-01T09:00:00Z');

describe('stayFacts: the stay summary and outcome a bundle carries', () => {
  it('counts nights from arrival to departure, through transfers; the outcome is the departure’s', () => {
    const events = [arrival('2026-01-10', P, 15), transfer('2026-01-20'), departure('2026-02-01', 'resettled', 10)];
    expect(stayFacts(P, events, NOW)).toEqual({ staySummary: { arrived: '2026-01-10', departed: '2026-02-01', daysInShelter: 22 }, outcome: 'resettled' });
  });

  it('an ongoing stay counts up to now and has no departure or outcome', () => {
    expect(stayFacts(P, [arrival('2026-02-26')], NOW)).toEqual({ staySummary: { arrived: '2026-02-26', daysInShelter: 3 } });
  });

  it('sums several stays; a return after a departure makes the stay ongoing again', () => {
    const left = [arrival('2026-01-01'), departure('2026-01-11', 'other-shelter'), arrival('2026-02-01'), departure('2026-02-06')];
    expect(stayFacts(P, left, NOW)).toEqual({ staySummary: { arrived: '2026-01-01', departed: '2026-02-06', daysInShelter: 15 }, outcome: 'resettled' });
    const back = [arrival('2026-01-01'), departure('2026-01-11'), arrival('2026-02-27')];
    expect(stayFacts(P, back, NOW)).toEqual({ staySummary: { arrived: '2026-01-01', daysInShelter: 12 } });
  });

  it('ignores voided events and other people’s events; no arrival means no stay', () => {
    const wrong = departure('2026-01-15');
    expect(stayFacts(P, [arrival('2026-01-10'), wrong, correction(wrong.id)], NOW)?.staySummary).toEqual({ arrived: '2026-01-10', daysInShelter: 50 });
    const mistaken = arrival('2026-01-10');
    expect(stayFacts(P, [mistaken, correction(mistaken.id)], NOW)).toBeUndefined();
    expect(stayFacts(P, [arrival('2026-01-10', 'someone-else')], NOW)).toBeUndefined();
  });
});

const person = (overrides: Partial<Person> = {}): Person => ({
  id: P,
  alias: 'Kolya',
  languages: ['ru', 'uk'],
  needs: [
    newNeed('housing', 'open', KNOWN, 'private detail about the need'),
    newNeed('medical', 'done', KNOWN),
    newNeed('legal', 'in-progress', KNOWN),
  ],
  riskLevel: 'high',
  consentToShare: ['partner-1'],
  legalName: 'Nikolai Real',
  phone: '+7 900 000-00-00',
  notes: 'a note',
  birthYear: 1994,
  ...overrides,
});

describe('handoffSourceOf + minimise: what leaves for a person', () => {
  it('carries needs as kinds still open (never their notes), and the sensitive fields only when ticked', () => {
    const stay = stayFacts(P, [arrival('2026-01-10'), departure('2026-02-01')], NOW)!;
    const minimal = minimise([handoffSourceOf(person(), stay)], MINIMAL_PROFILE).people[0];
    expect(minimal).toEqual({
      alias: 'Kolya',
      birthYear: 1994,
      languages: ['ru', 'uk'],
      needs: ['housing', 'legal'],
      staySummary: { arrived: '2026-01-10', departed: '2026-02-01', daysInShelter: 22 },
      outcome: 'resettled',
    });
    expect(JSON.stringify(minimal)).not.toContain('private detail');
    const named = minimise([handoffSourceOf(person(), stay)], { legalName: true, phone: false, notes: true }).people[0];
    expect(named).toMatchObject({ legalName: 'Nikolai Real', notes: 'a note' });
    expect(named).not.toHaveProperty('phone');
  });
});

describe('peopleFromPayload: received records become new people', () => {
  const record = (overrides: Partial<PersonRecord> = {}): PersonRecord => ({
    alias: 'Guest',
    languages: ['ru', 'ru', 'en'],
    needs: ['housing', 'housing', 'other', 'other', 'a ride to the embassy'],
    staySummary: { arrived: '2026-01-10', departed: '2026-02-01', daysInShelter: 22 },
    outcome: 'resettled',
    ...overrides,
  });

  it('gives fresh ids, open needs known from receipt (unknown kinds as "other" with the text), provenance before the notes', () => {
    const people = peopleFromPayload({ people: [record({ notes: 'from them', legalName: 'Real Name', birthYear: 1990 }), record({ alias: 'Other' })] }, (r) => `from the partner: ${r.staySummary.daysInShelter} days`, KNOWN);
    expect(people).toHaveLength(2);
    expect(people[0]!.id).not.toBe(people[1]!.id);
    expect(people[0]).toEqual({
      id: people[0]!.id,
      alias: 'Guest',
      languages: ['ru', 'en'],
      needs: [
        newNeed('housing', 'open', KNOWN),
        newNeed('other', 'open', KNOWN),
        newNeed('other', 'open', KNOWN),
        newNeed('other', 'open', KNOWN, 'a ride to the embassy'),
      ],
      riskLevel: 'medium',
      consentToShare: [],
      notes: 'from the partner: 22 days\n\nfrom them',
      legalName: 'Real Name',
      birthYear: 1990,
    });
    expect(people[1]!.notes).toBe('from the partner: 22 days');
  });

  it('refuses the whole bundle, naming record and field, when a record does not fit this app', () => {
    const refuse = (r: PersonRecord) => {
      try {
        peopleFromPayload({ people: [record(), r] }, () => 'x', KNOWN);
      } catch (error) {
        expect(error).toBeInstanceOf(BundleError);
        return { reason: (error as BundleError).reason, field: (error as BundleError).field, message: (error as BundleError).message };
      }
      throw new Error('expected a refusal');
    };
    expect(refuse(record({ alias: 'x'.repeat(61) }))).toMatchObject({ reason: 'invalid-content', field: 'alias', message: expect.stringMatching(/^people\[1\]: alias: /) });
    expect(refuse(record({ phone: 'call me maybe' }))).toMatchObject({ reason: 'invalid-content', field: 'phone' });
  });
});
