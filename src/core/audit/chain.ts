import type { AuditEntry } from '../model/audit';
import { GENESIS_HASH } from '../model/audit';
import type { Sodium } from '../crypto/sodium';

/**
 * The audit hash chain (docs/threat-model.md §10): hash = SHA-256(prevHash || canonical JSON of the entry
 * without its hash). Each entry is also sealed (vault/audit-log.ts), so the chain proves order and
 * completeness, the seal proves authorship.
 */
export type UnsignedEntry = Omit<AuditEntry, 'hash'>;

function canonical(entry: UnsignedEntry): string {
  const details = Object.fromEntries(Object.entries(entry.details).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify([entry.seq, entry.at, entry.actorId, entry.action, details, entry.prevHash]);
}

export function entryHash(sodium: Sodium, entry: UnsignedEntry): string {
  return sodium.to_hex(sodium.crypto_hash_sha256(new TextEncoder().encode(canonical(entry))));
}

export function chainEntry(sodium: Sodium, previous: AuditEntry | undefined, fields: Omit<UnsignedEntry, 'seq' | 'prevHash'>): AuditEntry {
  const unsigned: UnsignedEntry = { ...fields, seq: previous ? previous.seq + 1 : 0, prevHash: previous ? previous.hash : GENESIS_HASH };
  return { ...unsigned, hash: entryHash(sodium, unsigned) };
}

export type ChainProblem =
  | { position: number; kind: 'edited'; seq: number }
  | { position: number; kind: 'missing'; expectedSeq: number }
  | { position: number; kind: 'reordered'; seq: number }
  | { position: number; kind: 'broken-link'; seq: number };

/**
 * Checks entries in stored order. Reports the first position of each kind of damage: an edited
 * entry (its hash does not match), a missing one (gap in seq), a reordered one (seq goes back), or
 * a link that does not point to the previous entry's hash.
 */
export function verifyChain(sodium: Sodium, entries: readonly AuditEntry[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let previous: AuditEntry | undefined;
  entries.forEach((entry, position) => {
    const { hash, ...unsigned } = entry;
    if (entryHash(sodium, unsigned) !== hash) problems.push({ position, kind: 'edited', seq: entry.seq });
    const expectedSeq = previous ? previous.seq + 1 : 0;
    if (entry.seq < expectedSeq) problems.push({ position, kind: 'reordered', seq: entry.seq });
    else if (entry.seq > expectedSeq) problems.push({ position, kind: 'missing', expectedSeq });
    else if (entry.prevHash !== (previous ? previous.hash : GENESIS_HASH)) problems.push({ position, kind: 'broken-link', seq: entry.seq });
    previous = entry;
  });
  return problems;
}
