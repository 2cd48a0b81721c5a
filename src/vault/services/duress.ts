import { z } from 'zod';
import { fromBase64, isBase64Of, randomBytes, toBase64, utf8Decode, utf8Encode } from '../../core/crypto/bytes';
import { KdfParamsSchema, newKdfParams } from '../../core/crypto/kdf';
import { getSlotSecret, removeAllSlotSecrets, removeSlotSecret, type KeyFile } from '../../core/crypto/keyfile';
import { zeroPayload } from '../../core/crypto/slots';
import { newId } from '../../core/model/ids';
import { DEFAULT_SETTINGS, settingsSchema } from '../../core/model/settings';
import { userSchema, type User } from '../../core/model/user';
import { assertStrongPassphrase } from '../../core/passphrase';
import type { VaultRow } from '../db';
import { RECOVERY_ACTOR, type Session } from '../session';
import { buildVault } from './create';
import { slotCost, vaultRow, type VaultDeps } from './deps';
import { makePassphraseSlot, tryOpen } from './slots';
import { dropNotes } from './unlock-notes';
import { PassphraseInUseError } from '../errors';

/**
 * Duress (docs/threat-model.md §8), every rule of it: the duress passphrase is one more passphrase
 * slot, indistinguishable on disk from a user's, that holds no key but what a decoy vault needs.
 * Typed at the unlock screen it destroys every passphrase slot secret of the real vault and opens an
 * empty decoy as if nothing happened. No user's passphrase may open it, nor it any user's slot.
 */

/**
 * What the duress slot carries (sealed inside it): what the decoy vault needs to look like the real
 * one at a glance, and an Argon2id result of the duress passphrase under a second salt, prepared when
 * the admin set it, so the decoy's admin slot costs no extra derivation at the moment of duress (no
 * timing difference) and shares no salt with the old slot (no link between the two on disk).
 */
export const DecoySchema = z.strictObject({
  adminName: userSchema.shape.name,
  createdAt: z.iso.datetime(),
  locale: settingsSchema.shape.locale,
  kdf: KdfParamsSchema,
  kek: z.string().refine((s) => isBase64Of(s, 32), 'must be 32 bytes in base64'),
});
export type Decoy = z.infer<typeof DecoySchema>;

export function encodeDecoy(decoy: Decoy): Uint8Array {
  return utf8Encode(JSON.stringify(DecoySchema.parse(decoy)));
}

/**
 * The duress passphrase matched: every passphrase slot secret of the real vault is destroyed (its
 * recovery secret and people KEK stay, so the recovery key or shares still open it), then a fresh,
 * empty vault is created and opened as if nothing happened. Nothing is recorded: the real vault
 * cannot be written without its key, and the decoy must not hint at duress.
 */
export async function enterDuress(deps: VaultDeps, row: VaultRow, keyFile: KeyFile, data: Uint8Array): Promise<{ session: Session; slotId: string }> {
  const decoy = DecoySchema.parse(JSON.parse(utf8Decode(data)));
  await deps.keyFiles.write(row.id, removeAllSlotSecrets(keyFile));
  dropNotes(deps.db);
  // A real unlock reads the whole log; reading it here too keeps the two equally slow.
  await deps.db.pages.where('vaultId').equals(row.id).toArray();
  const admin: User = { id: newId(), name: decoy.adminName, role: 'admin', status: 'active' };
  const adminKek = fromBase64(decoy.kek);
  // Nobody will ever hold this vault's recovery key: a random kek makes a slot that looks like any other.
  const recoveryKek = randomBytes(32);
  try {
    const { session, adminSlotId } = await buildVault(deps, {
      admin,
      adminKek: { kek: adminKek, kdf: decoy.kdf },
      recoveryKek: { kek: recoveryKek, kdf: newKdfParams(decoy.kdf) },
      settings: { ...DEFAULT_SETTINGS, locale: decoy.locale },
      createdAt: decoy.createdAt,
    });
    await session.recordAudit('vault.unlock', {});
    return { session, slotId: adminSlotId };
  } finally {
    deps.sodium.memzero(adminKek);
    deps.sodium.memzero(recoveryKek);
  }
}

/** A new passphrase must not open the duress slot (one derivation when one is set). */
export async function assertNotDuress(deps: VaultDeps, session: Session, passphrase: string): Promise<void> {
  const duressId = session.duress.slotId();
  const row = await deps.db.vaults.get(session.vaultId);
  const slot = row?.slots.find((s) => s.id === duressId);
  if (!slot) return;
  const payload = await tryOpen(deps, session.vaultId, slot, passphrase, getSlotSecret(session.currentKeyFile, slot.id));
  if (!payload) return;
  zeroPayload(deps.sodium, payload);
  throw new PassphraseInUseError();
}

/**
 * Sets (or with null removes) the duress passphrase. The decoy's admin is `decoyAdminName` (default:
 * this admin's name) with the duress passphrase as their passphrase. It must differ from every
 * user's passphrase (checked: one derivation per user).
 */
export async function setDuressPassphrase(deps: VaultDeps, session: Session, passphrase: string | null, options: { decoyAdminName?: string } = {}): Promise<void> {
  session.authorize('administration');
  const row = await vaultRow(deps, session);
  const oldId = session.duress.slotId();
  if (passphrase === null && oldId === null) return;
  let made: Awaited<ReturnType<typeof makePassphraseSlot>> | undefined;
  if (passphrase !== null) {
    assertStrongPassphrase(passphrase);
    for (const s of row.slots) {
      if (s.kind !== 'passphrase' || s.id === oldId) continue;
      const payload = await tryOpen(deps, row.id, s, passphrase, getSlotSecret(session.currentKeyFile, s.id));
      if (payload) {
        zeroPayload(deps.sodium, payload);
        throw new PassphraseInUseError();
      }
    }
    const adminName = options.decoyAdminName ?? (session.user === RECOVERY_ACTOR ? undefined : session.user.name);
    if (adminName === undefined) throw new TypeError('name the decoy admin');
    const cost = slotCost(deps, session);
    const decoyKdf = newKdfParams(cost);
    const decoyKek = await deps.kdf.derive(passphrase, decoyKdf);
    let data: Uint8Array;
    try {
      data = encodeDecoy({
        adminName,
        createdAt: session.audit.entries()[0]?.at ?? deps.now().toISOString(),
        locale: session.settings.get().locale,
        kdf: decoyKdf,
        kek: toBase64(decoyKek),
      });
    } finally {
      deps.sodium.memzero(decoyKek);
    }
    // A random user id: the slot looks like any user's.
    made = await makePassphraseSlot(deps, { vaultId: row.id, userId: newId(), passphrase, payload: { kind: 'duress', data }, keyFile: session.currentKeyFile, cost });
    await deps.keyFiles.write(row.id, made.keyFile);
    session.currentKeyFile = made.keyFile;
  }
  await deps.db.vaults.update(row.id, { slots: [...row.slots.filter((s) => s.id !== oldId), ...(made ? [made.slot] : [])] });
  if (oldId) {
    const keyFile = removeSlotSecret(session.currentKeyFile, oldId);
    await deps.keyFiles.write(row.id, keyFile);
    session.currentKeyFile = keyFile;
  }
  await session.duress.set(made?.slot.id ?? null);
}

/** Whether a duress passphrase is set (the security screen shows it; rotation cannot carry it over). */
export function duressEnabled(session: Session): boolean {
  return session.duress.slotId() !== null;
}
