import { beforeAll, describe, expect, it } from 'vitest';
import { makeCheckpoint, verifyCheckpoints } from '../../../src/core/audit/checkpoint';
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

  it('pin the length and head of the chain: cutting entries it covers is reported, later ones are not', () => {
    const entries = chain(['admin', 'ira', 'max', 'ira', 'admin']);
    const checkpoint = makeCheckpoint(sodium, seeds.admin, entries.slice(0, 4), '2026-11-30T10:00:00.000Z')!;
    expect(verifyCheckpoints(sodium, adminKey(), entries, [checkpoint])).toEqual({ problems: [], last: { count: 4, at: '2026-11-30T10:00:00.000Z' } });
    // What a non-admin can still hide: the entry after the newest checkpoint.
    expect(verifyCheckpoints(sodium, adminKey(), entries.slice(0, 4), [checkpoint]).problems).toEqual([]);
    expect(verifyCheckpoints(sodium, adminKey(), entries.slice(0, 2), [checkpoint]).problems).toEqual([{ kind: 'cut', position: 2, expectedCount: 4 }]);
  });

  it('report an entry it covers that was replaced, and a checkpoint not signed by the admin key', () => {
    const entries = chain(['admin', 'ira', 'max']);
    const checkpoint = makeCheckpoint(sodium, seeds.admin, entries, '2026-11-30T10:00:00.000Z')!;
    const replaced = [...entries.slice(0, 2), chainEntry(sodium, entries[1], { at: '2026-11-22T10:00:00.000Z', actorId: 'ira', action: 'house.save', details: {} }, seeds.ira)];
    expect(verifyCheckpoints(sodium, adminKey(), replaced, [checkpoint]).problems).toEqual([{ kind: 'rewritten', position: 2 }]);
    const forged = makeCheckpoint(sodium, seeds.ira, entries.slice(0, 1), '2026-11-30T10:00:00.000Z')!;
    expect(verifyCheckpoints(sodium, adminKey(), entries, [forged])).toEqual({ problems: [{ kind: 'forged-checkpoint', count: 1 }], last: undefined });
  });
});
