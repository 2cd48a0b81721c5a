import type { AuditEntry } from '../model/audit';
import { fromBase64, toBase64 } from '../crypto/bytes';
import { sign, SigningContext, verify } from '../crypto/signing';
import type { Sodium } from '../crypto/sodium';

/**
 * Admin-signed checkpoints (docs/threat-model.md "Insiders"): details of an audit entry (an admin's
 * unlock, or an entry of action CHECKPOINT_ACTION every CHECKPOINT_EVERY entries) that pin the number
 * of entries before it and the hash of the last one, signed with the organisation's admin key. Signed entries stop an insider from writing in another's name; being in
 * the chain, a checkpoint can only be removed together with everything after it, and what it covers
 * must stay there unchanged. Only entries after the newest checkpoint can be cut unseen.
 */
export const CHECKPOINT_ACTION = 'audit.checkpoint';
/** Checkpoints are written at every admin unlock and whenever an admin session's entries reach a multiple of this. */
export const CHECKPOINT_EVERY = 100;

/**
 * What the admin key signs: how many entries, and the last one's hash. Not the time: the entry that
 * carries the checkpoint is dated by its author's own signature, and the clock may have moved on.
 */
const signedPart = (count: number, head: string) => JSON.stringify([count, head]);

/** The details of a checkpoint over `entries` (all of them); undefined when there are none. */
export function checkpointDetails(sodium: Sodium, adminSeed: Uint8Array, entries: readonly AuditEntry[]): AuditEntry['details'] | undefined {
  const last = entries.at(-1);
  if (!last) return undefined;
  // Hex, because audit details take no '/' or '=' (model/audit.ts).
  const checkpointSig = sodium.to_hex(fromBase64(sign(sodium, adminSeed, SigningContext.checkpoint, signedPart(entries.length, last.hash))));
  return { checkpointCount: entries.length, checkpointHead: last.hash, checkpointSig };
}

export type CheckpointProblem =
  | { kind: 'forged-checkpoint'; position: number }
  | { kind: 'rewritten'; position: number };

export interface CheckpointReport {
  problems: CheckpointProblem[];
  /** The newest valid checkpoint: entries after it are what a non-admin could still cut unseen. */
  last: { count: number; at: string } | undefined;
}

function signatureOf(sodium: Sodium, hex: unknown): string | undefined {
  if (typeof hex !== 'string' || !/^[0-9a-f]{128}$/.test(hex)) return undefined;
  return toBase64(sodium.from_hex(hex));
}

/**
 * Checks checkpoint entries against the admin key and the entries before them. A checkpoint the
 * current key did not sign is forged, unless a valid checkpoint after it covers it: then it is one
 * from before a key rotation (signed by the admin key of then), pinned by the hashes like any entry.
 * `quick` (the admin unlock's check) looks from the newest entry back to the newest valid checkpoint
 * only: the ones before it were checked when it was signed, and the hashes tie them to it.
 */
export function verifyCheckpoints(sodium: Sodium, adminPublicKey: string, entries: readonly AuditEntry[], { quick = false }: { quick?: boolean } = {}): CheckpointReport {
  const problems: CheckpointProblem[] = [];
  const unsigned: number[] = [];
  let last: CheckpointReport['last'];
  let lastValid = -1;
  const check = (position: number): void => {
    const entry = entries[position]!;
    if (entry.action !== CHECKPOINT_ACTION && !('checkpointSig' in entry.details)) return;
    const { checkpointCount: count, checkpointHead: head, checkpointSig } = entry.details;
    const sig = signatureOf(sodium, checkpointSig);
    if (typeof count !== 'number' || typeof head !== 'string' || !sig || !verify(sodium, [adminPublicKey], SigningContext.checkpoint, signedPart(count, head), sig)) {
      unsigned.push(position);
      return;
    }
    // The entries it covers are the `count` before it: anything cut or replaced there shows here.
    if (position !== count || entries[position - 1]?.hash !== head) problems.push({ kind: 'rewritten', position });
    else if (position > lastValid) {
      last = { count, at: entry.at };
      lastValid = position;
    }
  };
  if (quick) for (let position = entries.length - 1; position >= 0 && lastValid < 0; position--) check(position);
  else for (let position = 0; position < entries.length; position++) check(position);
  for (const position of unsigned) if (position > lastValid) problems.push({ kind: 'forged-checkpoint', position });
  return { problems: problems.sort((a, b) => a.position - b.position), last };
}
