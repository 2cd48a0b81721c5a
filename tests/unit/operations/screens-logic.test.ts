import type { TFunction } from 'i18next';
import { translators } from '../support/translators';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Person, StayEvent } from '../../../src/core/model';
import { RULE_CODES, fold, newNeed, placementOf, validateEvent, withNeedStatus, type RuleViolation } from '../../../src/core/occupancy';
import { resources } from '../../../src/ui/i18n';
import { eventInstant } from '../../../src/ui/operations/format';
import { buildEvent, EMPTY_VALUES } from '../../../src/ui/operations/recordForm';
import { countByStatus, filterRows, residentRows } from '../../../src/ui/operations/residents';
import { inResidenceAtEnd, timelineOf } from '../../../src/ui/operations/timeline';
import { violationText } from '../../../src/ui/operations/violations';
import { day, ev, makeLayout } from '../occupancy/fixtures';

/** Needs known long before any day these tests look at. */
const KNOWN = '2000-01-01T00:00:00.000Z';

// h1: room 1 with beds b1, b2; room 2 with 3 beds for 1 person. h2: one room, one bed.
const layout = makeLayout([[2, [3, 1]], [1]]);
const NOW = Date.parse(day(100));

function person(id: string, alias: string, extra: Partial<Person> = {}): Person {
  return { id, alias, languages: [], needs: [], riskLevel: 'medium', consentToShare: [], ...extra };
}
const housing = (status: 'open' | 'done') => ({ needs: [newNeed('housing', status, KNOWN)] });

let en: TFunction;
let ru: TFunction;
beforeAll(async () => {
  ({ en, ru } = await translators());
});

describe('residents: status and filters as of a day', () => {
  const a = ev.arrival('p1', 'h1r1b1', 10);
  const d = ev.departure('p1', 20);
  const b = ev.arrival('p2', 'h2r1b1', 15);
  const state = fold([a, b, d], layout);
  const people = [
    person('p1', 'Kolya', housing('done')),
    person('p2', 'Ánton', housing('open')),
    person('p3', 'Zhenya', housing('open')),
    person('p4', 'boris', { needs: [newNeed('legal', 'in-progress', KNOWN)] }),
  ];

  it('resident, waiting, departed and registered, sorted by alias', () => {
    const rows = residentRows(state, people, day(30));
    expect(rows.map((r) => [r.person.alias, r.status])).toEqual([
      ['Ánton', 'resident'],
      ['boris', 'registered'],
      ['Kolya', 'departed'],
      ['Zhenya', 'waiting'],
    ]);
    expect(countByStatus(rows)).toEqual({ resident: 1, waiting: 1, departed: 1, registered: 1 });
    // On day 12 p1 was in a bed and p2 had not come yet (so waits: housing need open).
    expect(countByStatus(residentRows(state, people, day(12)))).toEqual({ resident: 1, waiting: 2, departed: 0, registered: 1 });
  });

  it('filters by alias (any case), house, status and open need', () => {
    const rows = residentRows(state, people, day(30));
    expect(filterRows(rows, { query: '  KOL ' }).map((r) => r.person.id)).toEqual(['p1']);
    expect(filterRows(rows, { houseId: 'h2' }).map((r) => r.person.id)).toEqual(['p2']);
    expect(filterRows(rows, { status: 'waiting' }).map((r) => r.person.id)).toEqual(['p3']);
    expect(filterRows(rows, { need: 'housing' }).map((r) => r.person.id)).toEqual(['p2', 'p3']);
    expect(filterRows(rows, { need: 'legal', query: 'b' }).map((r) => r.person.id)).toEqual(['p4']);
  });

  it('reads needs as they stood that day: one registered later is not waiting yet, one met later was still open', () => {
    const later = [
      person('p5', 'Vera', { needs: [newNeed('housing', 'open', day(25))] }),
      person('p6', 'Gleb', { needs: [withNeedStatus(newNeed('legal', 'open', KNOWN), 'done', day(25))] }),
    ];
    const at = (d: number) => residentRows(state, later, day(d)).map((r) => [r.person.alias, r.status, r.openNeeds]);
    expect(at(22)).toEqual([
      ['Gleb', 'registered', ['legal']],
      ['Vera', 'registered', []],
    ]);
    expect(at(30)).toEqual([
      ['Gleb', 'registered', []],
      ['Vera', 'waiting', ['housing']],
    ]);
    expect(filterRows(residentRows(state, later, day(22)), { need: 'legal' }).map((r) => r.person.id)).toEqual(['p6']);
  });
});

describe('timeline', () => {
  it('keeps voided and refused movements, with the correction and the reason', () => {
    const a = ev.arrival('p1', 'h1r1b1', 10);
    const wrong = ev.departure('p1', 11);
    const fix = ev.correction(wrong.id, 12, { reason: 'typed on the wrong person' });
    const clash = ev.arrival('p2', 'h1r1b1', 13);
    const state = fold([a, wrong, fix, clash], layout);
    const events = [a, wrong, fix, clash];
    expect(timelineOf(state, events, 'p1')).toEqual([{ event: a }, { event: wrong, voidedBy: fix }]);
    expect(timelineOf(state, events, 'p2')).toEqual([{ event: clash, refused: expect.objectContaining({ code: 'BED_OCCUPIED' }) }]);
    expect(inResidenceAtEnd(state, 'p1')).toBe(true);
    expect(inResidenceAtEnd(state, 'p2')).toBe(false);
  });
});

