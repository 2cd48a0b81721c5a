import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KeyFile } from '../../../src/core/crypto/keyfile';
import { parseRecoveryKey } from '../../../src/core/crypto/recovery-code';
import { newId } from '../../../src/core/model/ids';
import { addUser } from '../../../src/vault/services/users';
import { TAIL_MERGE_AT } from '../../../src/vault/page-log';
import { createVault } from '../../../src/vault/services/create';
import { attack, found, keyFilesIn, type Loot } from './attacker';
import { captureIndexedDbWrites } from './capture';
import { firstUnlock, PASS, person, testVault } from './helpers';
import { newNeed } from '../../../src/core/occupancy';

/** Needs known long before any day these tests look at. */
const KNOWN = '2000-01-01T00:00:00.000Z';

/*
 * Forgetting a person is crypto-shredding (docs/threat-model.md §5a): IndexedDB keeps every version
 * of every row it was ever given (LevelDB appends; merged and deleted pages survive in its files), so
 * the proof assumes the attacker has all of them. Every row the vault ever handed to IndexedDB is
 * captured below, then an attacker holding everything that is left after the forget (every
 * passphrase, the recovery key, the key-file folder as it is now) opens all they can, recursively,
 * and must not read the forgotten person. The same attack run before the forget, and on a person
 * who is kept, must read them: otherwise the attack proves nothing.
 */

describe('forgetting a person, proven against everything LevelDB may keep (docs/threat-model.md §5a)', () => {
  let capture: ReturnType<typeof captureIndexedDbWrites>;
  beforeEach(() => {
    capture = captureIndexedDbWrites();
  });
  afterEach(() => capture.restore());

  it('no key or secret left after the forget opens any version of the forgotten identity; a kept person stays readable', async () => {
    const t = await testVault();
    const { deps } = t;
    const { session: admin, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const { oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    admin.lock();
    const operatorPass = 'quiet lantern over seven hills';
    const session = await firstUnlock(deps, oneTimePassphrase, operatorPass);

    // Unique canaries: the forgotten person's every identifying field, and a control kept in the vault.
    const gone = { alias: 'Zyxwvu Forgotten', legalName: 'Qoppa Sampiova', phone: '+7 913 555 0177', notes: 'Crossed at Verkhniy Lars' };
    const kept = { alias: 'Jubilant Kept', legalName: 'Wenceslas Keptovich', phone: '+7 912 444 0188', notes: 'Arrived by the night bus' };
    const forgotten = person({ alias: gone.alias });
    const control = person({ alias: kept.alias, legalName: kept.legalName, phone: kept.phone, notes: kept.notes });
    // First written as an import (one page with other people), then edited: each version is a separate sealed row.
    await session.batch.write({ people: [forgotten, control, person({ alias: 'Bystander' })] }, { action: 'import.spreadsheet', details: {} });
    await session.people.put({ ...forgotten, legalName: gone.legalName });
    await session.people.put({ ...forgotten, legalName: gone.legalName, phone: gone.phone, notes: gone.notes });
    const houseId = newId();
    await session.events.append({ id: newId(), type: 'arrival', at: '2026-10-01T12:00:00.000Z', recordedAt: '2026-10-01T12:00:00.000Z', personId: forgotten.id, houseId, bedId: newId() });
    // Enough pages to merge the tail, so the pages that first held the identity are deleted rows by now.
    for (let i = 0; i < TAIL_MERGE_AT; i++) await session.recordAudit('report.view', {});
    const livePages = new Set((await deps.db.pages.toArray()).map((p) => p.id));
    const capturedPages = capture.rows.filter((r) => r.store === 'pages').map((r) => (r.value as { id: string }).id);
    expect(capturedPages.some((id) => !livePages.has(id)), 'some captured pages were merged away').toBe(true);

    const loot = (keyFiles: KeyFile[]): Loot => ({
      keyFiles,
      passphrases: [PASS, operatorPass, oneTimePassphrase],
      recoveryKeys: [parseRecoveryKey(recoveryCode)],
    });
    const keyDirBefore = await keyFilesIn(t.keyDir);
    const before = await attack(t, capture.rows, loot(keyDirBefore));
    expect(found(before, Object.values(gone)), 'before the forget, the attack reads the person').toEqual(Object.values(gone));

    await session.people.forget([forgotten.id]);
    await session.people.put({ ...control, needs: [newNeed('legal', 'open', KNOWN)] });
    session.lock();

    const after = await attack(t, capture.rows, loot(await keyFilesIn(t.keyDir)));
    expect(found(after, Object.values(kept)), 'the kept person is read, so the attack can see').toEqual(Object.values(kept));
    expect(found(after, Object.values(gone)), 'nothing of the forgotten person opens').toEqual([]);
    // In clear, nowhere: not in any captured row, nor in the key files.
    const raw = capture.rows.map((r) => JSON.stringify(r.value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)));
    expect(found(raw, [...Object.values(gone), ...Object.values(kept)])).toEqual([]);
  });
});
