import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WrongPassphraseError } from '../../../src/core/crypto/slots';
import { ForbiddenError } from '../../../src/core/roles';
import type { BackupSaveResult } from '../../../src/vault/admin-ipc';
import { EvacuationUnverifiedError } from '../../../src/vault/errors';
import { restoreBackup } from '../../../src/vault/services/backup';
import { createVault } from '../../../src/vault/services/create';
import { activeVault, type VaultDeps } from '../../../src/vault/services/deps';
import { evacuate } from '../../../src/vault/services/evacuate';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { addUser } from '../../../src/vault/services/users';
import type { Session } from '../../../src/vault/session';
import { dumpDb, firstUnlock, PASS, person, testVault, wireMainWipe, type TestVault } from './helpers';

const SAM = 'sams own long passphrase';
const OLEG = 'olegs own long passphrase';

/** A vault with three people, an off-site recipient (unless `offsite` is false), and its staff member Sam unlocked. */
async function withStaff(t: TestVault, options: { offsite?: boolean } = {}) {
  const { deps } = t;
  const { session: admin } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
  const identity = await generateX25519Identity();
  if (options.offsite !== false) await admin.settings.update({ offsiteRecipient: await identityToRecipient(identity) });
  for (const alias of ['Kolya', 'Masha', 'Timur']) await admin.people.put(person({ alias }));
  const sam = await addUser(deps, admin, { name: 'Sam', role: 'staff' });
  const oleg = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
  admin.lock();
  const operator = await firstUnlock(deps, oleg.oneTimePassphrase, OLEG);
  operator.lock();
  const staff = await firstUnlock(deps, sam.oneTimePassphrase, SAM);
  return { identity, staff };
}

/** A save that records what the device held when main was asked to write. */
function recordingSave(deps: VaultDeps, events: string[], answer: (bytes: Uint8Array) => Promise<BackupSaveResult>) {
  const calls: Uint8Array[] = [];
  return {
    calls,
    save: async (bytes: Uint8Array) => {
      calls.push(bytes);
      const answered = await answer(bytes);
      events.push(`saved while the vault was ${(await activeVault(deps.db)) ? 'there' : 'gone'}`);
      return answered;
    },
  };
}

async function stillThere(t: TestVault, session: Session): Promise<void> {
  expect(session.isLocked).toBe(false);
  expect(await activeVault(t.deps.db)).toBeDefined();
  expect(await t.store.read(session.vaultId)).not.toBeNull();
}

