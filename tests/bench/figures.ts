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
  /** Evacuate at `people`: passphrase check, the full backup, main's write and read-back, the wipe. */
  evacuateMs: number;
  heapMB: number;
  /** From submitting the passphrase to the dashboard's data: kdfMs + openMs of the same run. */
  unlockToDashboardMs: number;
  /** A vault-key rotation of the whole data set, its two derivations (passphrase, recovery key) included. */
  rotateMs: number;
  idiomaticDexie: Contender;
  plainPages: Contender;
  /** null figures with `error` when it could not run. */
  dexieEncrypted: { bulkPutMs: number | null; readAllMs: number | null; error?: string };
  sealedRows: Contender;
  sealedPages: Contender;
  /** Only with --scale: the vault alone at 50,000 people / 1,000,000 events, one run. */
  scale?: ScaleFigures;
  details: {
    kdf: { ops?: number; memMiB?: number; derivationsAtUnlock: number; warmMs: number; warmByMemory?: { memMiB: number; ms: number }[] };
    /** The whole bench run, build to table. */
    benchSeconds: number;
    [key: string]: unknown;
  };
}

export interface ScaleFigures {
  people: number;
  events: number;
  seedMs: number;
  openMs: number;
  unlockToDashboardMs: number;
  kdfMs: number;
  foldMs: number;
  asOfMs: number;
  /** Search over all the people (50,000 at scale). */
  searchMs: number;
  writeP50Ms: number;
  writeP95Ms: number;
  heapMB: number;
  details: Record<string, unknown>;
}

/** A storage contender's best write and cold read (NaN when it did not run). */
export interface Contender {
  writeMs: number;
  readAllMs: number;
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
    max('openMs', f.openMs, 1.3 * f.plainPages.readAllMs, '≤ 1.3 × plainPages.readAllMs'),
    max('openMs', f.openMs, 0.5 * f.idiomaticDexie.readAllMs, '≤ 0.5 × idiomaticDexie.readAllMs'),
    max('seedMs', f.seedMs, 0.1 * f.idiomaticDexie.writeMs, '≤ 0.1 × idiomaticDexie.writeMs'),
    max('unlockToDashboardMs', f.unlockToDashboardMs, 1000),
    max('writeP95Ms', f.writeP95Ms, 10),
    max('foldMs', f.foldMs, 150),
    max('asOfMs', f.asOfMs, 10),
    max('search10kMs', f.search10kMs, 30),
    max('export1kMs', f.export1kMs, 1000),
    max('evacuateMs', f.evacuateMs, 10_000),
    max('heapMB', f.heapMB, 100),
    {
      figure: 'kdfMs',
      target: '300–1500, ops ≥ 3, ≥ 128 MiB',
      value: f.kdfMs,
      limit: `300–1500 (ops ${ops ?? '?'}, ${memMiB ?? '?'} MiB)`,
      pass: f.kdfMs >= 300 && f.kdfMs <= 1500 && (ops ?? 0) >= 3 && (memMiB ?? 0) >= 128,
    },
    ...(f.scale
      ? [
          max('scale.openMs', f.scale.openMs, 3000),
          max('scale.heapMB', f.scale.heapMB, 300),
          max('scale.writeP95Ms', f.scale.writeP95Ms, 25),
          max('benchSeconds', f.details.benchSeconds, 600, '≤ 600 (the whole --scale run)'),
        ]
      : []),
  ];
}

export function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export function formatTable(f: Figures, results: readonly TargetResult[]): string {
  const rows: [string, string, string, string][] = [];
  // One row per target (openMs has two), or one row with a note for a figure without a target.
  const add = (figure: string, value: number | null | undefined, note = '') => {
    const targets = results.filter((r) => r.figure === figure);
    if (targets.length === 0) rows.push([figure, fmt(value), note, '']);
    for (const r of targets) rows.push([figure, fmt(value), `${r.target}${r.target.includes('×') ? ` = ${r.limit}` : ''}`, r.pass ? 'PASS' : 'MISS']);
  };
  add('unlockToDashboardMs', f.unlockToDashboardMs);
  add('kdfMs', f.kdfMs);
  add('seedMs', f.seedMs);
  add('openMs', f.openMs);
  add('writeP50Ms', f.writeP50Ms);
  add('writeP95Ms', f.writeP95Ms);
  add('foldMs', f.foldMs);
  add('asOfMs', f.asOfMs);
  add('search10kMs', f.search10kMs);
  add('export1kMs', f.export1kMs);
  add('evacuateMs', f.evacuateMs);
  add('heapMB', f.heapMB);
  add('rotateMs', f.rotateMs, 'information: re-seal everything under a new vault key');
  add('idiomaticDexie.writeMs', f.idiomaticDexie.writeMs, 'baseline: a table per entity, indexed');
  add('idiomaticDexie.readAllMs', f.idiomaticDexie.readAllMs, "baseline: the dashboard's startup read");
  add('plainPages.writeMs', f.plainPages.writeMs, "baseline: the vault's pages, not sealed");
  add('plainPages.readAllMs', f.plainPages.readAllMs, "baseline: the vault's pages, not sealed");
  const why = f.dexieEncrypted.error ? `cannot run: ${f.dexieEncrypted.error}` : 'comparison';
  add('dexieEncrypted.bulkPutMs', f.dexieEncrypted.bulkPutMs, why);
  add('dexieEncrypted.readAllMs', f.dexieEncrypted.readAllMs, why);
  add('sealedRows.writeMs', f.sealedRows.writeMs, 'comparison: a sealed row per record');
  add('sealedRows.readAllMs', f.sealedRows.readAllMs, 'comparison: a sealed row per record');
  add('sealedPages.writeMs', f.sealedPages.writeMs, "comparison: the vault's sealed pages alone");
  add('sealedPages.readAllMs', f.sealedPages.readAllMs, "comparison: the vault's sealed pages alone");
  if (f.scale) {
    const at = `at ${f.scale.people.toLocaleString('en-US')} people / ${f.scale.events.toLocaleString('en-US')} events`;
    add('scale.unlockToDashboardMs', f.scale.unlockToDashboardMs, at);
    add('scale.seedMs', f.scale.seedMs, at);
    add('scale.openMs', f.scale.openMs);
    add('scale.foldMs', f.scale.foldMs, at);
    add('scale.asOfMs', f.scale.asOfMs, at);
    add('scale.searchMs', f.scale.searchMs, at);
    add('scale.writeP95Ms', f.scale.writeP95Ms);
    add('scale.heapMB', f.scale.heapMB);
    add('benchSeconds', f.details.benchSeconds);
  }
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
