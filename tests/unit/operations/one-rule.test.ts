import { describe, expect, it } from 'vitest';
import type { Arrival, Departure, Person } from '../../../src/core/model';
import { newNeed, outcomesBy, residentsAt, waitingForBed } from '../../../src/core/occupancy';
import { parseCsv, planImport, suggestMapping } from '../../../src/core/reports';
import { occupancyOf, recordEvent } from '../../../src/vault/operations';
import type { Session } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import { PASS, testVault } from '../vault/helpers';

// testVault's clock.
const NOW = '2026-11-20T10:00:00.000Z';

async function sessionWithLayout(): Promise<Session> {
  const { deps } = await testVault();
  const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
  await session.houses.put({ id: 'h1', alias: 'North', city: 'Moscow' });
  await session.rooms.put({ id: 'r1', houseId: 'h1', name: 'Blue', capacity: 1 });
  await session.beds.put({ id: 'b1', roomId: 'r1', label: '1' });
  return session;
}

/** The departure form's path: intake with the housing need, then arrival and departure through recordEvent. */
async function throughTheForms(outcome: Departure['outcome'], stillNeedsHousing = false): Promise<Session> {
  const session = await sessionWithLayout();
  const person: Person = { id: 'kolya', alias: 'Kolya', languages: [], needs: [newNeed('housing', 'open', NOW)], riskLevel: 'medium', consentToShare: [] };
  await session.people.put(person);
  const arrival: Arrival = { id: 'a1', type: 'arrival', at: '2026-10-01T12:00:00.000Z', recordedAt: NOW, personId: 'kolya', houseId: 'h1', bedId: 'b1' };
  await recordEvent(session, arrival, NOW);
  const departure: Departure = { id: 'd1', type: 'departure', at: '2026-11-01T12:00:00.000Z', recordedAt: NOW, personId: 'kolya', outcome };
  await recordEvent(session, departure, NOW, { stillNeedsHousing });
  return session;
}

/** The import's path: the same person and stay as one spreadsheet row, in Russian. */
async function throughTheImport(outcome: string): Promise<Session> {
  const session = await sessionWithLayout();
  const [headers = [], ...rows] = parseCsv(`Псевдоним;Потребности;Дата прибытия;Дом;Дата выезда;Итог\nKolya;жильё;01.10.2026;North;01.11.2026;${outcome}\n`);
  const plan = planImport(rows, suggestMapping(headers), { occupancy: occupancyOf(session).current(), partners: [] }, NOW);
  if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
  await session.batch.write({ people: plan.people, events: plan.events }, { action: 'import.spreadsheet', details: {} });
  return session;
}

/** What the screens show of a vault: needs now, who waits and who is in, where people went. */
function facts(session: Session) {
  const state = occupancyOf(session).current();
  const people = session.people.list();
  return {
    needs: people.map((p) => [p.alias, p.needs.map((n) => [n.kind, n.status])]),
    waiting: waitingForBed(state, people, NOW).length,
    residents: residentsAt(state, NOW).size,
    outcomes: outcomesBy(state, 'country', 0, Date.parse(NOW)),
  };
}

describe('one rule for whether a departure meets the housing need', () => {
  it('an imported "вернулся домой" and the same departure through the form leave identical state', async () => {
    const form = facts(await throughTheForms('returned-home'));
    const imported = facts(await throughTheImport('вернулся домой'));
    expect(imported).toEqual(form);
    expect(form.needs).toEqual([['Kolya', [['housing', 'done']]]]);
    expect(form.waiting).toBe(0);
  });

  it('writes the event and the need it meets in one page, with the stay’s audit action', async () => {
    const session = await throughTheForms('resettled');
    const kolya = session.people.get('kolya')!;
    expect(kolya.needs[0]?.history.map((c) => [c.at, c.status])).toEqual([
      [NOW, 'open'],
      [NOW, 'in-progress'],
      [NOW, 'done'],
    ]);
    expect(session.audit.entries().at(-1)).toMatchObject({ action: 'stay.departure', details: { event: 'd1' } });
  });

  it('a departure the form marks as still needing housing leaves the person waiting', async () => {
    const session = await throughTheForms('returned-home', true);
    expect(facts(session).waiting).toBe(1);
  });
});
