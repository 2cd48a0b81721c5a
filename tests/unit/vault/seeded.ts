import { seed, type SeedData } from '../../bench/seed';
import { occupancyOf } from '../../../src/vault/operations';
import type { Session } from '../../../src/vault/session';

/**
 * A seeded data set written as an operator's imports would be: the layout, then two imports (the
 * people with the first half of the events, then the rest), a screen reading occupancy between them
 * so the snapshot the second write starts keeps its fold. `between` runs before the second import.
 */
export async function importSeeded(session: Session, size: { people: number; events: number }, between?: () => Promise<void>): Promise<SeedData> {
  const d = seed({ ...size, houses: 2, years: 2, end: '2026-11-01T00:00:00.000Z', staff: [session.user.id] });
  for (const house of d.layout.houses) await session.houses.put(house);
  for (const room of d.layout.rooms) await session.rooms.put(room);
  for (const bed of d.layout.beds) await session.beds.put(bed);
  const half = d.events.length >> 1;
  await session.batch.write({ people: d.people, events: d.events.slice(0, half) }, { action: 'import.spreadsheet', details: {} });
  occupancyOf(session).current();
  await between?.();
  await session.batch.write({ events: d.events.slice(half) }, { action: 'import.spreadsheet', details: {} });
  return d;
}
