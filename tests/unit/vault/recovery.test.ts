import { describe, expect, it } from 'vitest';
import { parseRecoveryKey } from '../../../src/core/crypto/recovery-code';
import { ShareError } from '../../../src/core/crypto/shares';
import { WrongRecoveryKeyError } from '../../../src/core/crypto/slots';
import { replaceRecoveryKey, splitRecovery } from '../../../src/vault/services/recovery';
import { createVault } from '../../../src/vault/services/create';
import { unlockWithPassphrase, unlockWithRecoveryKey, unlockWithShares } from '../../../src/vault/services/unlock';
import { PASS, person, slotOpensFromImage, testVault } from './helpers';

describe('recovery slot bound to the key file (design fix)', () => {
  it('a new recovery key kills the old recovery slot, also the copy a disk image keeps', async () => {
    const { deps } = await testVault();
    const { session, recoveryCode: oldCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const oldSlot = (await deps.db.vaults.get(session.vaultId))!.slots.find((s) => s.kind === 'recovery')!;
    expect(await slotOpensFromImage(deps, session.vaultId, oldSlot, parseRecoveryKey(oldCode))).toBe(true);

    const { recoveryCode } = await replaceRecoveryKey(deps, session);
    expect(recoveryCode).not.toBe(oldCode);
    const slots = (await deps.db.vaults.get(session.vaultId))!.slots;
    expect(slots.filter((s) => s.kind === 'recovery')).toHaveLength(1);
    expect(await slotOpensFromImage(deps, session.vaultId, oldSlot, parseRecoveryKey(oldCode))).toBe(false);
    // Even put back into IndexedDB (as a restored image would), the old slot does not open.
    await deps.db.vaults.update(session.vaultId, { slots: [...slots, oldSlot] });
    session.lock();
    await expect(unlockWithRecoveryKey(deps, oldCode)).rejects.toThrow(WrongRecoveryKeyError);
    const recovered = await unlockWithRecoveryKey(deps, recoveryCode);
    // The failed try with the old key is counted and recorded at this unlock.
    expect(recovered.audit.entries().map((e) => e.action)).toEqual(['vault.create', 'recovery.replace', 'vault.unlock-failed', 'vault.recover']);
    // Besides the method, the recovery session's entry carries its admin checkpoint (core/audit/checkpoint.ts).
    expect(recovered.audit.entries().at(-1)!.details).toMatchObject({ method: 'key', superseded: false, checkpointCount: recovered.audit.entries().length - 1 });
  });

  it('recovery needs this device’s key file (or a backup of it): without it the recovery key opens nothing', async () => {
    const { deps } = await testVault();
    const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    session.lock();
    await deps.keyFiles.destroy(session.vaultId);
    await expect(unlockWithRecoveryKey(deps, recoveryCode)).rejects.toThrow(WrongRecoveryKeyError);
  });
});

describe('k-of-n recovery shares', () => {
  it('any k shares unlock, k-1 do not, a mistyped or foreign share is named; the old recovery key dies', async () => {
    const { deps } = await testVault();
    const { session, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const p = person();
    await session.people.put(p);
    await expect(splitRecovery(deps, session, { n: 2, k: 3 })).rejects.toThrow(RangeError);
    const { shares } = await splitRecovery(deps, session, { n: 5, k: 3 });
    expect(shares.map((s) => s.index)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(shares.map((s) => s.code)).size).toBe(5);
    session.lock();

    await expect(unlockWithRecoveryKey(deps, recoveryCode)).rejects.toThrow(WrongRecoveryKeyError);
    const codes = shares.map((s) => s.code);
    for (const pick of [[0, 1, 2], [4, 2, 0], [1, 3, 4]]) {
      const recovered = await unlockWithShares(deps, pick.map((i) => codes[i]!));
      // A session that may only choose a passphrase decrypts nobody (tests/unit/vault/lock.test.ts).
      expect(recovered.people.get(p.id)).toBeUndefined();
      expect(recovered.mustSetPassphrase).toBe(true);
      expect(recovered.audit.entries().at(-1)).toMatchObject({ action: 'vault.recover', details: { method: 'shares' } });
      recovered.lock();
    }
    await expect(unlockWithShares(deps, [codes[0]!, codes[3]!])).rejects.toThrow(new ShareError('too-few', '3 shares are needed, 2 given'));

    // One wrong character in the second share given: that share is named, nothing is derived.
    const typo = codes[3]!.replace(/^(.)/, (c) => (c === 'A' ? 'B' : 'A'));
    const error = await unlockWithShares(deps, [codes[0]!, typo, codes[2]!]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShareError);
    expect(error).toMatchObject({ shareNumber: 2 });
    expect((error as Error).message).toMatch(/^Share 2:/);

    const other = await testVault();
    const { session: foreignSession } = await createVault(other.deps, { adminName: 'Eve', passphrase: PASS });
    const { shares: foreign } = await splitRecovery(other.deps, foreignSession, { n: 3, k: 2 });
    await expect(unlockWithShares(deps, [codes[0]!, foreign[1]!.code])).rejects.toMatchObject({ reason: 'mixed', shareNumber: 2 });
    // A full set of another vault's shares combines into a key that opens nothing here.
    await expect(unlockWithShares(deps, [foreign[0]!.code, foreign[1]!.code])).rejects.toThrow(WrongRecoveryKeyError);
  });

  it('splitting again kills the previous set of shares', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const { shares: first } = await splitRecovery(deps, session, { n: 3, k: 2 });
    const { shares: second } = await splitRecovery(deps, session, { n: 3, k: 2 });
    session.lock();
    await expect(unlockWithShares(deps, first.slice(0, 2).map((s) => s.code))).rejects.toThrow(WrongRecoveryKeyError);
    expect((await unlockWithShares(deps, second.slice(1).map((s) => s.code))).user.name).toBe('Recovery key');
    const { session: admin } = await unlockWithPassphrase(deps, PASS);
    expect(admin.audit.entries().filter((e) => e.action === 'recovery.replace').map((e) => e.details)).toEqual([
      { shares: 3, threshold: 2 },
      { shares: 3, threshold: 2 },
    ]);
  });
});
