import { describe, expect, it } from 'vitest';
import { WrongPassphraseError } from '../../../src/core/crypto/slots';
import { addUser } from '../../../src/vault/services/users';
import { securityOverview } from '../../../src/vault/services/security-overview';
import { setDuressPassphrase } from '../../../src/vault/services/duress';
import { splitRecovery } from '../../../src/vault/services/recovery';
import { activeVault, type VaultDeps } from '../../../src/vault/services/deps';
import { createVault } from '../../../src/vault/services/create';
import { replacePassphrase } from '../../../src/vault/services/passphrase';
import { unlockWithPassphrase, unlockWithRecoveryKey, unlockWithShares } from '../../../src/vault/services/unlock';
import { countDerivations, PASS, person, slotOpensFromImage, testVault } from './helpers';
import { PassphraseInUseError } from '../../../src/vault/errors';

const DURESS = 'the weather is lovely today';
const OLEG = 'olegs own long passphrase';

/** A real vault with an admin, a second user, a resident and a duress passphrase. */
async function realVault(deps: VaultDeps) {
  const now = deps.now;
  // Made long before the day of the raid, so the decoy's creation date can be checked.
  deps.now = () => new Date('2025-01-05T09:00:00Z');
  const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
  deps.now = now;
  await session.settings.update({ locale: 'ru' });
  const { oneTimePassphrase } = await addUser(deps, session, { name: 'Oleg', role: 'operator' });
  const resident = person({ alias: 'Kolya' });
  await session.people.put(resident);
  await setDuressPassphrase(deps, session, DURESS);
  session.lock();
  const { session: first } = await unlockWithPassphrase(deps, oneTimePassphrase);
  await replacePassphrase(deps, first, first.user.id, OLEG);
  first.lock();
  const row = (await activeVault(deps.db))!;
  return { vaultId: row.id, row, recoveryCode, resident };
}

