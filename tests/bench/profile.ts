/**
 * Reads a V8 CPU profile (Chrome DevTools protocol Profiler.stop) and lists where the time went:
 * self time per function, and total (inclusive) time per function, so a MISS can name its cause.
 */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  totalMs: number;
}

function label(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const file = frame.url.split('/').pop()?.replace(/-[A-Za-z0-9_]{8}\.js$/, '.js') ?? '';
  return `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
}

export function summarise(profile: CpuProfile, top = 15): { totalMs: number; bySelf: ProfileLine[]; byTotal: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's duration is the gap to the next sample.
  for (let i = 0; i < samples.length; i++) {
    const us = deltas[i + 1] ?? 0;
    selfUs.set(samples[i] as number, (selfUs.get(samples[i] as number) ?? 0) + us);
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const name = label(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    // Inclusive: count each function once per stack, even when it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at);
      if (!n) break;
      const key = label(n.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + us);
    }
  }
  const lines = (m: Map<string, number>) =>
    [...m]
      .map(([name]) => ({ name, selfMs: (self.get(name) ?? 0) / 1000, totalMs: (total.get(name) ?? 0) / 1000 }))
      .filter((l) => !/^\((root|program|idle)\)/.test(l.name));
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    bySelf: lines(self)
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
    byTotal: lines(total)
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, top),
  };
}

export function formatSummary(name: string, s: ReturnType<typeof summarise>): string {
  const row = (l: ProfileLine) => `    ${l.selfMs.toFixed(1).padStart(8)} ${l.totalMs.toFixed(1).padStart(8)}  ${l.name}`;
  return [
    `  profile ${name}: ${s.totalMs.toFixed(0)} ms sampled`,
    '      self ms  total ms  (top by self time)',
    ...s.bySelf.map(row),
    '      self ms  total ms  (top by total time)',
    ...s.byTotal.map(row),
  ].join('\n');
}
