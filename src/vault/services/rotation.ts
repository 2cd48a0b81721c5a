import { fromBase64, randomBytes, toBase64Url } from '../../core/crypto/bytes';
import { newSigningSeed, signingPublicKey } from '../../core/crypto/signing';
import { addSlotSecret, getRecoverySecret, getSlotSecret, newKeyFile } from '../../core/crypto/keyfile';
import { newOneTimePassphrase } from '../../core/crypto/one-time-passphrase';
import { newStaffKey } from '../../core/crypto/org-keys';
import {
  createVaultKey,
  newSlotId,
  unwrapWithKek,
  WrongPassphraseError,
  WrongRecoveryKeyError,
  wrapWithKek,
  zeroPayload,
  type KeySlot,
  type PassphraseSlot,
  type SlotPayload,
} from '../../core/crypto/slots';
import type { Role, User } from '../../core/model/user';
import { can } from '../../core/roles';
import { RECOVERY_ACTOR, Session, type VaultContent } from '../session';
import { activeVault, slotCost, vaultRow, type VaultDeps } from './deps';
import { duressEnabled } from './duress';
import { recoveryKeyOf, type RecoveryProof } from './recovery';
import { makePassphraseSlot, recoverySlotFromKek } from './slots';
import type { OneTimeGrant } from './users';
import { carryWipeGuard } from './wipe';
import { AdminChangeError, NoVaultError } from '../errors';

/**
 * A new vault key (admin's choice, e.g. after a device or a person may have been compromised): a new
 * vault generation with a new id, vault key, staff key, people KEK and key file; every readable
 * record re-sealed into fresh bulk pages (people under fresh person keys); then the old generation's
 * rows are deleted and its key file destroyed, so its slots die even on a disk image.
 *
 * The admin's passphrase and the recovery key (or k shares) are asked for and checked first: both
 * slots are re-wrapped with them, so the same passphrase and the same printed key or shares keep
 * working. Other users' slots cannot be re-wrapped without their passphrases: each active user gets
 * a one-time passphrase, returned here for the admin to hand over. The duress slot holds no key and
 * cannot move to the new generation: it must be set again (`duressCleared`).
 *
 * This is what removing, suspending or demoting a user asks for (users.ts): until it runs the vault
 * refuses new data, and it clears that state.
 *
 * Old data stays in LevelDB under the old key (docs/threat-model.md §5a); what rotation protects is
 * everything written from now on, and the old slots are dead. A crash before the final transaction
 * leaves the old vault as it was; after it, only the old key file may survive until the next wipe.
 */
