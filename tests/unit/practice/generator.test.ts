import { describe, expect, it } from 'vitest';
import { houseSchema, bedSchema, roomSchema } from '../../../src/core/model/house';
import { partnerSchema } from '../../../src/core/model/partner';
import { personSchema } from '../../../src/core/model/person';
import { stayEventSchema } from '../../../src/core/model/stay-event';
import { fold } from '../../../src/core/occupancy/engine';
import { HISTORY_DAYS, inventPracticeWorld, type PracticeInput } from '../../../src/core/practice/generator';
import { NAME_BOOKS } from '../../../src/core/practice/names';

const input = (overrides: Partial<PracticeInput> = {}): PracticeInput => ({
  seed: 42,
  now: new Date('2026-11-20T15:30:00Z'),
  language: 'en',
  partnerKeys: { recipient: `age1${'q'.repeat(58)}`, ageIdentity: `AGE-SECRET-KEY-1${'Q'.repeat(58)}` },
  adminId: 'admin-1',
  ...overrides,
});

describe('practice world generator', () => {
  it('gives the same world for the same seed, day and language, and another for another seed', () => {
    expect(inventPracticeWorld(input())).toEqual(inventPracticeWorld(input()));
    expect(inventPracticeWorld(input({ seed: 43 })).people).not.toEqual(inventPracticeWorld(input()).people);
  });

  it('makes records every schema accepts, and a history the occupancy rules accept in full', () => {
    for (const seed of [1, 2, 3, 42, 1000, 99_999]) {
      const world = inventPracticeWorld(input({ seed }));
      world.houses.forEach((h) => houseSchema.parse(h));
      world.rooms.forEach((r) => roomSchema.parse(r));
      world.beds.forEach((b) => bedSchema.parse(b));
      world.people.forEach((p) => personSchema.parse(p));
      world.events.forEach((e) => stayEventSchema.parse(e));
      partnerSchema.parse(world.partner);
      const state = fold(world.events, world);
      expect(state.rejected, `seed ${seed}`).toEqual([]);
      expect(world.people.length).toBeGreaterThanOrEqual(8);
      const kinds = new Set(world.events.map((e) => e.type));
      expect([...kinds].sort(), `seed ${seed}`).toEqual(expect.arrayContaining(['arrival', 'departure']));
    }
  });

  it('dates every event in the past weeks, never after now', () => {
    const now = input().now.getTime();
    for (const event of inventPracticeWorld(input()).events) {
      expect(Date.parse(event.at)).toBeLessThan(now);
      expect(Date.parse(event.at)).toBeGreaterThan(now - (HISTORY_DAYS + 3) * 86_400_000);
    }
  });

  it('names people, houses and the partner in the UI language', () => {
    const ru = inventPracticeWorld(input({ language: 'ru' }));
    expect(ru.people.every((p) => NAME_BOOKS.ru.first.some((name) => p.alias.startsWith(name)))).toBe(true);
    expect(ru.houses.map((h) => h.alias).every((a) => NAME_BOOKS.ru.houses.includes(a))).toBe(true);
    expect(ru.partner.name).toBe(NAME_BOOKS.ru.partner);
    const en = inventPracticeWorld(input({ language: 'en' }));
    expect(en.people.every((p) => NAME_BOOKS.en.first.some((name) => p.alias.startsWith(name)))).toBe(true);
  });

  it('makes the practice partner verified, keyed with the given recipient and carrying its identity', () => {
    const { partner } = inventPracticeWorld(input());
    expect(partner.recipients).toEqual([input().partnerKeys.recipient]);
    expect(partner.practice).toEqual({ ageIdentity: input().partnerKeys.ageIdentity });
    expect(partner.verified?.by).toBe('admin-1');
  });
});