describe('duress passphrase (docs/threat-model.md §8)', () => {
  it('costs the same number of Argon2id runs as the real passphrase and a wrong one', async () => {
    const { deps } = await testVault();
    await realVault(deps);
    const counter = countDerivations(deps);
    const runs = async (passphrase: string) => {
      counter.count = 0;
      const result = await unlockWithPassphrase(deps, passphrase).catch(() => undefined);
      result?.session.lock();
      return counter.count;
    };
    // Admin, Oleg and the duress slot: three live passphrase slots, three derivations whatever is typed.
    expect(await runs(PASS)).toBe(3);
    expect(await runs(OLEG)).toBe(3);
    expect(await runs('not anybodys passphrase')).toBe(3);
    expect(await runs(DURESS)).toBe(3);
  });

  it('opens an empty, ordinary-looking vault; afterwards no passphrase opens the old data, the recovery key does', async () => {
    const { deps } = await testVault();
    const real = await realVault(deps);
    const oldSlots = real.row.slots;
    const duressSlot = oldSlots.filter((s) => s.kind === 'passphrase').at(-1)!;
    // On disk the duress slot is just another passphrase slot.
    expect(Object.keys(duressSlot).sort()).toEqual(Object.keys(oldSlots[0]!).sort());
    expect(duressSlot.wrapped.length).toBe(oldSlots[0]!.wrapped.length);

    const { session: decoy } = await unlockWithPassphrase(deps, DURESS);
    expect(decoy.vaultId).not.toBe(real.vaultId);
    expect(decoy.user).toMatchObject({ name: 'Ada', role: 'admin', status: 'active' });
    expect(decoy.mustSetPassphrase).toBe(false);
    const snap = decoy.getSnapshot();
    expect(snap.people.size + snap.houses.size + snap.events.length).toBe(0);
    expect([...snap.users.values()].map((u) => u.name)).toEqual(['Ada']);
    expect(snap.settings.locale).toBe('ru');
    // Its log reads like a vault made when the real one was, and opened now: nothing about duress.
    expect(decoy.audit.entries().map((e) => [e.action, e.at])).toEqual([
      ['vault.create', '2025-01-05T09:00:00.000Z'],
      ['vault.unlock', deps.now().toISOString()],
    ]);
    expect(JSON.stringify(decoy.audit.entries())).not.toMatch(/duress/i);
    expect(securityOverview(decoy)).toMatchObject({ duressEnabled: false, wipeAfterFailedUnlocks: null });
    expect(decoy.audit.verify().problems).toEqual([]);
    expect(decoy.orgKeys().ageIdentity).toMatch(/^AGE-SECRET-KEY-1/);
    decoy.lock();

    // No passphrase opens the old data, not even with the old slots from a disk image.
    await expect(unlockWithPassphrase(deps, PASS)).rejects.toThrow(WrongPassphraseError);
    await expect(unlockWithPassphrase(deps, OLEG)).rejects.toThrow(WrongPassphraseError);
    for (const slot of oldSlots.filter((s) => s.kind === 'passphrase')) {
      for (const guess of [PASS, OLEG, DURESS]) expect(await slotOpensFromImage(deps, real.vaultId, slot, guess)).toBe(false);
    }
    // The duress passphrase is now the decoy admin's.
    const { session: again } = await unlockWithPassphrase(deps, DURESS);
    expect(again.vaultId).toBe(decoy.vaultId);
    again.lock();

    const recovered = await unlockWithRecoveryKey(deps, real.recoveryCode);
    expect(recovered.vaultId).toBe(real.vaultId);
    expect(recovered.audit.entries().at(-1)).toMatchObject({ action: 'vault.recover', details: { method: 'key', superseded: true } });

    // Setting a passphrase on the recovered generation makes it the one the unlock screen opens.
    const adminId = recovered.users.list().find((u) => u.name === 'Ada')!.id;
    await replacePassphrase(deps, recovered, adminId, 'a passphrase after the raid');
    recovered.lock();
    const { session: back } = await unlockWithPassphrase(deps, 'a passphrase after the raid');
    expect(back.vaultId).toBe(real.vaultId);
    expect(back.people.get(real.resident.id)).toEqual(real.resident);
    expect(back.user.id).toBe(adminId);
  });

  it('k recovery shares still open the old data after duress', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const resident = person();
    await session.people.put(resident);
    const { shares } = await splitRecovery(deps, session, { n: 3, k: 2 });
    await setDuressPassphrase(deps, session, DURESS, { decoyAdminName: 'Anna' });
    session.lock();
    const { session: decoy } = await unlockWithPassphrase(deps, DURESS);
    expect(decoy.user.name).toBe('Anna');
    decoy.lock();
    const recovered = await unlockWithShares(deps, [shares[1]!.code, shares[2]!.code]);
    const adminId = recovered.users.list().find((u) => u.name === 'Ada')!.id;
    await replacePassphrase(deps, recovered, adminId, 'a passphrase after the raid');
    recovered.lock();
    const { session: back } = await unlockWithPassphrase(deps, 'a passphrase after the raid');
    expect(back.people.get(resident.id)).toEqual(resident);
  });

  it('must differ from every passphrase, and no user may later choose it; clearing it makes it a wrong passphrase', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    await expect(setDuressPassphrase(deps, session, PASS)).rejects.toThrow(PassphraseInUseError);
    await setDuressPassphrase(deps, session, DURESS);
    await expect(replacePassphrase(deps, session, session.user.id, DURESS)).rejects.toThrow(PassphraseInUseError);
    await expect(addUser(deps, session, { name: 'Oleg', role: 'operator', oneTimePassphrase: DURESS })).rejects.toThrow(PassphraseInUseError);
    expect(securityOverview(session).duressEnabled).toBe(true);
    const duressSlotId = session.duress.slotId()!;

    // Replacing it destroys the old duress slot.
    await setDuressPassphrase(deps, session, 'another lovely weather phrase');
    expect((await deps.db.vaults.get(session.vaultId))!.slots.map((s) => s.id)).not.toContain(duressSlotId);
    expect((await deps.keyFiles.read(session.vaultId))!.slotSecrets[duressSlotId]).toBeUndefined();

    await setDuressPassphrase(deps, session, null);
    expect(securityOverview(session).duressEnabled).toBe(false);
    expect((await deps.db.vaults.get(session.vaultId))!.slots.filter((s) => s.kind === 'passphrase')).toHaveLength(1);
    expect(session.audit.entries().map((e) => e.action).filter((a) => a.startsWith('duress'))).toEqual(['duress.set', 'duress.set', 'duress.clear']);
    session.lock();
    await expect(unlockWithPassphrase(deps, 'another lovely weather phrase')).rejects.toThrow(WrongPassphraseError);
    expect((await unlockWithPassphrase(deps, PASS)).session.vaultId).toBe(session.vaultId);
  });
});
