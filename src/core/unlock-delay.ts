/**
 * A growing delay after repeated failed unlocks (docs/threat-model.md §7), on top of Argon2id's own cost:
 * none for the first two mistakes (typos happen), then 1 s, 2 s, 4 s ... up to 60 s.
 */
export function delayAfterFailures(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(60_000, 1000 * 2 ** (failures - 3));
}
