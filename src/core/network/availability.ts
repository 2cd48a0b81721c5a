import { z } from 'zod';
import { RISK_LEVELS, type House, type Person, type RiskLevel } from '../model';
import { instant, line } from '../model/fields';
import { idSchema } from '../model/ids';
import { housesAt, residentsAt, waitingForBed, type OccupancyState } from '../occupancy';
import { DAY_MS, toMs, type Instant } from '../occupancy/time';

/**
 * An availability report (docs/bundle-format.md, kind "availability"): what a coordinator of several
 * houses needs to place someone tonight, and nothing about anyone. Per house: places in service, used
 * and free now, and free within SOON_DAYS counting planned departures; for the whole vault: how many
 * people wait for a bed, by risk level. Counts only: no person, no alias, no dates of stays.
 */
export const SOON_DAYS = 7;

const count = z.int().min(0).max(100_000);

export const houseAvailabilitySchema = z.strictObject({
  houseId: idSchema,
  alias: line(60),
  city: line(80),
  inService: count,
  used: count,
  freeNow: count,
  freeSoon: count,
});
export type HouseAvailability = z.infer<typeof houseAvailabilitySchema>;

export const availabilitySchema = z.strictObject({
  at: instant(),
  houses: z.array(houseAvailabilitySchema).max(500),
  waiting: z.strictObject(Object.fromEntries(RISK_LEVELS.map((level) => [level, count])) as Record<RiskLevel, typeof count>),
});
export type Availability = z.infer<typeof availabilitySchema>;

/** The report as of `now`, from the folded occupancy and the people (only their needs and risk are read). */
export function availabilityAt(state: OccupancyState, people: readonly Person[], now: Instant): Availability {
  const soon = toMs(now) + SOON_DAYS * DAY_MS;
  const leavingSoon = new Map<string, number>();
  for (const { houseId, plannedDeparture } of residentsAt(state, now).values()) {
    if (plannedDeparture !== undefined && toMs(plannedDeparture) <= soon) leavingSoon.set(houseId, (leavingSoon.get(houseId) ?? 0) + 1);
  }
  const houses = housesAt(state, now).map(({ houseId, capacity, occupied, free }) => {
    const house = state.layout.houses.get(houseId) as House;
    return {
      houseId,
      alias: house.alias,
      city: house.city,
      inService: capacity,
      used: occupied,
      freeNow: free,
      freeSoon: Math.min(capacity, free + (leavingSoon.get(houseId) ?? 0)),
    };
  });
  const waiting = Object.fromEntries(RISK_LEVELS.map((level) => [level, 0])) as Record<RiskLevel, number>;
  for (const w of waitingForBed(state, people, now)) waiting[w.riskLevel]++;
  return { at: typeof now === 'string' ? now : new Date(now).toISOString(), houses, waiting };
}