describe('the person page: the current stay\'s planned departure', () => {
  it('comes from the movement into the bed: a transfer\'s plan replaces the arrival\'s, and a transfer without one has none', () => {
    const state = fold([ev.arrival('p1', 'h1r1b1', 10, { plannedDeparture: day(30) }), ev.transfer('p1', 'h1r1b2', 20, { plannedDeparture: day(40) }), ev.transfer('p1', 'h2r1b1', 25)], layout);
    expect(placementOf(state, 'p1', day(15))?.plannedDeparture).toBe(day(30));
    expect(placementOf(state, 'p1', day(22))?.plannedDeparture).toBe(day(40));
    expect(placementOf(state, 'p1', day(26))).not.toHaveProperty('plannedDeparture');
  });
});

describe('record forms: event from the typed values', () => {
  const draft = { id: 'e1', personId: 'p1', userId: 'u1' };

  it('a day without a time is local noon, today is now, a time is read in the zone', () => {
    expect(eventInstant('2024-01-05', '', NOW, 'UTC')).toBe('2024-01-05T12:00:00.000Z');
    expect(eventInstant('2024-01-05', '', NOW, 'Europe/Moscow')).toBe('2024-01-05T09:00:00.000Z');
    expect(eventInstant(new Date(NOW).toISOString().slice(0, 10), '', NOW, 'UTC')).toBe(new Date(NOW).toISOString());
    expect(eventInstant('2024-01-05', '08:30', NOW, 'UTC')).toBe('2024-01-05T08:30:00.000Z');
    expect(eventInstant('2024-01-05', '08:30', NOW, 'America/Toronto')).toBe('2024-01-05T13:30:00.000Z');
    expect(eventInstant('2024-01-05', '8:30', NOW, 'Europe/Moscow')).toBe('2024-01-05T05:30:00.000Z');
    expect(eventInstant('', '', NOW, 'UTC')).toBeUndefined();
    expect(eventInstant('2024-01-05', '25:00', NOW, 'UTC')).toBeUndefined();
  });

  it('builds a schema-valid arrival, leaving out empty optional fields', () => {
    const built = buildEvent('arrival', { ...EMPTY_VALUES, day: '2024-01-05', house: 'h1', bed: 'h1r1b1' }, draft, NOW, 'UTC', en);
    expect(built).toEqual({
      event: { id: 'e1', type: 'arrival', at: '2024-01-05T12:00:00.000Z', recordedAt: new Date(NOW).toISOString(), recordedBy: 'u1', personId: 'p1', houseId: 'h1', bedId: 'h1r1b1' },
    });
  });

  it('stores a planned departure as midday of its day in the zone, never before the movement', () => {
    const arrival = (planned: string, extra: Partial<typeof EMPTY_VALUES> = {}) =>
      buildEvent('arrival', { ...EMPTY_VALUES, day: '2024-01-05', house: 'h1', bed: 'h1r1b1', planned, ...extra }, draft, NOW, 'Europe/Moscow', ru, 'ru');
    expect(arrival('2024-01-20')).toMatchObject({ event: { at: '2024-01-05T09:00:00.000Z', plannedDeparture: '2024-01-20T09:00:00.000Z' } });
    expect(arrival('20.01.2024')).toMatchObject({ event: { plannedDeparture: '2024-01-20T09:00:00.000Z' } });
    // The same day as a late arrival: the arrival itself, not a midday before it.
    expect(arrival('2024-01-05', { time: '18:00' })).toMatchObject({ event: { at: '2024-01-05T15:00:00.000Z', plannedDeparture: '2024-01-05T15:00:00.000Z' } });
    expect(arrival('2024-01-04')).toEqual({ errors: { planned: 'Планируемый выезд не может быть раньше даты этого перемещения.' } });
    expect(arrival('31.02.2024')).toEqual({ errors: { planned: 'Введите дату в виде дд.мм.гггг.' } });
    const transfer = buildEvent('transfer', { ...EMPTY_VALUES, day: '2024-01-05', house: 'h2', bed: 'h2r1b1', planned: '2024-01-03' }, draft, NOW, 'UTC', en);
    expect(transfer).toEqual({ errors: { planned: 'The planned departure cannot be before the date of this movement.' } });
    expect(buildEvent('transfer', { ...EMPTY_VALUES, day: '2024-01-05', house: 'h2', bed: 'h2r1b1', planned: '2024-02-01' }, draft, NOW, 'UTC', en)).toMatchObject({
      event: { type: 'transfer', plannedDeparture: '2024-02-01T12:00:00.000Z' },
    });
  });

  it('takes the destination country as a name in either language or a code, and stores the code', () => {
    for (const country of ['Канада', 'Canada', 'canada', 'CA']) {
      const built = buildEvent('departure', { ...EMPTY_VALUES, day: '2024-01-05', outcome: 'resettled', country }, draft, NOW, 'UTC', ru, 'ru');
      expect(built, country).toMatchObject({ event: { type: 'departure', destinationCountry: 'CA' } });
    }
    const lookalike = buildEvent('departure', { ...EMPTY_VALUES, day: '2024-01-05', outcome: 'resettled', country: 'СА' }, draft, NOW, 'UTC', ru, 'ru');
    expect(lookalike).toEqual({
      errors: {
        country:
          'Смешаны буквы двух алфавитов, которые выглядят одинаково: «С» — кириллическая буква U+0421, а не латинская «C»; «А» — кириллическая буква U+0410, а не латинская «A». ' +
          'Возможно, имелась в виду страна Канада (CA)? Переключите раскладку клавиатуры или выберите страну из списка.',
      },
    });
  });

  it('puts schema refusals next to the form field, in the language', () => {
    expect(buildEvent('departure', { ...EMPTY_VALUES, day: '2024-01-05', country: 'Atlantis' }, draft, NOW, 'UTC', en)).toEqual({
      errors: { outcome: 'Choose one.', country: 'No country has this name or code. Type its name in English or Russian, or its two-letter code, e.g. CA.' },
    });
    expect(buildEvent('correction', { ...EMPTY_VALUES, voids: 'a1' }, draft, NOW, 'UTC', ru)).toEqual({ errors: { reason: 'Обязательное поле.' } });
    expect(buildEvent('arrival', { ...EMPTY_VALUES, house: 'h1', bed: 'b' }, draft, NOW, 'UTC', en)).toEqual({ errors: { day: 'Enter a date as mm/dd/yyyy.' } });
    expect(buildEvent('arrival', { ...EMPTY_VALUES, day: '2024-01-05', time: '7 pm', house: 'h1', bed: 'b' }, draft, NOW, 'UTC', en)).toEqual({
      errors: { time: 'Enter a time as HH:MM (24-hour), e.g. 14:30.' },
    });
  });
});

