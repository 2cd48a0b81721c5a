/**
 * Roles are signatures, not records (docs/threat-model.md "Insiders"): a user record counts only when
 * the organisation's admin key signed it, and only if its revision is newer than the one already read,
 * so an insider who holds the vault key can neither forge a role nor put back an older signed record.
 */
import type { User } from '../model/user';
import { sign, SigningContext, verify } from './signing';
import type { Sodium } from './sodium';

function signedPart(user: User): string {
  const fields: unknown[] = [user.id, user.name, user.role, user.status, user.signingKeys ?? [], user.revision ?? 0];
  // Appended only when set, so records signed before the flag existed still verify.
  if (user.rotationPending) fields.push('rotation-pending');
  return JSON.stringify(fields);
}

/** The user with the next revision, signed by the admin key. */
export function signUser(sodium: Sodium, adminSeed: Uint8Array, user: User, previous: User | undefined): User {
  const { signature: _, ...unsigned } = user;
  const next = { ...unsigned, revision: (previous?.revision ?? -1) + 1 };
  return { ...next, signature: sign(sodium, adminSeed, SigningContext.user, signedPart(next)) };
}

export type UserRefusal = 'unsigned' | 'bad-signature' | 'replayed';

/** Why a user record read from the log must be ignored, or undefined when it counts. */
export function refuseUser(sodium: Sodium, adminPublicKey: string, user: User, current: User | undefined): UserRefusal | undefined {
  if (user.signature === undefined || user.revision === undefined) return 'unsigned';
  if (!verify(sodium, [adminPublicKey], SigningContext.user, signedPart(user), user.signature)) return 'bad-signature';
  if (current?.revision !== undefined && user.revision <= current.revision) return 'replayed';
  return undefined;
}
