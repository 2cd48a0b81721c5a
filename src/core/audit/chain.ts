import type { AuditEntry } from '../model/audit';
import { GENESIS_HASH } from '../model/audit';
import { sign, SigningContext, verify } from '../crypto/signing';
import type { Sodium } from '../crypto/sodium';

/**
 * The audit hash chain (docs/threat-model.md §10): each entry is signed by its author's Ed25519 key
 * over the canonical JSON of its fields and prevHash; hash = SHA-256 of the canonical JSON with that
 * signature. The signature proves authorship (an insider cannot write in another user's name), the
 * chain proves order and completeness, admin-signed checkpoints (checkpoint.ts) pin its length.
 * Entries written before signatures have no `sig` and hash without it.
 */
export type UnsignedEntry = Omit<AuditEntry, 'hash'>;

function canonical(entry: Omit<UnsignedEntry, 'sig'>, sig?: string): string {
  const details = Object.fromEntries(Object.entries(entry.details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const fields = [entry.seq, entry.at, entry.actorId, entry.action, details, entry.prevHash];
  return JSON.stringify(sig === undefined ? fields : [...fields, sig]);
}

export function entryHash(sodium: Sodium, entry: UnsignedEntry): string {
  const { sig, ...fields } = entry;
  return sodium.to_hex(sodium.crypto_hash_sha256(new TextEncoder().encode(canonical(fields, sig))));
}

/**
 * The next entry after `previous`, signed with the author's signing seed. Without a seed (a vault made
 * before signatures, until its key is rotated) the entry is unsigned, as entries were then.
 */
export function chainEntry(
  sodium: Sodium,
  previous: AuditEntry | undefined,
  fields: Omit<UnsignedEntry, 'seq' | 'prevHash' | 'sig'>,
  authorSeed: Uint8Array | undefined,
): AuditEntry {
  const unsigned = { ...fields, seq: previous ? previous.seq + 1 : 0, prevHash: previous ? previous.hash : GENESIS_HASH };
  const signed: UnsignedEntry = authorSeed ? { ...unsigned, sig: sign(sodium, authorSeed, SigningContext.audit, canonical(unsigned)) } : unsigned;
  return { ...signed, hash: entryHash(sodium, signed) };
}

export type ChainProblem =
  | { position: number; kind: 'edited'; seq: number }
  | { position: number; kind: 'missing'; expectedSeq: number }
  | { position: number; kind: 'reordered'; seq: number }
  | { position: number; kind: 'broken-link'; seq: number }
  | { position: number; kind: 'unsigned'; seq: number }
  | { position: number; kind: 'wrong-signer'; seq: number };

/** The public keys an actor may sign with; undefined for an actor the vault does not know. */
export type SignersOf = (actorId: string) => readonly string[] | undefined;

/**
 * Checks entries in stored order and reports each damaged position: an edited entry (its hash does
 * not match), a missing one (gap in seq), a reordered one (seq goes back), a link that does not point
 * to the previous entry's hash, an entry without a signature after signed ones, or one whose
 * signature is not by a key of the user it names. Signatures are checked from `signaturesFrom` on
 * (verifyAudit's quick check starts after a valid checkpoint, which the hashes tie to all before it).
 */
export function verifyChain(sodium: Sodium, entries: readonly AuditEntry[], signersOf: SignersOf, signaturesFrom = 0): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous: AuditEntry | undefined;
  let signedSeen = false;
  entries.forEach((entry, position) => {
    const { hash, ...unsigned } = entry;
    if (entryHash(sodium, unsigned) !== hash) problems.push({ position, kind: 'edited', seq: entry.seq });
    const expectedSeq = previous ? previous.seq + 1 : 0;
    if (entry.seq < expectedSeq) problems.push({ position, kind: 'reordered', seq: entry.seq });
    else if (entry.seq > expectedSeq) problems.push({ position, kind: 'missing', expectedSeq });
    else if (entry.prevHash !== (previous ? previous.hash : GENESIS_HASH)) problems.push({ position, kind: 'broken-link', seq: entry.seq });
    const { sig, hash: _, ...fields } = entry;
    if (sig === undefined) {
      if (signedSeen) problems.push({ position, kind: 'unsigned', seq: entry.seq });
    } else {
      signedSeen = true;
      if (position >= signaturesFrom && !verify(sodium, signersOf(entry.actorId) ?? [], SigningContext.audit, canonical(fields), sig)) {
        problems.push({ position, kind: 'wrong-signer', seq: entry.seq });
      }
    }
    previous = entry;
  });
  return problems;
}
