/**
 * A growing delay after repeated failed unlocks (docs/threat-model.md §7), on top of Argon2id's own cost:
 * none for the first two mistakes (typos happen), then 1 s, 2 s, 4 s ... up to 60 s. Main keeps
 * the count (electron/main/unlock-delay.ts) so reloading or replacing the page does not reset it.
 */
export const MAX_UNLOCK_DELAY_MS = 60_000;

export function delayAfterFailures(failures: number): number {
  if (failures < 3) return 0;
  return Math.min(MAX_UNLOCK_DELAY_MS, 1000 * 2 ** (failures - 3));
}
