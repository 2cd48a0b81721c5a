import { beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINT_ACTION, checkpointDetails } from '../../../src/core/audit/checkpoint';
import { verifyAudit } from '../../../src/core/audit/verify';
import { chainEntry, entryHash, verifyChain } from '../../../src/core/audit/chain';
import { newSigningSeed, signingPublicKey } from '../../../src/core/crypto/signing';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import type { AuditEntry } from '../../../src/core/model/audit';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const seeds = { admin: newSigningSeed(), ira: newSigningSeed(), max: newSigningSeed() };
const signers = () => (actorId: string) => (actorId in seeds ? [signingPublicKey(sodium, seeds[actorId as keyof typeof seeds])] : undefined);

function chain(actors: (keyof typeof seeds)[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  actors.forEach((actorId, i) => {
    entries.push(chainEntry(sodium, entries.at(-1), { at: `2026-11-2${i % 10}T10:00:00.000Z`, actorId, action: 'person.create', details: { n: i } }, seeds[actorId]));
  });
  return entries;
}

describe('signed audit entries', () => {
  it('an intact signed chain has no problems', () => {
    expect(verifyChain(sodium, chain(['admin', 'ira', 'max', 'ira']), signers())).toEqual([]);
  });

  it('an entry written in another user’s name is reported at its position', () => {
    const entries = chain(['admin', 'ira']);
    // Ira writes an entry that says Max did it, signed with her own key.
    entries.push(chainEntry(sodium, entries.at(-1), { at: '2026-11-23T10:00:00.000Z', actorId: 'max', action: 'person.forget', details: {} }, seeds.ira));
    expect(verifyChain(sodium, entries, signers())).toEqual([{ position: 2, kind: 'wrong-signer', seq: 2 }]);
  });

  it('an insider who deletes an entry and re-chains the rest cannot re-sign the others’ entries', () => {
    const entries = chain(['admin', 'ira', 'max', 'admin']);
    entries.splice(1, 1);
    // Re-number and re-link everything after the cut, keeping each signature (the insider holds only their own seed).
    let previous: AuditEntry | undefined = entries[0];
    const rechained = [entries[0]!];
    for (const e of entries.slice(1)) {
      const { hash: _, ...rest } = { ...e, seq: previous!.seq + 1, prevHash: previous!.hash };
      const next = { ...rest, hash: entryHash(sodium, rest) };
      rechained.push(next);
      previous = next;
    }
    expect(verifyChain(sodium, rechained, signers())).toEqual([
      { position: 1, kind: 'wrong-signer', seq: 1 },
      { position: 2, kind: 'wrong-signer', seq: 2 },
    ]);
  });

  it('a signature stripped from an entry after signed ones is reported (not taken for an old entry)', () => {
    const entries = chain(['admin', 'ira', 'max']);
    const { sig: _, hash: __, ...rest } = entries[2]!;
    entries[2] = { ...rest, hash: entryHash(sodium, rest) };
    expect(verifyChain(sodium, entries, signers())).toEqual([{ position: 2, kind: 'unsigned', seq: 2 }]);
  });

  it('an unknown author is reported', () => {
    const entries = chain(['admin', 'ira']);
    expect(verifyChain(sodium, entries, (id) => (id === 'ira' ? undefined : signers()(id)))).toEqual([{ position: 1, kind: 'wrong-signer', seq: 1 }]);
  });
});

describe('admin checkpoints', () => {
  const adminKey = () => signingPublicKey(sodium, seeds.admin);
  /** Appends a checkpoint entry by `author`, its details signed with `checkpointSeed`. */
  function withCheckpoint(entries: AuditEntry[], checkpointSeed = seeds.admin, author: keyof typeof seeds = 'admin'): AuditEntry[] {
    const details = checkpointDetails(sodium, checkpointSeed, entries)!;
    return [...entries, chainEntry(sodium, entries.at(-1), { at: '2026-11-30T10:00:00.000Z', actorId: author, action: CHECKPOINT_ACTION, details }, seeds[author])];
  }
  const after = (entries: AuditEntry[], actors: (keyof typeof seeds)[]) => {
    const out = [...entries];
    for (const actorId of actors) out.push(chainEntry(sodium, out.at(-1), { at: '2026-12-01T10:00:00.000Z', actorId, action: 'house.save', details: {} }, seeds[actorId]));
    return out;
  };

  it('pin the entries before them; the newest valid one is reported; entries after it can still be cut unseen', () => {
    const entries = after(withCheckpoint(chain(['admin', 'ira', 'max', 'ira'])), ['max', 'ira']);
    expect(verifyAudit(sodium, entries, signers(), adminKey())).toEqual({ problems: [], lastCheckpoint: { count: 4, at: '2026-11-30T10:00:00.000Z' } });
    // What a non-admin can still hide: the entries after the newest checkpoint.
    expect(verifyAudit(sodium, entries.slice(0, 5), signers(), adminKey()).problems).toEqual([]);
  });

  it('an insider who cuts covered entries and re-chains their own checkpoint copy is caught by the admin signature', () => {
    const entries = withCheckpoint(chain(['admin', 'ira', 'ira', 'ira']));
    // Ira cuts her last two entries and writes a checkpoint of her own over the rest.
    const forged = withCheckpoint(entries.slice(0, 2), seeds.ira, 'ira');
    expect(verifyAudit(sodium, forged, signers(), adminKey()).problems).toEqual([{ kind: 'forged-checkpoint', position: 2 }]);
    // Or moves the admin's checkpoint entry up to just after the cut: its signatures no longer fit.
    const { hash: _, ...moved } = { ...entries[4]!, seq: 2, prevHash: entries[1]!.hash };
    const relinked = [...entries.slice(0, 2), { ...moved, hash: entryHash(sodium, moved) }];
    expect(verifyAudit(sodium, relinked, signers(), adminKey()).problems).toEqual([
      { position: 2, kind: 'wrong-signer', seq: 2 },
      { kind: 'rewritten', position: 2 },
    ]);
  });

  it('hold whatever time the entry carrying them bears (the clock moves on between signing and writing)', () => {
    const entries = chain(['admin', 'ira']);
    const details = checkpointDetails(sodium, seeds.admin, entries)!;
    const later = [...entries, chainEntry(sodium, entries.at(-1), { at: '2026-12-24T23:59:59.999Z', actorId: 'admin', action: 'vault.unlock', details }, seeds.admin)];
    expect(verifyAudit(sodium, later, signers(), adminKey())).toEqual({ problems: [], lastCheckpoint: { count: 2, at: '2026-12-24T23:59:59.999Z' } });
  });

  it('one signed by an earlier admin key counts only when a valid checkpoint after it covers it (a key rotation)', () => {
    const oldAdmin = newSigningSeed();
    const before = withCheckpoint(chain(['admin', 'ira']), oldAdmin);
    expect(verifyAudit(sodium, before, signers(), adminKey()).problems).toEqual([{ kind: 'forged-checkpoint', position: 2 }]);
    const rotated = withCheckpoint(after(before, ['max']));
    expect(verifyAudit(sodium, rotated, signers(), adminKey())).toEqual({ problems: [], lastCheckpoint: { count: 4, at: '2026-11-30T10:00:00.000Z' } });
  });

  it('the quick check (admin unlock) finds the same newest checkpoint and reports what comes after it as the full one does', () => {
    const twice = after(withCheckpoint(after(withCheckpoint(chain(['admin', 'ira'])), ['max', 'ira'])), ['max']);
    const forgedAfter = withCheckpoint(twice, seeds.ira, 'ira');
    const full = verifyAudit(sodium, forgedAfter, signers(), adminKey());
    expect(full).toEqual({ problems: [{ kind: 'forged-checkpoint', position: 7 }], lastCheckpoint: { count: 5, at: '2026-11-30T10:00:00.000Z' } });
    expect(verifyAudit(sodium, forgedAfter, signers(), adminKey(), { quick: true })).toEqual(full);
  });

  it('a vault without an admin key checks the chain only', () => {
    const entries = withCheckpoint(chain(['admin', 'ira']), seeds.ira);
    expect(verifyAudit(sodium, entries, signers(), undefined)).toEqual({ problems: [], lastCheckpoint: undefined });
  });
});
