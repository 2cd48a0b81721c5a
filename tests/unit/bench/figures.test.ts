import { describe, expect, it } from 'vitest';
import { evaluate, formatTable, type Figures } from '../../bench/figures';

const figures = (over: Partial<Figures> = {}): Figures => ({
  people: 10_000,
  events: 100_000,
  kdfMs: 400,
  seedMs: 900,
  openMs: 500,
  writeP50Ms: 2,
  writeP95Ms: 8,
  foldMs: 70,
  asOfMs: 0.5,
  search10kMs: 0.2,
  export1kMs: 40,
  evacuateMs: 4_000,
  heapMB: 60,
  unlockToDashboardMs: 900,
  rotateMs: 20_000,
  idiomaticDexie: { writeMs: 10_000, readAllMs: 1_000 },
  plainPages: { writeMs: 500, readAllMs: 400 },
  dexieEncrypted: { bulkPutMs: null, readAllMs: null, error: 'not installed' },
  sealedRows: { writeMs: NaN, readAllMs: NaN },
  sealedPages: { writeMs: 900, readAllMs: 600 },
  details: { kdf: { ops: 3, memMiB: 128, derivationsAtUnlock: 1, warmMs: 380 }, benchSeconds: 300 },
  ...over,
});
const result = (f: Figures, target: string) => evaluate(f).find((r) => r.target.startsWith(target))!;

describe('bench targets against the contenders', () => {
  it('holds openMs to 1.3 × the unsealed pages and 0.5 × idiomatic Dexie, seedMs to 0.1 × its write, unlock to a second', () => {
    const f = figures();
    expect(result(f, '≤ 1.3 × plainPages')).toMatchObject({ figure: 'openMs', pass: true, limit: '520' });
    expect(result(f, '≤ 0.5 × idiomaticDexie')).toMatchObject({ figure: 'openMs', pass: true, limit: '500' });
    expect(result(f, '≤ 0.1 × idiomaticDexie')).toMatchObject({ figure: 'seedMs', pass: true, limit: '1,000' });
    expect(result(f, '≤ 1000')).toMatchObject({ figure: 'unlockToDashboardMs', pass: true });
    const slow = figures({ openMs: 521, seedMs: 1_001, unlockToDashboardMs: 1_001 });
    expect(evaluate(slow).filter((r) => !r.pass).map((r) => r.figure)).toEqual(['openMs', 'openMs', 'seedMs', 'unlockToDashboardMs']);
  });

  it('holds the absolute targets: writes, heap, evacuate in 10 s, and key derivation in its band at 128 MiB or more', () => {
    expect(evaluate(figures()).every((r) => r.pass)).toBe(true);
    const misses = (over: Partial<Figures>) => evaluate(figures(over)).filter((r) => !r.pass).map((r) => r.figure);
    expect(misses({ writeP95Ms: 10.5, heapMB: 101 })).toEqual(['writeP95Ms', 'heapMB']);
    expect(misses({ evacuateMs: 10_001 })).toEqual(['evacuateMs']);
    expect(formatTable(figures(), evaluate(figures()))).toMatch(/^evacuateMs +4,000 +≤ 10000 +PASS$/m);
    expect(misses({ kdfMs: 299 })).toEqual(['kdfMs']);
    expect(misses({ kdfMs: 1501 })).toEqual(['kdfMs']);
    expect(misses({ details: { kdf: { ops: 3, memMiB: 64, derivationsAtUnlock: 1, warmMs: 380 }, benchSeconds: 300 } })).toEqual(['kdfMs']);
  });

  it('with --scale, holds open, heap and writes at 1M events and the whole run to 10 minutes', () => {
    const scale = { people: 50_000, events: 1_000_000, seedMs: 9_000, openMs: 2_900, unlockToDashboardMs: 3_300, kdfMs: 400, foldMs: 900, asOfMs: 5, searchMs: 1, writeP50Ms: 5, writeP95Ms: 24, heapMB: 290, details: {} };
    const ok = evaluate(figures({ scale }));
    expect(ok.filter((r) => r.figure.startsWith('scale.') || r.figure === 'benchSeconds').map((r) => [r.figure, r.pass])).toEqual([
      ['scale.openMs', true],
      ['scale.heapMB', true],
      ['scale.writeP95Ms', true],
      ['benchSeconds', true],
    ]);
    const slow = figures({ scale: { ...scale, openMs: 3_001, heapMB: 301, writeP95Ms: 26 }, details: { kdf: { ops: 3, memMiB: 128, derivationsAtUnlock: 1, warmMs: 380 }, benchSeconds: 601 } });
    expect(evaluate(slow).filter((r) => !r.pass).map((r) => r.figure)).toEqual(['scale.openMs', 'scale.heapMB', 'scale.writeP95Ms', 'benchSeconds']);
    expect(formatTable(slow, evaluate(slow))).toMatch(/^scale\.openMs +3,001 +≤ 3000 +MISS$/m);
    expect(evaluate(figures()).some((r) => r.figure.startsWith('scale.'))).toBe(false);
  });

  it('misses when a baseline did not run, and prints a row per target', () => {
    const f = figures({ idiomaticDexie: { writeMs: NaN, readAllMs: NaN } });
    expect(result(f, '≤ 0.5 × idiomaticDexie').pass).toBe(false);
    const table = formatTable(figures(), evaluate(figures()));
    expect(table.split('\n').filter((l) => l.startsWith('openMs'))).toHaveLength(2);
    expect(table).toMatch(/^unlockToDashboardMs +900 +≤ 1000 +PASS$/m);
    expect(table).toMatch(/^dexieEncrypted\.readAllMs +— +cannot run: not installed$/m);
  });
});
