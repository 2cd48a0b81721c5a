import type { SecuritySettings } from '../records';
import type { Session } from '../session';
import { duressEnabled } from './duress';
import { wipeAfterFailedUnlocks } from './wipe';

export interface SecurityOverview extends SecuritySettings {
  duressEnabled: boolean;
  wipeAfterFailedUnlocks: number | null;
}

/** Everything the security settings screen shows (kdf and lockOnSuspend change through session.security.update). */
export function securityOverview(session: Session): SecurityOverview {
  session.authorize('administration');
  return { ...session.security.get(), duressEnabled: duressEnabled(session), wipeAfterFailedUnlocks: wipeAfterFailedUnlocks(session) };
}
