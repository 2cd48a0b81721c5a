import { describe, expect, it } from 'vitest';
import { createVault } from '../../../src/vault/services/create';
import { rotateVaultKey } from '../../../src/vault/services/rotation';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import type { VaultDeps } from '../../../src/vault/services/deps';
import type { Session } from '../../../src/vault/session';
import { occupancyOf } from '../../../src/vault/operations';
import { residentRowsOf } from '../../../src/ui/operations/residents';
import { attentionOf } from '../../../src/ui/screens/operations/DashboardFigures';
import { PASS, person, testVault } from './helpers';

/** Enough people for several chunks of the background opening (people-keyring.ts OPEN_CHUNK). */
const PEOPLE = 1200;

/**
 * Holds the turns the background opening waits for (session/next-turn.ts posts a message) until
 * released, so a test sees the session as the unlock returns it, whatever the disk's pace.
 */
function holdTurns(): { step(): Promise<void>; release(): void } {
  const Real = globalThis.MessageChannel;
  const held: (() => void)[] = [];
  globalThis.MessageChannel = class extends Real {
    constructor() {
      super();
      const post = this.port2.postMessage.bind(this.port2);
      this.port2.postMessage = (message: unknown) => void held.push(() => post(message));
    }
  };
  return {
    /** Lets one held turn through and waits until the opening asks for the next one. */
    async step() {
      held.shift()!();
      while (held.length === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    release() {
      globalThis.MessageChannel = Real;
      for (const post of held.splice(0)) post();
    },
  };
}

/** A vault with PEOPLE residents, locked and unlocked again: its identities are still opening. */
async function unlockedWithPeople(): Promise<{ session: Session; ids: string[]; deps: VaultDeps; recoveryCode: string } & ReturnType<typeof holdTurns>> {
  const { deps } = await testVault();
  const { session: creator, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
  const people = Array.from({ length: PEOPLE }, (_, i) => person({ alias: `Resident ${i}` }));
  await creator.batch.write({ people }, { action: 'import.spreadsheet', details: { people: PEOPLE } });
  creator.lock();
  const turns = holdTurns();
  try {
    const { session } = await unlockWithPassphrase(deps, PASS);
    return { session, ids: people.map((p) => p.id), deps, recoveryCode, ...turns };
  } catch (error) {
    turns.release();
    throw error;
  }
}

describe('identities open after the unlock, in the background', () => {
  it('the unlock returns with them opening; all are open, announced once, when whenOpen settles', async () => {
    const { session, ids, release } = await unlockedWithPeople();
    expect(session.getSnapshot().identities).toBe('opening');
    expect(session.getSnapshot().people.size).toBe(0);
    const announced: string[] = [];
    session.subscribe(() => announced.push(session.getSnapshot().identities));
    release();

    await session.people.whenOpen();
    const state = session.getSnapshot();
    expect(state.identities).toBe('open');
    expect(ids.every((id) => state.people.has(id))).toBe(true);
    expect(state.damaged).toEqual([]);
    expect(announced).toEqual(['open']);
    session.lock();
  });

  it('a lock while opening stops it: nothing more is opened, nothing is left in the state, nothing is thrown', async () => {
    const { session, step, release } = await unlockedWithPeople();
    await step();
    const before = session.getSnapshot();
    expect(before.identities).toBe('opening');
    const openedBeforeLock = before.people.size;
    expect(openedBeforeLock).toBeGreaterThan(0);
    expect(openedBeforeLock).toBeLessThan(PEOPLE);

    session.lock();
    release();
    await expect(session.people.whenOpen()).resolves.toBeUndefined();
    // The people map the last snapshot showed got no one more, and the state after the lock has no one.
    expect(before.people.size).toBe(openedBeforeLock);
    expect(session.getSnapshot().people.size).toBe(0);
    expect(session.getSnapshot().damaged).toEqual([]);
  });

  it('a person edited before their identity opened is re-sealed under their own key: an update, not a new person with a new key', async () => {
    const { session, ids, release } = await unlockedWithPeople();
    expect(session.getSnapshot().identities).toBe('opening');
    const lastId = ids.at(-1)!;
    expect(session.people.get(lastId)).toBeUndefined();

    const edit = { ...person({ alias: 'Edited Early' }), id: lastId };
    const saved = session.people.put(edit);
    release();
    await saved;
    const entry = session.audit.entries().at(-1)!;
    expect(entry.action).toBe('person.update');
    expect(session.people.get(lastId)?.alias).toBe('Edited Early');
    expect(session.getSnapshot().damaged).toEqual([]);
    session.lock();
  });

  it('search and attention right after the unlock say pending, not nobody; after the opening they list everyone', async () => {
    const { session, ids, release } = await unlockedWithPeople();
    const asOf = session.now().toISOString();
    const occupancy = occupancyOf(session).current();
    expect(attentionOf(occupancy, session.getSnapshot(), asOf)).toBe('pending');
    expect(residentRowsOf(occupancy, session.getSnapshot(), asOf)).toBe('pending');

    release();
    await session.people.whenOpen();
    const rows = residentRowsOf(occupancyOf(session).current(), session.getSnapshot(), asOf);
    expect(rows === 'pending' ? rows : rows.map((r) => r.person.id).sort()).toEqual([...ids].sort());
    expect(attentionOf(occupancyOf(session).current(), session.getSnapshot(), asOf)).not.toBe('pending');
    session.lock();
  });

  it('a vault-key rotation started while identities open carries every person into the new vault', async () => {
    const { session, ids, deps, recoveryCode, release } = await unlockedWithPeople();
    // The opening is let go only once the rotation asks for the content: whatever it copies before waiting is all it gets.
    const content = session.contentForRotation.bind(session);
    session.contentForRotation = () => {
      const copied = content();
      release();
      return copied;
    };
    const { session: rotated } = await rotateVaultKey(deps, session, { passphrase: PASS, recovery: { code: recoveryCode } });
    await rotated.people.whenOpen();
    expect([...rotated.getSnapshot().people.keys()].sort()).toEqual([...ids].sort());
    rotated.lock();
  });
});
