import { verifyChain, type ChainProblem } from '../../core/audit/chain';
import type { Sodium } from '../../core/crypto/sodium';
import type { AuditEntry } from '../../core/model/audit';
import type { RepositoryContext } from './record-writer';

/** The audit log as read: entries in order, and the admin's check of the hash chain. */
export function auditRepository(ctx: RepositoryContext, sodium: Sodium) {
  return {
    entries: (): readonly AuditEntry[] => ctx.state().audit,
    verify: (): ChainProblem[] => {
      ctx.require('administration');
      return verifyChain(sodium, ctx.state().audit);
    },
  };
}
