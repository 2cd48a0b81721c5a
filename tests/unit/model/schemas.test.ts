import { describe, expect, it } from 'vitest';
import {
  auditEntrySchema,
  DEFAULT_ARCHIVE_AFTER_DAYS,
  DEFAULT_SETTINGS,
  houseSchema,
  partnerSchema,
  personSchema,
  roomSchema,
  settingsSchema,
  stayEventSchema,
  userSchema,
  type Person,
} from '../../../src/core/model';
import { newNeed } from '../../../src/core/occupancy';
import { eventDraftValuesSchema } from '../../../src/core/model/draft';

/** Needs known long before any day these tests look at. */
const KNOWN = '2000-01-01T00:00:00.000Z';

const person: Person = {
  id: 'p1',
  alias: 'Sasha',
  legalName: 'Александр Иванов',
  birthYear: 1994,
  languages: ['ru', 'en'],
  phone: '+7 (495) 123-45-67',
  needs: [
    newNeed('housing', 'in-progress', KNOWN),
    newNeed('legal', 'open', KNOWN, 'asylum papers'),
  ],
  riskLevel: 'high',
  notes: 'Arrived with a friend.\nAllergic to penicillin.',
  consentToShare: ['partner1'],
};

const issues = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('houses, rooms, beds', () => {
  it('has no address field: an unknown key is refused, not ignored', () => {
    const r = houseSchema.safeParse({ id: 'h1', alias: 'North', city: 'Moscow', address: 'ul. Lenina 1' });
    expect(r.success).toBe(false);
    expect(issues(r)).toEqual([': Unrecognized key: "address"']);
  });

  it('trims text and refuses control characters and bidi overrides', () => {
    expect(houseSchema.parse({ id: 'h1', alias: '  North  ', city: 'Moscow' }).alias).toBe('North');
    expect(houseSchema.safeParse({ id: 'h1', alias: 'No\u0007rth', city: 'Moscow' }).success).toBe(false);
    expect(houseSchema.safeParse({ id: 'h1', alias: 'North\u202Egnp.exe', city: 'Moscow' }).success).toBe(false);
    expect(houseSchema.safeParse({ id: 'h1', alias: '   ', city: 'Moscow' }).success).toBe(false);
    expect(houseSchema.safeParse({ id: 'h1', alias: 'x'.repeat(61), city: 'Moscow' }).success).toBe(false);
  });

  it('bounds room capacity to whole people', () => {
    const room = { id: 'r1', houseId: 'h1', name: 'Blue room' };
    expect(roomSchema.safeParse({ ...room, capacity: 2 }).success).toBe(true);
    for (const capacity of [0, 1.5, 51, -1]) expect(roomSchema.safeParse({ ...room, capacity }).success).toBe(false);
  });
});

describe('person', () => {
  it('accepts a full record, and one with only the required fields', () => {
    expect(personSchema.parse(person)).toEqual(person);
    const minimal = { id: 'p2', alias: 'K', languages: [], needs: [], riskLevel: 'low', consentToShare: [] };
    expect(personSchema.parse(minimal)).toEqual(minimal);
  });

  it('allows newlines in notes but not in names', () => {
    expect(personSchema.safeParse({ ...person, alias: 'Sa\nsha' }).success).toBe(false);
    expect(personSchema.safeParse({ ...person, notes: 'line\nline\ttab' }).success).toBe(true);
    expect(personSchema.safeParse({ ...person, notes: 'bell\u0007' }).success).toBe(false);
  });

  it('checks phone, birth year, needs and consent', () => {
    expect(personSchema.safeParse({ ...person, phone: 'call me' }).success).toBe(false);
    expect(personSchema.safeParse({ ...person, birthYear: 1899 }).success).toBe(false);
    expect(personSchema.safeParse({ ...person, needs: [{ ...newNeed('legal', 'open', KNOWN), kind: 'food' }] }).success).toBe(false);
    expect(personSchema.safeParse({ ...person, needs: [{ ...newNeed('housing', 'open', KNOWN), status: 'waiting' }] }).success).toBe(false);
    const twice = personSchema.safeParse({ ...person, needs: [newNeed('medical', 'open', KNOWN), newNeed('medical', 'done', KNOWN)] });
    expect(issues(twice)).toEqual(['needs: must not list the same need twice']);
    const others = [newNeed('other', 'open', KNOWN, 'bike'), newNeed('other', 'open', KNOWN, 'SIM card')];
    expect(personSchema.safeParse({ ...person, needs: others }).success).toBe(true);
    expect(issues(personSchema.safeParse({ ...person, consentToShare: ['a', 'a'] }))).toEqual(['consentToShare: must not repeat an item']);
  });
});

