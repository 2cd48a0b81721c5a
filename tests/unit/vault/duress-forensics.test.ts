import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRecoverySecret, getSlotSecret, KEY_FILE_BYTES } from '../../../src/core/crypto/keyfile';
import { setDuressPassphrase } from '../../../src/vault/services/duress';
import { createVault } from '../../../src/vault/services/create';
import { addUser } from '../../../src/vault/services/users';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { dumpDb, PASS, person, testVault } from './helpers';

const DURESS = 'the weather is lovely today';

/**
 * The duress screen lists what an examiner of the disk could still notice after the duress
 * passphrase was used (docs/threat-model.md §8, admin.duress.disk*). Each statement there is checked
 * here against the disk itself: the database rows and main's key-file folder.
 */
describe('duress: what a copy of the disk shows afterwards', () => {
  it('matches what the duress screen tells the admin', async () => {
    const t = await testVault();
    const { deps, keyDir } = t;
    const real = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await addUser(deps, real.session, { name: 'Oleg', role: 'operator' });
    for (let i = 0; i < 5; i++) await real.session.people.put(person({ alias: `Resident ${i}` }));
    await setDuressPassphrase(deps, real.session, DURESS);
    const realId = real.session.vaultId;
    const realCreated = real.session.audit.entries()[0]!.at;
    real.session.lock();
    const realRow = (await deps.db.vaults.get(realId))!;
    const realPages = await deps.db.pages.where('vaultId').equals(realId).count();

    const raidDay = new Date('2027-03-14T06:00:00Z');
    deps.now = () => raidDay;
    const { session: decoy } = await unlockWithPassphrase(deps, DURESS);
    const decoyHistory = decoy.audit.entries().map((e) => e.at);
    decoy.lock();

    // "The real vault's encrypted data stays on the disk": its row and every page, unchanged in number.
    expect(await deps.db.vaults.get(realId)).toMatchObject({ slots: realRow.slots });
    expect(await deps.db.pages.where('vaultId').equals(realId).count()).toBe(realPages);

    // "There are two vaults and two key files, of the same size."
    expect((await deps.db.vaults.toArray()).map((v) => v.id).sort()).toEqual([realId, decoy.vaultId].sort());
    const files = await readdir(keyDir);
    expect(files).toHaveLength(2);
    for (const f of files) expect((await stat(path.join(keyDir, f))).size).toBe(KEY_FILE_BYTES);

    // "The real vault's key file no longer holds any passphrase's secret; the recovery secret stays."
    const realKeyFile = (await deps.keyFiles.read(realId))!;
    for (const slot of realRow.slots) if (slot.kind === 'passphrase') expect(getSlotSecret(realKeyFile, slot.id)).toBeUndefined();
    expect(getRecoverySecret(realKeyFile)).toHaveLength(32);

    // "The empty vault has fewer key slots and far fewer pages than the real one."
    const decoyRow = (await deps.db.vaults.get(decoy.vaultId))!;
    expect(decoyRow.slots.filter((s) => s.kind === 'passphrase')).toHaveLength(1);
    expect(realRow.slots.filter((s) => s.kind === 'passphrase').length).toBeGreaterThan(1);
    expect(await deps.db.pages.where('vaultId').equals(decoy.vaultId).count()).toBeLessThan(realPages);

    // "Its history says it was made when the real one was; only its unlock is dated the day of the raid.
    // Nothing on the disk or in its history names duress."
    expect(decoyHistory).toEqual([realCreated, raidDay.toISOString()]);
    expect(JSON.stringify(await dumpDb(deps.db))).not.toMatch(/duress/i);
  });
});
