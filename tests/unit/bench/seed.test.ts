import { describe, expect, it } from 'vitest';
import { personSchema, stayEventSchema } from '../../../src/core/model';
import { fold, residentsAt } from '../../../src/core/occupancy';
import { seed } from '../../bench/seed';

describe('bench seeder', () => {
  const options = { people: 300, events: 4_000, seed: 7 };

  it('is deterministic for a seed and differs between seeds', () => {
    const a = seed(options);
    const b = seed(options);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(seed({ ...options, seed: 8 }).events[0]).not.toEqual(a.events[0]);
  });

  it('produces exactly the events asked for, all schema-valid, in time order, ending at `end`', () => {
    const data = seed(options);
    expect(data.events).toHaveLength(4_000);
    expect(data.people).toHaveLength(300);
    expect(data.layout.houses).toHaveLength(8);
    for (const p of data.people) expect(personSchema.parse(p)).toEqual(p);
    for (const e of data.events) expect(stayEventSchema.parse(e)).toEqual(e);
    const at = data.events.map((e) => Date.parse(e.at));
    expect(at.every((t, i) => i === 0 || t > (at[i - 1] as number))).toBe(true);
    expect(at.at(-1)).toBe(data.endMs);
    expect(data.events.every((e) => e.recordedAt >= e.at && Date.parse(e.recordedAt) <= data.endMs)).toBe(true);
    expect((data.endMs - data.startMs) / 86_400_000 / 365.25).toBeGreaterThan(4.5);
  });

  it('is a valid stream: the fold accepts every event, with every kind present', () => {
    const data = seed(options);
    const state = fold(data.events, data.layout);
    expect(state.rejected).toEqual([]);
    const kinds = new Set(data.events.map((e) => e.type));
    expect([...kinds].sort()).toEqual(['arrival', 'correction', 'departure', 'transfer']);
    expect(residentsAt(state, data.endMs).size).toBe(data.stats.inResidenceAtEnd);
  });

  it('keeps the default data set valid (10,000 people, 100,000 events)', () => {
    const data = seed();
    expect(data.events).toHaveLength(100_000);
    expect(fold(data.events, data.layout).rejected).toEqual([]);
  });
});
