import { newOneTimePassphrase } from '../../core/crypto/one-time-passphrase';
import { newId } from '../../core/model/ids';
import { ROLES, type Role, type User } from '../../core/model/user';
import { assertStrongPassphrase } from '../../core/passphrase';
import type { Session } from '../session';
import type { VaultDeps } from './deps';
import { assertNotDuress } from './duress';
import { destroyUserSlots, rewrapUserSlot } from './slots';
import { AdminChangeError } from '../errors';

/**
 * Users and roles (docs/threat-model.md §9): every function checks the admin permission and lands in
 * the audit log (through the session's commits).
 *
 * Revocation: removing, suspending or demoting a user marks their signed record `rotationPending`;
 * the vault then refuses new data until an admin rotates the vault key (rotation.ts), so nothing
 * new is sealed under keys the user may have copied (docs/threat-model.md §24).
 *
 * One-time passphrases: a slot can only be wrapped with a passphrase, and an admin must not know a
 * user's own. So whenever a user needs a new slot (new user, reset, reactivation, promotion,
 * vault-key rotation) the app makes a one-time passphrase for the admin to hand over in person; the slot is marked one-time inside its sealed payload, and a session
 * opened with it can do nothing but choose the user's own passphrase (replacePassphrase).
 */

export interface OneTimeGrant {
  userId: string;
  passphrase: string;
}

function userOf(session: Session, userId: string): User {
  const user = session.users.get(userId);
  if (!user) throw new TypeError('unknown user');
  return user;
}

/** Changes to one's own role or status go through another admin; at least one active admin remains. */
function assertAdminChange(session: Session, changed: User): void {
  if (changed.id === session.user.id) throw new AdminChangeError('own-account', 'Another admin must change your own role or status.');
  const admins = session.users.list().filter((u) => (u.id === changed.id ? changed : u).role === 'admin' && (u.id === changed.id ? changed : u).status === 'active');
  if (admins.length === 0) throw new AdminChangeError('last-admin', 'At least one active admin must remain.');
}

async function grantOneTime(deps: VaultDeps, session: Session, userId: string, passphrase = newOneTimePassphrase()): Promise<string> {
  await rewrapUserSlot(deps, session, userId, passphrase, true);
  return passphrase;
}

/**
 * Adds a user with a one-time passphrase: the admin's own choice (checked like any passphrase) or,
 * when omitted, one made by the app. The user must replace it at first unlock.
 */
export async function addUser(
  deps: VaultDeps,
  session: Session,
  args: { name: string; role: Role; oneTimePassphrase?: string },
): Promise<{ user: User; oneTimePassphrase: string }> {
  session.authorize('administration');
  if (args.oneTimePassphrase !== undefined) {
    assertStrongPassphrase(args.oneTimePassphrase, [args.name]);
    await assertNotDuress(deps, session, args.oneTimePassphrase);
  }
  const user: User = { id: newId(), name: args.name.trim(), role: args.role, status: 'active' };
  // The record first: the slot's payload follows the user's role.
  await session.users.put(user, 'user.add');
  const oneTimePassphrase = await grantOneTime(deps, session, user.id, args.oneTimePassphrase);
  // As stored: signed by the admin key, with the new slot's signing key.
  return { user: session.users.get(user.id)!, oneTimePassphrase };
}

/**
 * What a role change does to an active user's keys. A promotion needs a new slot carrying what the
 * new role adds (the staff key, the admin seed), so a new one-time passphrase. A demotion takes keys
 * away that the user may have copied (the vault key, the staff key, the admin seed): their slot is
 * destroyed at once and the vault key must be rotated, which hands them their new slot.
 */
export function roleChangeEffect(user: User, role: Role): 'none' | 'new-passphrase' | 'rotation' {
  if (user.status !== 'active' || user.role === role) return 'none';
  return ROLES.indexOf(role) > ROLES.indexOf(user.role) ? 'new-passphrase' : 'rotation';
}

/** Changes a user's role; see roleChangeEffect for what it does to their keys. */
export async function changeRole(deps: VaultDeps, session: Session, userId: string, role: Role): Promise<{ oneTimePassphrase?: string }> {
  session.authorize('administration');
  const user = userOf(session, userId);
  if (user.role === role) return {};
  const effect = roleChangeEffect(user, role);
  const changed: User = { ...user, role, ...(effect === 'rotation' && { rotationPending: true }) };
  assertAdminChange(session, changed);
  if (effect === 'rotation') await destroyUserSlots(deps, session, userId, true);
  await session.users.put(changed, 'user.role-change');
  if (effect !== 'new-passphrase') return {};
  return { oneTimePassphrase: await grantOneTime(deps, session, userId) };
}

/**
 * Suspends a user: their slot secret leaves the key file, so the slot is dead even on a disk image,
 * and the vault key must be rotated (the vault refuses new data until then), since they may have
 * copied it.
 */
export async function suspendUser(deps: VaultDeps, session: Session, userId: string): Promise<void> {
  session.authorize('administration');
  const changed: User = { ...userOf(session, userId), status: 'disabled', rotationPending: true };
  assertAdminChange(session, changed);
  await destroyUserSlots(deps, session, userId, false);
  await session.users.put(changed, 'user.suspend');
}

/** Removes a user: as suspending, and their slot leaves the vault row. The record stays (the audit log names them). */
export async function removeUser(deps: VaultDeps, session: Session, userId: string): Promise<void> {
  session.authorize('administration');
  const changed: User = { ...userOf(session, userId), status: 'disabled', rotationPending: true };
  assertAdminChange(session, changed);
  await destroyUserSlots(deps, session, userId, true);
  await session.users.put(changed, 'user.remove');
}

/** Lets a suspended or removed user back in, with a one-time passphrase. */
export async function reactivateUser(deps: VaultDeps, session: Session, userId: string): Promise<{ oneTimePassphrase: string }> {
  session.authorize('administration');
  await session.users.put({ ...userOf(session, userId), status: 'active' }, 'user.reactivate');
  return { oneTimePassphrase: await grantOneTime(deps, session, userId) };
}

/** A user forgot their passphrase: their slots are replaced by a one-time one. */
export async function resetPassphrase(deps: VaultDeps, session: Session, userId: string): Promise<{ oneTimePassphrase: string }> {
  session.authorize('administration');
  if (userOf(session, userId).status !== 'active') throw new AdminChangeError('not-active', 'Reactivate the user instead.');
  const oneTimePassphrase = await grantOneTime(deps, session, userId);
  await session.recordAudit('user.passphrase-reset', { user: userId });
  return { oneTimePassphrase };
}
