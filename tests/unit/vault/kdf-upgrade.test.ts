import { describe, expect, it } from 'vitest';
import type { KdfCost } from '../../../src/core/crypto/kdf';
import { WrongPassphraseError } from '../../../src/core/crypto/slots';
import { activeVault } from '../../../src/vault/services/deps';
import { createVault } from '../../../src/vault/services/create';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { PASS, person, TEST_KDF, testVault } from './helpers';

/**
 * A slot made at an older, cheaper default is re-wrapped at the device's current cost at its next
 * unlock (the default rose from 64 to 128 MiB). The costs here are tiny stand-ins so the test stays fast.
 */
const RAISED: KdfCost = { ...TEST_KDF, memLimitBytes: 2 * TEST_KDF.memLimitBytes };

const passphraseSlots = async (deps: Awaited<ReturnType<typeof testVault>>['deps']) =>
  (await activeVault(deps.db))!.slots.filter((s) => s.kind === 'passphrase');

describe('key slots follow a raised key-derivation default', () => {
  it('re-wraps a cheaper slot at its next unlock; the data and the passphrase stay as they were', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const p = person({ alias: 'Kolya' });
    await session.people.put(p);
    session.lock();
    const [old] = await passphraseSlots(deps);
    expect(old!.kdf).toMatchObject(TEST_KDF);

    // A newer app version with a higher default opens the same vault.
    const upgraded = { ...deps, kdfCost: RAISED };
    const { session: again, slotId } = await unlockWithPassphrase(upgraded, PASS);
    const slots = await passphraseSlots(deps);
    expect(slots).toHaveLength(1);
    expect(slots[0]!.id).toBe(slotId);
    expect(slotId).not.toBe(old!.id);
    expect(slots[0]!.kdf).toMatchObject(RAISED);
    expect(slots[0]!.kdf.salt).not.toBe(old!.kdf.salt);
    expect(again.people.get(p.id)).toEqual(p);
    again.lock();

    // The new slot opens with the same passphrase, is not re-wrapped again, and a wrong one still fails.
    const third = await unlockWithPassphrase(upgraded, PASS);
    expect(third.slotId).toBe(slotId);
    expect(third.session.people.get(p.id)).toEqual(p);
    third.session.lock();
    await expect(unlockWithPassphrase(upgraded, `not ${PASS}`)).rejects.toThrow(WrongPassphraseError);
  });

  it('leaves a slot at or above the current cost alone', async () => {
    const { deps } = await testVault();
    const { session } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    session.lock();
    const [made] = await passphraseSlots(deps);
    const { session: again, slotId } = await unlockWithPassphrase(deps, PASS);
    again.lock();
    expect(slotId).toBe(made!.id);
    expect(await passphraseSlots(deps)).toEqual([made]);
  });
});
