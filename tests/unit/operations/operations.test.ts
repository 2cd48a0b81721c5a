import { describe, expect, it } from 'vitest';
import type { Arrival, Bed, Departure, House, Room, StayEvent } from '../../../src/core/model';
import { fold, residentsAt } from '../../../src/core/occupancy';
import { createVault } from '../../../src/vault/services/create';
import { checkEvent, EventRefusedError, occupancyOf, recordEvent } from '../../../src/vault/operations';
import type { Session } from '../../../src/vault/session';
import { PASS, testVault } from '../vault/helpers';

const NOW = '2026-11-20T10:00:00.000Z';
const day = (d: string) => `${d}T12:00:00.000Z`;

const house: House = { id: 'h1', alias: 'North', city: 'Moscow' };
const room: Room = { id: 'r1', houseId: 'h1', name: 'Blue', capacity: 2 };
const beds: Bed[] = [
  { id: 'b1', roomId: 'r1', label: '1' },
  { id: 'b2', roomId: 'r1', label: '2' },
];

let seq = 0;
function arrival(personId: string, bedId: string, at: string): Arrival {
  return { id: `e${++seq}`, type: 'arrival', at: day(at), recordedAt: NOW, personId, houseId: 'h1', bedId };
}
function departure(personId: string, at: string): Departure {
  return { id: `e${++seq}`, type: 'departure', at: day(at), recordedAt: NOW, personId, outcome: 'resettled' };
}

async function sessionWithLayout(): Promise<Session> {
  const { deps } = await testVault();
  const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
  await session.houses.put(house);
  await session.rooms.put(room);
  for (const bed of beds) await session.beds.put(bed);
  return session;
}

async function refusal(promise: Promise<void>): Promise<EventRefusedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EventRefusedError);
  return error as EventRefusedError;
}

