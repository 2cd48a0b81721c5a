import { verifyAudit, type AuditReport } from '../../core/audit/verify';
import type { Sodium } from '../../core/crypto/sodium';
import type { AuditEntry } from '../../core/model/audit';
import { RECOVERY_ACTOR_ID } from '../session/audit-commit';
import type { SigningKeys } from '../session/key-holder';
import type { RepositoryContext } from './record-writer';

/** The audit log as read: entries in order, and the admin's check of chain, signatures and checkpoints. */
export function auditRepository(ctx: RepositoryContext, sodium: Sodium, signing: () => Readonly<SigningKeys>) {
  function check(options: { quick?: boolean } = {}): AuditReport {
    const { adminPublicKey } = signing();
    const users = ctx.state().users;
    // Users' keys come from admin-signed records; the recovery key signs with the admin key.
    const signersOf = (actorId: string) => (actorId === RECOVERY_ACTOR_ID ? (adminPublicKey === undefined ? undefined : [adminPublicKey]) : users.get(actorId)?.signingKeys);
    return verifyAudit(sodium, ctx.state().audit, signersOf, adminPublicKey, options);
  }
  return {
    entries: (): readonly AuditEntry[] => ctx.state().audit,
    verify: (): AuditReport => {
      ctx.require('administration');
      return check();
    },
    /** The same check without the role check, for the session's own use (its checkpoint at unlock). */
    check,
  };
}
