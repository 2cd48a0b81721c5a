import type { AuditEntry } from '../model/audit';
import type { Sodium } from '../crypto/sodium';
import { verifyChain, type ChainProblem, type SignersOf } from './chain';
import { verifyCheckpoints, type CheckpointProblem, type CheckpointReport } from './checkpoint';

export type AuditProblem = ChainProblem | CheckpointProblem;

export interface AuditReport {
  /** Every damaged position, in log order. */
  problems: AuditProblem[];
  /** The newest valid admin checkpoint (what a non-admin could still cut is after it). */
  lastCheckpoint: CheckpointReport['last'];
}

/**
 * The admin's audit check (docs/threat-model.md "Insiders"): the hash chain, each entry's author
 * signature and every admin checkpoint. `adminPublicKey` is undefined in a vault made before
 * signatures: then only the chain can be checked. `quick` is for the checkpoint written at admin unlock.
 */
export function verifyAudit(
  sodium: Sodium,
  entries: readonly AuditEntry[],
  signersOf: SignersOf,
  adminPublicKey: string | undefined,
  { quick = false }: { quick?: boolean } = {},
): AuditReport {
  const checkpoints = adminPublicKey === undefined ? { problems: [], last: undefined } : verifyCheckpoints(sodium, adminPublicKey, entries, { quick });
  // Quick (every admin unlock, before it writes a checkpoint): every hash, link and sequence number,
  // but author signatures (and checkpoints) only from the newest valid checkpoint on. Sound because
  // an entry's hash covers all of its fields and its signature and the next entry's link covers that
  // hash: what the checkpoint's admin-signed count and head pin cannot change without showing here,
  // and its signatures were verified when an admin session found the chain sound and signed it.
  const chain = verifyChain(sodium, entries, signersOf, quick ? (checkpoints.last?.count ?? 0) : 0);
  const problems = [...chain, ...checkpoints.problems].sort((a, b) => a.position - b.position);
  return { problems, lastCheckpoint: checkpoints.last };
}
