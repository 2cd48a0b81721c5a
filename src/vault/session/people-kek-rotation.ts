import { commitPeopleKek, rotatePeopleKek } from '../../core/crypto/keyfile';
import type { KeyFileAccess } from '../keyfile-access';
import type { StoredRecord } from '../page-log';
import type { AuditAction } from './audit-commit';
import type { KeyHolder } from './key-holder';
import type { PeopleKeyring } from './people-keyring';

export interface PeopleKekRotationContext {
  vaultId: string;
  keys: KeyHolder;
  keyring: PeopleKeyring;
  keyFiles: KeyFileAccess;
  commit(records: StoredRecord[], audit: AuditAction): Promise<void>;
}

/**
 * Forgets people for good (crypto-shredding, docs/threat-model.md §5a): the key file gets a next
 * people KEK beside the current one, every other person key is re-wrapped under it in one page that
 * also deletes the forgotten people's records, and only then does the key file drop the old KEK. A
 * crash between the key-file steps is finished at the next unlock (finishPeopleKekRotation).
 */
export async function forgetPeople(ctx: PeopleKekRotationContext, gone: ReadonlySet<string>): Promise<void> {
  const rotating = rotatePeopleKek(ctx.keys.keyFile);
  await ctx.keyFiles.write(ctx.vaultId, rotating);
  ctx.keys.keyFile = rotating;
  await rewrapPeople(ctx, gone, { action: 'person.forget', details: { count: gone.size } });
}

/** A crash between the key-file steps of a rotation is finished at the next unlock. */
export async function finishPeopleKekRotation(ctx: PeopleKekRotationContext): Promise<void> {
  await rewrapPeople(ctx, new Set(), { action: 'person.forget-resume', details: {} });
}

/**
 * Re-wraps every remaining person key under the next people KEK, then commits the key file. Not
 * while identities are still opening: an unwrap between the new wrapping key and the re-wrapped
 * records would fail and take the person for forgotten.
 */
async function rewrapPeople(ctx: PeopleKekRotationContext, gone: ReadonlySet<string>, audit: AuditAction): Promise<void> {
  await ctx.keyring.whenOpen();
  await ctx.commit(ctx.keyring.rewrapRecords(gone), audit);
  const committed = commitPeopleKek(ctx.keys.keyFile);
  await ctx.keyFiles.write(ctx.vaultId, committed);
  ctx.keys.keyFile = committed;
}
