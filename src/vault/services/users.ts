import { newOneTimePassphrase } from '../../core/crypto/one-time-passphrase';
import { newId } from '../../core/model/ids';
import type { Role, User } from '../../core/model/user';
import { assertStrongPassphrase } from '../../core/passphrase';
import { can } from '../../core/roles';
import type { Session } from '../session';
import type { VaultDeps } from './deps';
import { assertNotDuress } from './duress';
import { destroyUserSlots, rewrapUserSlot } from './slots';
import { AdminChangeError } from '../errors';

/**
 * Users and roles (docs/threat-model.md §9): every function checks the admin permission and lands in
 * the audit log (through the session's commits).
 *
 * One-time passphrases: a slot can only be wrapped with a passphrase, and an admin must not know a
 * user's own. So whenever a user needs a new slot (new user, reset, reactivation, a role change that
 * adds or removes the staff key, vault-key rotation) the app makes a one-time passphrase for the
 * admin to hand over in person; the slot is marked one-time inside its sealed payload, and a session
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
 * Changes a user's role. Crossing the line between operator and staff/admin changes what their slot
 * must carry (the staff key, docs/threat-model.md §9): adding it needs a new slot, and removing it needs the
 * old slot destroyed, so the user gets a new one-time passphrase either way. Staff <-> admin keeps
 * the slot.
 */
export async function changeRole(deps: VaultDeps, session: Session, userId: string, role: Role): Promise<{ oneTimePassphrase?: string }> {
  session.authorize('administration');
  const user = userOf(session, userId);
  if (user.role === role) return {};
  const changed = { ...user, role };
  assertAdminChange(session, changed);
  await session.users.put(changed, 'user.role-change');
  if (can(user.role, 'handoff') === can(role, 'handoff') || user.status !== 'active') return {};
  return { oneTimePassphrase: await grantOneTime(deps, session, userId) };
}

/** Suspends a user: their slot secret leaves the key file, so the slot is dead even on a disk image. */
export async function suspendUser(deps: VaultDeps, session: Session, userId: string): Promise<void> {
  session.authorize('administration');
  const changed: User = { ...userOf(session, userId), status: 'disabled' };
  assertAdminChange(session, changed);
  await destroyUserSlots(deps, session, userId, false);
  await session.users.put(changed, 'user.suspend');
}

/** Removes a user: as suspending, and their slot leaves the vault row. The record stays (the audit log names them). */
export async function removeUser(deps: VaultDeps, session: Session, userId: string): Promise<void> {
  session.authorize('administration');
  const changed: User = { ...userOf(session, userId), status: 'disabled' };
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
