import { z } from 'zod';
import type { AuditEntry } from '../model/audit';
import { instant } from '../model/fields';
import { sign, signatureSchema, SigningContext, verify } from '../crypto/signing';
import type { Sodium } from '../crypto/sodium';

/**
 * Admin-signed checkpoints (docs/threat-model.md "Insiders"): the number of audit entries and the hash
 * of the last one, signed with the organisation's admin key. Signed entries stop an insider from
 * writing in another's name; a checkpoint also stops them from cutting entries off the end: whatever
 * it covers must be there, unchanged. Only entries after the newest checkpoint can be cut unseen.
 */
export const checkpointSchema = z.strictObject({
  count: z.int().min(1),
  head: z.string().regex(/^[0-9a-f]{64}$/),
  at: instant(),
  sig: signatureSchema,
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

const signedPart = (c: Omit<Checkpoint, 'sig'>) => JSON.stringify([c.count, c.head, c.at]);

/** A checkpoint over every entry so far; undefined when there is none. */
export function makeCheckpoint(sodium: Sodium, adminSeed: Uint8Array, entries: readonly AuditEntry[], at: string): Checkpoint | undefined {
  const last = entries.at(-1);
  if (!last) return undefined;
  const unsigned = { count: entries.length, head: last.hash, at };
  return { ...unsigned, sig: sign(sodium, adminSeed, SigningContext.checkpoint, signedPart(unsigned)) };
}

export type CheckpointProblem =
  | { kind: 'forged-checkpoint'; count: number }
  | { kind: 'cut'; position: number; expectedCount: number }
  | { kind: 'rewritten'; position: number };

export interface CheckpointReport {
  problems: CheckpointProblem[];
  /** The newest valid checkpoint: entries after it are what a non-admin could still remove unseen. */
  last: Pick<Checkpoint, 'count' | 'at'> | undefined;
}

export function verifyCheckpoints(sodium: Sodium, adminPublicKey: string, entries: readonly AuditEntry[], checkpoints: readonly Checkpoint[]): CheckpointReport {
  const problems: CheckpointProblem[] = [];
  let last: Checkpoint | undefined;
  for (const checkpoint of checkpoints) {
    const { sig, ...unsigned } = checkpoint;
    if (!verify(sodium, [adminPublicKey], SigningContext.checkpoint, signedPart(unsigned), sig)) {
      problems.push({ kind: 'forged-checkpoint', count: checkpoint.count });
      continue;
    }
    if (entries.length < checkpoint.count) problems.push({ kind: 'cut', position: entries.length, expectedCount: checkpoint.count });
    else if (entries[checkpoint.count - 1]!.hash !== checkpoint.head) problems.push({ kind: 'rewritten', position: checkpoint.count - 1 });
    if (!last || checkpoint.count > last.count) last = checkpoint;
  }
  return { problems, last: last && { count: last.count, at: last.at } };
}

/** Checkpoints are written at every admin unlock and whenever an admin session's entries reach a multiple of this. */
export const CHECKPOINT_EVERY = 100;