describe('operations data layer', () => {
  it('records a valid event through the session and shows it in the derived state', async () => {
    const session = await sessionWithLayout();
    const a = arrival('p1', 'b1', '2026-11-01');
    expect(checkEvent(session, a, NOW)).toBeUndefined();
    await recordEvent(session, a, NOW);
    expect(session.events.all()).toEqual([a]);
    expect(session.audit.entries().at(-1)?.action).toBe('stay.arrival');
    const state = occupancyOf(session).current();
    expect(residentsAt(state, NOW).get('p1')).toMatchObject({ houseId: 'h1', bedId: 'b1' });
  });

  it('refuses an event that breaks a rule in the repository path, before anything is written', async () => {
    const session = await sessionWithLayout();
    await recordEvent(session, arrival('p1', 'b1', '2026-11-01'), NOW);
    const auditBefore = session.audit.entries().length;
    const taken = arrival('p2', 'b1', '2026-11-05');
    expect(checkEvent(session, taken, NOW)?.code).toBe('BED_OCCUPIED');
    const occupied = await refusal(recordEvent(session, taken, NOW));
    expect(occupied.violation).toMatchObject({ code: 'BED_OCCUPIED', message: 'The bed is already occupied on 2026-11-05.' });
    const early = await refusal(recordEvent(session, departure('p1', '2026-10-20'), NOW));
    expect(early.violation.code).toBe('BEFORE_ARRIVAL');
    const future = await refusal(recordEvent(session, arrival('p3', 'b2', '2026-11-22'), NOW));
    expect(future.violation).toMatchObject({ code: 'FUTURE_DATE', message: 'The date 2026-11-22 is more than one day in the future.' });
    expect(session.events.all()).toHaveLength(1);
    expect(session.audit.entries()).toHaveLength(auditBefore);
  });

  it('refuses a schema-invalid event before the rules', async () => {
    const session = await sessionWithLayout();
    const bad = { ...arrival('p1', 'b1', '2026-11-01'), at: '1 November' } as StayEvent;
    await expect(recordEvent(session, bad, NOW)).rejects.toThrow(/datetime|date/i);
    expect(session.events.all()).toHaveLength(0);
  });

  it('a correction that would make a later event invalid is refused', async () => {
    const session = await sessionWithLayout();
    const a1 = arrival('p1', 'b1', '2026-10-01');
    await recordEvent(session, a1, NOW);
    await recordEvent(session, departure('p1', '2026-10-10'), NOW);
    await recordEvent(session, arrival('p2', 'b1', '2026-10-15'), NOW);
    // Voiding the departure would put p1 in b1 until now, over p2's stay.
    const departureId = session.events.all()[1]!.id;
    const fix: StayEvent = { id: 'c1', type: 'correction', at: NOW, recordedAt: NOW, voids: departureId, reason: 'typo' };
    const refused = await refusal(recordEvent(session, fix, NOW));
    expect(refused.violation.code).toBe('INVALIDATES_LATER_EVENT');
    expect(refused.violation.cause?.code).toBe('BED_OCCUPIED');
  });

  it('serialises writes: two arrivals racing for the last bed, one is refused', async () => {
    const session = await sessionWithLayout();
    await recordEvent(session, arrival('p1', 'b1', '2026-11-01'), NOW);
    const results = await Promise.allSettled([
      recordEvent(session, arrival('p2', 'b2', '2026-11-02'), NOW),
      recordEvent(session, arrival('p3', 'b2', '2026-11-03'), NOW),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(session.events.all()).toHaveLength(2);
  });

  it('applies new events incrementally: the result equals a fresh fold, and recording twice is a no-op', async () => {
    const session = await sessionWithLayout();
    const store = occupancyOf(session);
    const events = [arrival('p1', 'b1', '2026-09-01'), arrival('p2', 'b2', '2026-09-02'), departure('p1', '2026-09-20'), arrival('p3', 'b1', '2026-10-01')];
    for (const e of events) await recordEvent(session, e, NOW);
    const before = store.current();
    await recordEvent(session, events[0]!, NOW);
    expect(store.current()).toBe(before);
    expect(session.events.all()).toHaveLength(4);
    const fresh = fold(session.events.all(), { houses: [house], rooms: [room], beds });
    expect(before.timeline.map((e) => e.event.id)).toEqual(fresh.timeline.map((e) => e.event.id));
    const sorted = (m: Map<string, unknown>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(residentsAt(before, NOW))).toEqual(sorted(residentsAt(fresh, NOW)));
  });

  it('picks up events written by another path, and keeps ones that break a rule visible as rejected', async () => {
    const session = await sessionWithLayout();
    const store = occupancyOf(session);
    await recordEvent(session, arrival('p1', 'b1', '2026-11-01'), NOW);
    await session.events.append(arrival('p2', 'b2', '2026-11-02'));
    expect(residentsAt(store.current(), NOW).size).toBe(2);
    const clash = arrival('p3', 'b2', '2026-11-03');
    await session.events.append(clash);
    const state = store.current();
    expect(residentsAt(state, NOW).size).toBe(2);
    expect(state.rejected.map((r) => [r.event.id, r.violation.code])).toEqual([[clash.id, 'BED_OCCUPIED']]);
  });

  it('a renamed house keeps the movements; a smaller room refolds', async () => {
    const session = await sessionWithLayout();
    const store = occupancyOf(session);
    await recordEvent(session, arrival('p1', 'b1', '2026-11-01'), NOW);
    await recordEvent(session, arrival('p2', 'b2', '2026-11-02'), NOW);
    const before = store.current();
    await session.houses.put({ ...house, alias: 'Nord' });
    const renamed = store.current();
    expect(renamed.layout.houses.get('h1')?.alias).toBe('Nord');
    expect(renamed.timeline).toBe(before.timeline);
    await session.rooms.put({ ...room, capacity: 1 });
    const smaller = store.current();
    expect(smaller.rejected.map((r) => r.violation.code)).toEqual(['ROOM_FULL']);
    expect(residentsAt(smaller, NOW).size).toBe(1);
  });

  it('a new bed is usable at once', async () => {
    const session = await sessionWithLayout();
    await session.rooms.put({ ...room, capacity: 3 });
    await session.beds.put({ id: 'b3', roomId: 'r1', label: '3' });
    await recordEvent(session, arrival('p1', 'b3', '2026-11-01'), NOW);
    expect(residentsAt(occupancyOf(session).current(), NOW).get('p1')?.bedId).toBe('b3');
  });

  it('drops the derived state when the session locks', async () => {
    const session = await sessionWithLayout();
    const store = occupancyOf(session);
    await recordEvent(session, arrival('p1', 'b1', '2026-11-01'), NOW);
    expect(store.current().timeline).toHaveLength(1);
    session.lock();
    expect(store.current().timeline).toHaveLength(0);
    expect(store.current().layout.houses.size).toBe(0);
  });
});
