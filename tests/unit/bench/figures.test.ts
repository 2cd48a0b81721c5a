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
  heapMB: 60,
  unlockToDashboardMs: 900,
  idiomaticDexie: { writeMs: 10_000, readAllMs: 1_000 },
  plainPages: { writeMs: 500, readAllMs: 400 },
  dexieEncrypted: { bulkPutMs: null, readAllMs: null, error: 'not installed' },
  sealedRows: { writeMs: NaN, readAllMs: NaN },
  sealedPages: { writeMs: 900, readAllMs: 600 },
  details: { kdf: { ops: 3, memMiB: 128, derivationsAtUnlock: 1, warmMs: 380 } },
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

  it('misses when a baseline did not run, and prints a row per target', () => {
    const f = figures({ idiomaticDexie: { writeMs: NaN, readAllMs: NaN } });
    expect(result(f, '≤ 0.5 × idiomaticDexie').pass).toBe(false);
    const table = formatTable(figures(), evaluate(figures()));
    expect(table.split('\n').filter((l) => l.startsWith('openMs'))).toHaveLength(2);
    expect(table).toMatch(/^unlockToDashboardMs +900 +≤ 1000 +PASS$/m);
    expect(table).toMatch(/^dexieEncrypted\.readAllMs +— +cannot run: not installed$/m);
  });
});
