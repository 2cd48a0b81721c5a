import type { Role } from './model/user';
import { AppError } from './errors';

/**
 * What each role may do (docs/threat-model.md §9). Checked by the vault's repositories, not only by hiding
 * buttons: an operator session calling a staff operation gets ForbiddenError.
 */
export const PERMISSIONS = {
  /** Houses, residents, arrivals/transfers/departures, reports. */
  operations: ['operator', 'staff', 'admin'],
  /** Handoff export/import and partner keys. */
  handoff: ['staff', 'admin'],
  /** Evacuate: a backup to the off-site recipient, then the wipe (operators may not destroy the vault). */
  evacuation: ['staff', 'admin'],
  /** Users, roles, recovery, wipe, settings, audit verification, health check. */
  administration: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export class ForbiddenError extends AppError {
  constructor(readonly permission: Permission) {
    super('forbidden', `This needs the ${permission} permission, which your role does not have.`, { permission });
    this.name = 'ForbiddenError';
  }
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new ForbiddenError(permission);
}
