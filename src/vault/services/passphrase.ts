import { assertStrongPassphrase } from '../../core/passphrase';
import type { Session } from '../session';
import type { VaultDeps } from './deps';
import { assertNotDuress } from './duress';
import { rewrapUserSlot } from './slots';

/**
 * A user chooses a new passphrase: their own (after a one-time passphrase or whenever they like), or
 * an admin's for someone after a recovery unlock. Checked against the policy and the duress slot.
 */
export async function replacePassphrase(deps: VaultDeps, session: Session, userId: string, passphrase: string): Promise<string> {
  assertStrongPassphrase(passphrase, [session.users.get(userId)?.name ?? '']);
  await assertNotDuress(deps, session, passphrase);
  const slotId = await rewrapUserSlot(deps, session, userId, passphrase, false);
  await session.recordAudit('user.passphrase-change', { user: userId });
  return slotId;
}
