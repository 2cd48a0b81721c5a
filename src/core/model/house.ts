import { z } from 'zod';
import { line } from './fields';
import { idSchema } from './ids';

/**
 * A safe house. There is deliberately no address field: an address is the one datum that gets
 * everyone in the house hurt, so it lives in people's heads, not in the vault.
 */
export const houseSchema = z.strictObject({
  id: idSchema,
  alias: line(60),
  city: line(80),
});
export type House = z.infer<typeof houseSchema>;

/**
 * `capacity` is how many people the room may hold at once; it may be below its number of beds
 * (a bed out of use), and occupancy counts the smaller of the two.
 */
export const roomSchema = z.strictObject({
  id: idSchema,
  houseId: idSchema,
  name: line(60),
  capacity: z.int().min(1).max(50),
});
export type Room = z.infer<typeof roomSchema>;

/** One sleeping place: at most one person at a time. */
export const bedSchema = z.strictObject({
  id: idSchema,
  roomId: idSchema,
  label: line(30),
});
export type Bed = z.infer<typeof bedSchema>;
