import type { z } from 'zod';
import type { Permission } from '../../core/roles';
import type { StoredRecord } from '../page-log';
import { RECORD_SCHEMAS, type RecordKind } from '../records';
import type { AuditAction } from '../session/audit-commit';
import type { MutableState } from '../session/state-store';

/** What a repository needs from its session: the checks, the state as it is now, the one write path. */
export interface RepositoryContext {
  /** Throws unless the session is unlocked, past its one-time passphrase, and the role may `permission`. */
  require(permission: Permission): void;
  state(): MutableState;
  commit(records: StoredRecord[], audit: AuditAction): Promise<void>;
}

export type RecordValue<K extends RecordKind> = z.output<(typeof RECORD_SCHEMAS)[K]>;

/**
 * The write of one record of kind `kind`: role check, schema check, then one page with its audit
 * entry. A new record kind needs its schema in records.ts, its place in the state and one of these.
 */
export function recordWriter<K extends RecordKind>(ctx: RepositoryContext, kind: K, permission: Permission) {
  return async (value: unknown, audit: (valid: RecordValue<K>) => AuditAction, id?: string): Promise<void> => {
    ctx.require(permission);
    const valid = RECORD_SCHEMAS[kind].parse(value) as RecordValue<K>;
    await ctx.commit([{ t: kind, id: id ?? (valid as { id: string }).id, v: valid }], audit(valid));
  };
}