export async function rotateVaultKey(
  deps: VaultDeps,
  session: Session,
  args: { passphrase: string; recovery: RecoveryProof },
): Promise<{ session: Session; oneTimePassphrases: OneTimeGrant[]; duressCleared: boolean }> {
  session.authorize('administration');
  const me = session.user;
  if (me === RECOVERY_ACTOR) throw new AdminChangeError('recovery-session', 'Unlock with your own passphrase to rotate the vault key.');
  const { sodium } = deps;
  const row = await vaultRow(deps, session);
  const oldKeyFile = session.currentKeyFile;

  const mySlot = row.slots.find((s): s is PassphraseSlot => s.kind === 'passphrase' && s.userId === me.id && getSlotSecret(oldKeyFile, s.id) !== undefined);
  const recoverySlot = row.slots.find((s) => s.kind === 'recovery');
  if (!mySlot || !recoverySlot) throw new NoVaultError();
  const recoveryKey = await recoveryKeyOf(args.recovery);
  const myKek = await deps.kdf.derive(args.passphrase, mySlot.kdf);
  const recoveryKek = await deps.kdf.derive(recoveryKey, recoverySlot.kdf);
  sodium.memzero(recoveryKey);
  const vaultKey = createVaultKey();
  const staffKey = newStaffKey();
  // A new admin key too: a removed or demoted admin may have kept the old one.
  const adminSeed = newSigningSeed();
  const grants: OneTimeGrant[] = [];
  try {
    // Both secrets are checked before anything changes: a typo must not lock anyone out.
    const check = (slot: KeySlot, kek: Uint8Array, secret: Uint8Array | undefined, error: Error) => {
      try {
        zeroPayload(sodium, unwrapWithKek(sodium, { vaultId: row.id, slot, kek, slotSecret: secret }));
      } catch {
        throw error;
      }
    };
    check(mySlot, myKek, getSlotSecret(oldKeyFile, mySlot.id), new WrongPassphraseError());
    check(recoverySlot, recoveryKek, getRecoverySecret(oldKeyFile), new WrongRecoveryKeyError());
    // Everything is re-sealed under the new key, so the archive's older histories come in first.
    await session.snapshots.archive.load();
    const content = await session.contentForRotation();

    const vaultId = toBase64Url(randomBytes(16));
    const adminPublicKey = signingPublicKey(sodium, adminSeed);
    const mySeed = session.signing.userSeed?.slice() ?? newSigningSeed();
    const payload = (role: Role, oneTime: boolean, userSeed: Uint8Array | undefined): SlotPayload => ({
      kind: 'keys',
      vaultKey: vaultKey.slice(),
      staffKey: can(role, 'handoff') ? staffKey.slice() : undefined,
      oneTime,
      ...(userSeed && { userSeed: userSeed.slice() }),
      ...(role === 'admin' && { adminSeed: adminSeed.slice() }),
      adminPublicKey: fromBase64(adminPublicKey),
    });
    // Every user's record gains the public key of the seed in their new slot.
    const newKeys = new Map<string, string>([[me.id, signingPublicKey(sodium, mySeed)]]);
    let keyFile = carryWipeGuard(oldKeyFile, newKeyFile());
    const adminSlotId = newSlotId();
    keyFile = addSlotSecret(keyFile, adminSlotId);
    const adminPayload = payload(me.role, false, mySeed);
    const slots: KeySlot[] = [
      wrapWithKek(sodium, { vaultId, slot: { id: adminSlotId, kind: 'passphrase', userId: me.id, kdf: mySlot.kdf }, kek: myKek, slotSecret: getSlotSecret(keyFile, adminSlotId)!, payload: adminPayload }),
      recoverySlotFromKek(sodium, { vaultId, kek: recoveryKek, kdf: recoverySlot.kdf, payload: payload('admin', false, undefined), recoverySecret: getRecoverySecret(keyFile) }),
    ];
    zeroPayload(sodium, adminPayload);
    for (const user of session.users.list()) {
      if (user.id === me.id || user.status !== 'active') continue;
      const passphrase = newOneTimePassphrase();
      const seed = newSigningSeed();
      newKeys.set(user.id, signingPublicKey(sodium, seed));
      const made = await makePassphraseSlot(deps, { vaultId, userId: user.id, passphrase, payload: payload(user.role, true, seed), keyFile, cost: slotCost(deps, session) });
      sodium.memzero(seed);
      keyFile = made.keyFile;
      slots.push(made.slot);
      grants.push({ userId: user.id, passphrase });
    }

    await deps.keyFiles.write(vaultId, keyFile);
    const newest = (await activeVault(deps.db))!;
    let rotated: Session | undefined;
    await deps.db.transaction('rw', [deps.db.vaults, deps.db.pages, deps.db.heads, deps.db.snapshots], async () => {
      await deps.db.vaults.add({ id: vaultId, generation: newest.generation + 1, format: 1, slots });
      rotated = await Session.seed({
        deps,
        vaultId,
        vaultKey: vaultKey.slice(),
        staffKey: staffKey.slice(),
        keyFile,
        signing: { userSeed: mySeed, adminSeed: adminSeed.slice(), adminPublicKey },
        actor: me,
        content: forNewGeneration(content, newKeys),
        chainSound: session.audit.check({ quick: true }).problems.length === 0,
        audit: { action: 'vault.key-rotate', details: { users: grants.length } },
      });
      await deps.db.pages.where('vaultId').equals(row.id).delete();
      await deps.db.heads.delete(row.id);
      await deps.db.snapshots.where('vaultId').equals(row.id).delete();
      await deps.db.vaults.delete(row.id);
    });
    await deps.keyFiles.destroy(row.id);
    const duressCleared = duressEnabled(session);
    session.lock();
    return { session: rotated!, oneTimePassphrases: grants, duressCleared };
  } finally {
    sodium.memzero(myKek);
    sodium.memzero(recoveryKek);
    sodium.memzero(vaultKey);
    sodium.memzero(staffKey);
    sodium.memzero(adminSeed);
  }
}

/**
 * The content for the new generation: each user's record gains their new audit key, and loses the
 * pending-rotation mark, since this rotation is what it asked for (rotation re-signs them all).
 */
function forNewGeneration(content: VaultContent, keys: ReadonlyMap<string, string>): VaultContent {
  const records = content.records.map((r) => {
    if (r.t !== 'user') return r;
    const { rotationPending: _, ...user } = r.v as User;
    const key = keys.get(user.id);
    const known = user.signingKeys ?? [];
    return { ...r, v: key === undefined || known.includes(key) ? user : { ...user, signingKeys: [...known, key] } };
  });
  return { ...content, records };
}