describe('evacuate', () => {
  it('writes the backup through main, checks it on the disk, then wipes: it opens with the off-site age key and restores with every person', async () => {
    const t = await testVault();
    const saveDir = await mkdtemp(path.join(tmpdir(), 'ws-evacuate-'));
    const main = wireMainWipe(t, { save: async (name) => path.join(saveDir, name), open: async () => undefined });
    const { identity, staff } = await withStaff(t);
    const events: string[] = [];
    const wipeStorage = t.deps.wipeStorage!;
    t.deps.wipeStorage = async () => {
      events.push('wipe');
      await wipeStorage();
    };
    const { save } = recordingSave(t.deps, events, main.saveBackup);

    const result = await evacuate(t.deps, staff, { passphrase: SAM, save });
    expect(events).toEqual(['saved while the vault was there', 'wipe']);
    expect(result).toMatchObject({ status: 'wiped', backup: { path: path.join(saveDir, 'waystation-2026-11-20.age') } });
    // Nothing left: no vault, no key file, no key folder.
    expect(staff.isLocked).toBe(true);
    expect(await activeVault(t.deps.db)).toBeUndefined();
    await expect(readdir(t.keyDir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(main.cleared).toEqual(['storage']);

    // The off-site key alone opens the file (what `age -d -i key.txt` does), and it restores into a new vault.
    const file = new Uint8Array(await readFile(path.join(saveDir, 'waystation-2026-11-20.age')));
    const decrypter = new Decrypter();
    decrypter.addIdentity(identity);
    expect(JSON.parse(await decrypter.decrypt(file, 'text'))).toMatchObject({ format: 'waystation-backup' });
    const fresh = await testVault();
    await restoreBackup(fresh.deps, file, { ageIdentity: identity });
    const { session: back } = await unlockWithPassphrase(fresh.deps, SAM);
    expect([...back.getSnapshot().people.values()].map((p) => p.alias).sort()).toEqual(['Kolya', 'Masha', 'Timur']);
    expect(back.audit.entries().some((e) => e.action === 'vault.evacuate')).toBe(true);
  });

  it('wipes nothing when the save dialog is cancelled, the write fails, or the file on the disk is not the backup', async () => {
    const t = await testVault();
    wireMainWipe(t);
    const { staff } = await withStaff(t);
    const events: string[] = [];
    const answers: ((bytes: Uint8Array) => Promise<BackupSaveResult>)[] = [
      async () => ({ status: 'cancelled' }),
      async () => Promise.reject(new Error('write-failed')),
      async () => ({ status: 'saved', path: '/tmp/x.age', sha256: '00'.repeat(32) }),
    ];
    const outcomes: unknown[] = [];
    for (const answer of answers) {
      const { save, calls } = recordingSave(t.deps, events, answer);
      outcomes.push(await evacuate(t.deps, staff, { passphrase: SAM, save }).catch((error: unknown) => error));
      expect(calls).toHaveLength(1);
      await stillThere(t, staff);
    }
    expect(outcomes[0]).toEqual({ status: 'cancelled' });
    expect(outcomes[1]).toMatchObject({ message: 'write-failed' });
    expect(outcomes[2]).toBeInstanceOf(EvacuationUnverifiedError);
  });

  it('with a wrong passphrase writes nothing anywhere and asks main for nothing', async () => {
    const t = await testVault();
    wireMainWipe(t);
    const { staff } = await withStaff(t);
    const before = await dumpDb(t.deps.db);
    const keyFile = await t.store.read(staff.vaultId);
    const { save, calls } = recordingSave(t.deps, [], async () => ({ status: 'cancelled' }));
    await expect(evacuate(t.deps, staff, { passphrase: PASS, save })).rejects.toThrow(WrongPassphraseError);
    expect(calls).toEqual([]);
    expect(await dumpDb(t.deps.db)).toEqual(before);
    expect(await t.store.read(staff.vaultId)).toEqual(keyFile);
    await stillThere(t, staff);
  });

  it('is refused to operators, before anything is written', async () => {
    const t = await testVault();
    wireMainWipe(t);
    const { staff } = await withStaff(t);
    staff.lock();
    const operator = (await unlockWithPassphrase(t.deps, OLEG)).session;
    const before = await dumpDb(t.deps.db);
    const { save, calls } = recordingSave(t.deps, [], async () => ({ status: 'cancelled' }));
    await expect(evacuate(t.deps, operator, { passphrase: OLEG, save })).rejects.toThrow(ForbiddenError);
    expect(calls).toEqual([]);
    expect(await dumpDb(t.deps.db)).toEqual(before);
    await stillThere(t, operator);
  });

  it('without an off-site recipient is the wipe alone: no backup is made', async () => {
    const t = await testVault();
    const main = wireMainWipe(t);
    const { staff } = await withStaff(t, { offsite: false });
    const { save, calls } = recordingSave(t.deps, [], async () => ({ status: 'cancelled' }));
    expect(await evacuate(t.deps, staff, { passphrase: SAM, save })).toEqual({ status: 'wiped', backup: null });
    expect(calls).toEqual([]);
    expect(await activeVault(t.deps.db)).toBeUndefined();
    expect(main.cleared).toEqual(['storage']);
  });
});

describe('the off-site recipient setting', () => {
  it('takes an X25519 age recipient only, checksum checked, and only from an admin', async () => {
    const t = await testVault();
    const { staff } = await withStaff(t);
    const good = await identityToRecipient(await generateX25519Identity());
    await expect(staff.settings.update({ offsiteRecipient: good })).rejects.toThrow(ForbiddenError);
    staff.lock();
    const admin = (await unlockWithPassphrase(t.deps, PASS)).session;
    const typo = good.slice(0, -1) + (good.endsWith('q') ? 'p' : 'q');
    for (const bad of [typo, 'age1pq1' + 'q'.repeat(60), 'AGE-SECRET-KEY-1' + 'Q'.repeat(58), '']) {
      await expect(admin.settings.update({ offsiteRecipient: bad })).rejects.toThrow();
    }
    await admin.settings.update({ offsiteRecipient: ` ${good.toUpperCase()} ` });
    expect(admin.settings.get().offsiteRecipient).toBe(good);
    await admin.settings.update({ offsiteRecipient: undefined });
    expect(admin.settings.get().offsiteRecipient).toBeUndefined();
  });
});
