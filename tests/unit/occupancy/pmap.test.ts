import { describe, expect, it } from 'vitest';
import { PMap } from '../../../src/core/occupancy';

describe('PMap', () => {
  it('leaves every earlier version as it was, across delta growth and rebuilds of the base', () => {
    const versions: PMap<number, string>[] = [PMap.empty()];
    for (let i = 0; i < 300; i++) {
      const prev = versions.at(-1) as PMap<number, string>;
      // Half the changes overwrite an existing key, half add one.
      versions.push(prev.withAll(new Map([[i % 2 ? i - 1 : i, `v${i}`]])));
    }
    versions.forEach((v, n) => {
      const expected = new Map<number, string>();
      for (let i = 0; i < n; i++) expected.set(i % 2 ? i - 1 : i, `v${i}`);
      expect(new Map(v.entries())).toEqual(expected);
      expect(v.size).toBe(expected.size);
      for (const [k, value] of expected) expect(v.get(k)).toBe(value);
      expect(v.has(-1)).toBe(false);
    });
  });

  it('returns itself for no change and lists a shadowed key once', () => {
    const a = PMap.adopt(new Map([['x', 1]]));
    expect(a.withAll(new Map())).toBe(a);
    const b = a.withAll(new Map([['x', 2]]));
    expect([...b]).toEqual([['x', 2]]);
    expect([...b.keys()]).toEqual(['x']);
    expect([...b.values()]).toEqual([2]);
    expect(a.get('x')).toBe(1);
  });
});
