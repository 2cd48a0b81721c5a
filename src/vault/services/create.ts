import { fromBase64, randomBytes, toBase64Url } from '../../core/crypto/bytes';
import { newSigningSeed, signingPublicKey } from '../../core/crypto/signing';
import { type KdfParams, newKdfParams } from '../../core/crypto/kdf';
import { addSlotSecret, getRecoverySecret, getSlotSecret, newKeyFile } from '../../core/crypto/keyfile';
import { newOrgKeys, newStaffKey } from '../../core/crypto/org-keys';
import { formatRecoveryKey, newRecoveryKey } from '../../core/crypto/recovery-code';
import { createVaultKey, newSlotId, wrapWithKek, zeroPayload, type SlotPayload } from '../../core/crypto/slots';
import { newId } from '../../core/model/ids';
import { DEFAULT_SETTINGS, type Settings } from '../../core/model/settings';
import type { User } from '../../core/model/user';
import { assertStrongPassphrase } from '../../core/passphrase';
import type { VaultRow } from '../db';
import { Session } from '../session';
import { activeVault, slotCost, type VaultDeps } from './deps';
import { recoverySlotFromKek } from './slots';

/** A new vault generation's content; duress.ts builds its decoy with it too. */
export interface NewVault {
  admin: User;
  /** Argon2id of the admin passphrase and of the recovery key, derived by the caller. */
  adminKek: { kek: Uint8Array; kdf: KdfParams };
  recoveryKek: { kek: Uint8Array; kdf: KdfParams };
  settings: Settings;
  createdAt: string | undefined;
}

/**
 * Writes a new vault generation: random vault and staff keys, organisation keys, the admin's slot and
 * the recovery slot. The key file is written before anything goes to IndexedDB, so a crash leaves
 * either no vault or a complete one.
 */
export async function buildVault(deps: VaultDeps, v: NewVault): Promise<{ session: Session; adminSlotId: string }> {
  const { sodium } = deps;
  const vaultId = toBase64Url(randomBytes(16));
  const vaultKey = createVaultKey();
  const staffKey = newStaffKey();
  const orgKeys = await newOrgKeys(sodium);
  // The organisation's admin key signs roles and checkpoints; the admin's own seed signs their entries.
  const adminSeed = newSigningSeed();
  const adminPublicKey = signingPublicKey(sodium, adminSeed);
  const userSeed = newSigningSeed();
  const admin: User = { ...v.admin, signingKeys: [signingPublicKey(sodium, userSeed)] };
  const payload = (seed?: Uint8Array): SlotPayload => ({
    kind: 'keys',
    vaultKey: vaultKey.slice(),
    staffKey: staffKey.slice(),
    oneTime: false,
    ...(seed && { userSeed: seed.slice() }),
    adminSeed: adminSeed.slice(),
    adminPublicKey: fromBase64(adminPublicKey),
  });
  const adminSlotId = newSlotId();
  const keyFile = addSlotSecret(newKeyFile(), adminSlotId);
  const adminPayload = payload(userSeed);
  const adminSlot = wrapWithKek(sodium, {
    vaultId,
    slot: { id: adminSlotId, kind: 'passphrase', userId: admin.id, kdf: v.adminKek.kdf },
    kek: v.adminKek.kek,
    slotSecret: getSlotSecret(keyFile, adminSlotId)!,
    payload: adminPayload,
  });
  zeroPayload(sodium, adminPayload);
  const recoverySlot = recoverySlotFromKek(sodium, { vaultId, ...v.recoveryKek, payload: payload(), recoverySecret: getRecoverySecret(keyFile) });

  await deps.keyFiles.write(vaultId, keyFile);
  const previous = await activeVault(deps.db);
  const row: VaultRow = { id: vaultId, generation: (previous?.generation ?? 0) + 1, format: 1, slots: [adminSlot, recoverySlot] };
  let session: Session | undefined;
  await deps.db.transaction('rw', deps.db.vaults, deps.db.pages, deps.db.heads, async () => {
    await deps.db.vaults.add(row);
    session = await Session.create({
      deps,
      vaultId,
      vaultKey,
      staffKey,
      keyFile,
      signing: { userSeed, adminSeed, adminPublicKey },
      admin,
      orgKeys,
      settings: v.settings,
      createdAt: v.createdAt,
    });
  });
  return { session: session!, adminSlotId };
}

/**
 * First run: the first admin's passphrase slot, and a recovery slot whose key is returned once, to be
 * shown, printed and confirmed.
 */
export async function createVault(deps: VaultDeps, args: { adminName: string; passphrase: string }): Promise<{ session: Session; recoveryCode: string }> {
  assertStrongPassphrase(args.passphrase, [args.adminName]);
  const admin: User = { id: newId(), name: args.adminName.trim(), role: 'admin', status: 'active' };
  const cost = slotCost(deps);
  const adminKdf = newKdfParams(cost);
  const recoveryKdf = newKdfParams(cost);
  const recoveryKey = newRecoveryKey();
  const adminKek = await deps.kdf.derive(args.passphrase, adminKdf);
  const recoveryKek = await deps.kdf.derive(recoveryKey, recoveryKdf);
  try {
    const { session } = await buildVault(deps, {
      admin,
      adminKek: { kek: adminKek, kdf: adminKdf },
      recoveryKek: { kek: recoveryKek, kdf: recoveryKdf },
      settings: DEFAULT_SETTINGS,
      createdAt: undefined,
    });
    return { session, recoveryCode: formatRecoveryKey(recoveryKey) };
  } finally {
    deps.sodium.memzero(adminKek);
    deps.sodium.memzero(recoveryKek);
    deps.sodium.memzero(recoveryKey);
  }
}
