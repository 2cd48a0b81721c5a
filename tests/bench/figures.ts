/** The bench's figures (milliseconds unless named), the targets (docs/benchmarks.md), and the printed table. */
export interface Figures {
  people: number;
  events: number;
  kdfMs: number;
  seedMs: number;
  openMs: number;
  writeP50Ms: number;
  writeP95Ms: number;
  foldMs: number;
  asOfMs: number;
  search10kMs: number;
  export1kMs: number;
  heapMB: number;
  plainDexie: { bulkPutMs: number; readAllMs: number };
  /** null figures with `error` when it could not run. */
  dexieEncrypted: { bulkPutMs: number | null; readAllMs: number | null; error?: string };
  details: {
    kdf: { ops?: number; memMiB?: number; derivationsAtUnlock: number; warmMs: number; warmByMemory?: { memMiB: number; ms: number }[] };
    [key: string]: unknown;
  };
}

export interface TargetResult {
  figure: string;
  target: string;
  value: number;
  limit: string;
  pass: boolean;
}

export function evaluate(f: Figures): TargetResult[] {
  const max = (figure: string, value: number, limit: number, target = `≤ ${limit}`): TargetResult => ({
    figure,
    target,
    value,
    limit: fmt(limit),
    pass: value <= limit,
  });
  const { ops, memMiB } = f.details.kdf;
  return [
    max('openMs', f.openMs, 0.6 * f.plainDexie.readAllMs, '≤ 0.6 × plainDexie.readAllMs'),
    max('seedMs', f.seedMs, 0.1 * f.plainDexie.bulkPutMs, '≤ 0.1 × plainDexie.bulkPutMs'),
    max('writeP95Ms', f.writeP95Ms, 25),
    max('foldMs', f.foldMs, 150),
    max('asOfMs', f.asOfMs, 10),
    max('search10kMs', f.search10kMs, 30),
    max('export1kMs', f.export1kMs, 1000),
    max('heapMB', f.heapMB, 300),
    {
      figure: 'kdfMs',
      target: '300–1500, ops ≥ 3, ≥ 64 MiB',
      value: f.kdfMs,
      limit: `300–1500 (ops ${ops ?? '?'}, ${memMiB ?? '?'} MiB)`,
      pass: f.kdfMs >= 300 && f.kdfMs <= 1500 && (ops ?? 0) >= 3 && (memMiB ?? 0) >= 64,
    },
  ];
}

export function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function formatTable(f: Figures, results: readonly TargetResult[]): string {
  const byFigure = new Map(results.map((r) => [r.figure, r]));
  const rows: [string, string, string, string][] = [];
  const add = (figure: string, value: number | null | undefined, note = '') => {
    const r = byFigure.get(figure);
    rows.push([figure, fmt(value), r ? `${r.target}${r.target.startsWith('≤ 0') ? ` = ${r.limit}` : ''}` : note, r ? (r.pass ? 'PASS' : 'MISS') : '']);
  };
  add('kdfMs', f.kdfMs);
  add('seedMs', f.seedMs);
  add('openMs', f.openMs);
  add('writeP50Ms', f.writeP50Ms);
  add('writeP95Ms', f.writeP95Ms);
  add('foldMs', f.foldMs);
  add('asOfMs', f.asOfMs);
  add('search10kMs', f.search10kMs);
  add('export1kMs', f.export1kMs);
  add('heapMB', f.heapMB);
  add('plainDexie.bulkPutMs', f.plainDexie.bulkPutMs, 'baseline');
  add('plainDexie.readAllMs', f.plainDexie.readAllMs, 'baseline');
  const why = f.dexieEncrypted.error ? `cannot run: ${f.dexieEncrypted.error}` : 'comparison';
  add('dexieEncrypted.bulkPutMs', f.dexieEncrypted.bulkPutMs, why);
  add('dexieEncrypted.readAllMs', f.dexieEncrypted.readAllMs, why);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length), ['figure', 'value', 'target', 'result'][i]!.length));
  const line = (r: readonly string[]) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const misses = results.filter((r) => !r.pass).length;
  return [
    `Waystation bench: ${f.people.toLocaleString('en-US')} people, ${f.events.toLocaleString('en-US')} events`,
    line(['figure', 'value', 'target', 'result']),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    misses === 0 ? `all ${results.length} targets PASS` : `${results.length - misses} of ${results.length} targets PASS, ${misses} MISS`,
  ].join('\n');
}