describe('rule messages by code', () => {
  const arrival = ev.arrival('p1', 'h1r1b1', 10);
  const departure = ev.departure('p1', 20);
  const state = fold([arrival, departure], layout);
  const message = (event: StayEvent, t: TFunction, language: string) => {
    const v = validateEvent(state, event, day(100)) as RuleViolation;
    const byId = (id: string) => (id === event.id ? event : state.events.get(id));
    return { code: v.code, text: violationText(v, t, { eventById: byId, layout: state.layout, language, zone: 'UTC' }) };
  };

  it('every code has a message in both languages', () => {
    for (const lang of ['en', 'ru'] as const) {
      const rules = (resources[lang]!.translation as { operations: { rule: Record<string, string> } }).operations.rule;
      for (const code of RULE_CODES) expect(rules[code], `${lang} ${code}`).toBeTruthy();
    }
  });

  it('fills in the dates and sizes the engine names, in English and Russian', () => {
    expect(message(ev.departure('p1', 5), en, 'en')).toEqual({ code: 'BEFORE_ARRIVAL', text: "The departure on 01/06/2024 is before the person's arrival on 01/11/2024." });
    expect(message(ev.departure('p1', 25), ru, 'ru').text).toBe('26.01.2024 этот человек не проживает в доме (выехал 21.01.2024).');
    expect(message(ev.arrival('p1', 'h1r1b2', 15), en, 'en').text).toBe('The person is already in residence on 01/16/2024, since 01/11/2024.');
    expect(message(ev.arrival('p2', 'h1r1b1', 15), en, 'en').text).toBe('The bed is already occupied on 01/16/2024.');
    const full = fold([ev.arrival('p1', 'h1r2b1', 10)], layout);
    const second = ev.arrival('p2', 'h1r2b2', 15);
    const v = validateEvent(full, second, day(100))!;
    expect(violationText(v, ru, { eventById: (id) => (id === second.id ? second : full.events.get(id)), layout: full.layout, language: 'ru', zone: 'UTC' })).toBe(
      '16.01.2024 комната заполнена (вмещает 1).',
    );
    expect(message(ev.arrival('p3', 'h1r1b2', 102), en, 'en')).toEqual({ code: 'FUTURE_DATE', text: 'The date 04/12/2024 is more than one day in the future.' });
  });

  it('a correction that breaks a later event names it and its own reason', () => {
    const back = ev.arrival('p2', 'h1r1b1', 30);
    const later = fold([arrival, departure, back], layout);
    const fix = ev.correction(departure.id, 40, { reason: 'typo' });
    const v = validateEvent(later, fix, day(100))!;
    const text = violationText(v, en, { eventById: (id) => (id === fix.id ? fix : later.events.get(id)), layout: later.layout, language: 'en', zone: 'UTC' });
    expect(text).toBe('Refused: the arrival on 01/31/2024 would become invalid. The bed is already occupied on 01/31/2024.');
  });
});