describe('stay events', () => {
  const base = { id: 'e1', at: '2024-03-01T12:00:00Z', recordedAt: '2024-03-01T12:05:00.000Z' };

  it('parses each kind', () => {
    const events = [
      { ...base, type: 'arrival', personId: 'p1', houseId: 'h1', bedId: 'b1', referredBy: 'partner1' },
      { ...base, type: 'transfer', personId: 'p1', toHouseId: 'h2', toBedId: 'b9' },
      { ...base, type: 'departure', personId: 'p1', outcome: 'resettled', destinationCountry: 'CA', destinationCity: 'Toronto', partnerId: 'rr' },
      { ...base, type: 'correction', voids: 'e0', reason: 'wrong bed', recordedBy: 'u1' },
    ];
    for (const e of events) expect(stayEventSchema.parse(e)).toEqual(e);
  });

  it('upper-cases the country and refuses anything but a two-letter code', () => {
    const departure = { ...base, type: 'departure', personId: 'p1', outcome: 'resettled' };
    expect(stayEventSchema.parse({ ...departure, destinationCountry: 'ca' })).toMatchObject({ destinationCountry: 'CA' });
    expect(stayEventSchema.safeParse({ ...departure, destinationCountry: 'Canada' }).success).toBe(false);
    expect(stayEventSchema.safeParse({ ...departure, outcome: 'deported' }).success).toBe(false);
  });

  it('takes only real UTC instants', () => {
    const arrival = { ...base, type: 'arrival', personId: 'p1', houseId: 'h1', bedId: 'b1' };
    for (const at of ['2024-02-30T12:00:00Z', '2024-03-01T12:00:00+03:00', '2024-03-01', '1 March 2024', '2024-03-01T25:00:00Z']) {
      expect(stayEventSchema.safeParse({ ...arrival, at }).success).toBe(false);
    }
    expect(stayEventSchema.safeParse({ ...arrival, at: '2024-02-29T12:00:00Z' }).success).toBe(true);
  });

  it('is strict: no unknown type, no fields of another type', () => {
    expect(stayEventSchema.safeParse({ ...base, type: 'eviction', personId: 'p1' }).success).toBe(false);
    expect(stayEventSchema.safeParse({ ...base, type: 'departure', personId: 'p1', outcome: 'other', bedId: 'b1' }).success).toBe(false);
    expect(stayEventSchema.safeParse({ ...base, type: 'correction', voids: 'e0' }).success).toBe(false);
  });
});

describe('audit entries', () => {
  const entry = {
    seq: 0,
    at: '2024-03-01T12:00:00Z',
    actorId: 'u1',
    action: 'handoff.export',
    details: { partnerId: 'rr1', people: 3, minimal: true, bundleId: 'b-7f3a', at: '2024-03-01T12:00:00Z', reason: null },
    prevHash: '0'.repeat(64),
    hash: 'ab'.repeat(32),
  };

  it('accepts ids, codes, numbers and flags', () => {
    expect(auditEntrySchema.parse(entry)).toEqual(entry);
  });

  it('has no room for free text such as a name in the details', () => {
    expect(auditEntrySchema.safeParse({ ...entry, details: { person: 'Ivan Petrov' } }).success).toBe(false);
    expect(auditEntrySchema.safeParse({ ...entry, details: { person: 'Иван' } }).success).toBe(false);
    expect(auditEntrySchema.safeParse({ ...entry, details: { nested: { a: 1 } } }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i]));
    expect(auditEntrySchema.safeParse({ ...entry, details: many }).success).toBe(false);
  });

  it('checks the hash format and the action name', () => {
    expect(auditEntrySchema.safeParse({ ...entry, hash: 'AB'.repeat(32) }).success).toBe(false);
    expect(auditEntrySchema.safeParse({ ...entry, action: 'Export now' }).success).toBe(false);
  });
});

describe('users, partners, settings', () => {
  it('knows three roles', () => {
    expect(userSchema.safeParse({ id: 'u1', name: 'Lena', role: 'admin', status: 'active' }).success).toBe(true);
    expect(userSchema.safeParse({ id: 'u1', name: 'Lena', role: 'root', status: 'active' }).success).toBe(false);
  });

  it('keeps partners minimal and strict', () => {
    expect(partnerSchema.safeParse({ id: 'rr', name: 'Rainbow Railroad', contact: 'secure channel' }).success).toBe(true);
    expect(partnerSchema.safeParse({ id: 'rr', name: 'Rainbow Railroad', address: 'Toronto' }).success).toBe(false);
  });

  it('has valid defaults: 5 minutes idle lock, 30 s clipboard', () => {
    expect(settingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.idleLockMinutes).toBe(5);
    expect(DEFAULT_SETTINGS.clipboardClearSeconds).toBe(30);
  });

  it("keeps the organisation's time zone only as an IANA name; none (older vaults) means the system's", () => {
    expect(DEFAULT_SETTINGS.timeZone).toBeUndefined();
    expect(settingsSchema.parse({ ...DEFAULT_SETTINGS, timeZone: 'Europe/Moscow' }).timeZone).toBe('Europe/Moscow');
    for (const timeZone of ['+03:00', 'MSK', 'Moscow', '', 'Europe/Atlantis']) expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, timeZone }).success, timeZone).toBe(false);
  });

  it('reads settings written before the archive age as the default, and keeps the age within 370-3650 whole days', () => {
    expect(settingsSchema.parse(DEFAULT_SETTINGS).archiveAfterDays ?? DEFAULT_ARCHIVE_AFTER_DAYS).toBe(400);
    expect(settingsSchema.parse({ ...DEFAULT_SETTINGS, archiveAfterDays: 400 }).archiveAfterDays).toBe(400);
    // The settings screen saves the default as shown: it must pass.
    expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, archiveAfterDays: DEFAULT_ARCHIVE_AFTER_DAYS }).success).toBe(true);
    for (const archiveAfterDays of [0, 369, 3651, 400.5]) expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, archiveAfterDays }).success, String(archiveAfterDays)).toBe(false);
  });
});

describe('record-form drafts', () => {
  it('reads a draft saved before the planned departure field as one without a plan', () => {
    const old = { day: '2024-01-05', time: '', house: 'h1', bed: 'b1', partner: '', outcome: '', country: '', city: '', voids: '', reason: '', housingDone: true };
    expect(eventDraftValuesSchema.parse(old)).toEqual({ ...old, planned: '' });
    expect(eventDraftValuesSchema.parse({ ...old, planned: '2024-02-01' }).planned).toBe('2024-02-01');
  });
});
