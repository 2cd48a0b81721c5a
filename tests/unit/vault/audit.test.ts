import { beforeAll, describe, expect, it } from 'vitest';
import { chainEntry, entryHash, verifyChain } from '../../../src/core/audit/chain';
import { toBase64 } from '../../../src/core/crypto/bytes';
import { open, seal } from '../../../src/core/crypto/envelope';
import { subkey, SubkeyPurpose } from '../../../src/core/crypto/kdf';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import type { AuditEntry } from '../../../src/core/model/audit';
import { decodePage, encodePage } from '../../../src/vault/page-codec';
import { createVault } from '../../../src/vault/services/create';
import { unlockWithPassphrase } from '../../../src/vault/services/unlock';
import { PASS, person, testVault, type TestVault } from './helpers';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

/** Entries as written before signatures: the chain alone is checked. */
const noSigners = () => undefined;

function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    entries.push(chainEntry(sodium, entries.at(-1), { at: `2026-11-2${i}T10:00:00.000Z`, actorId: 'admin-1', action: 'person.create', details: { n: i } }, undefined));
  }
  return entries;
}

describe('audit chain verification (core)', () => {
  it('an intact chain has no problems', () => {
    expect(verifyChain(sodium, chain(6), noSigners)).toEqual([]);
    expect(verifyChain(sodium, [], noSigners)).toEqual([]);
  });

  it('a deleted entry is reported at its position', () => {
    const entries = chain(6);
    entries.splice(2, 1);
    expect(verifyChain(sodium, entries, noSigners)).toEqual([{ position: 2, kind: 'missing', expectedSeq: 2 }]);
    expect(verifyChain(sodium, chain(6).slice(1), noSigners)).toEqual([{ position: 0, kind: 'missing', expectedSeq: 0 }]);
  });

  it('an edited entry is reported at its position; re-hashing it breaks the link to the next one', () => {
    const edited = chain(6);
    edited[3] = { ...edited[3]!, action: 'person.forget' };
    expect(verifyChain(sodium, edited, noSigners)).toEqual([{ position: 3, kind: 'edited', seq: 3 }]);

    const rehashed = chain(6);
    const { hash: _old, ...unsigned } = { ...rehashed[3]!, details: { n: 99 } };
    rehashed[3] = { ...unsigned, hash: entryHash(sodium, unsigned) };
    expect(verifyChain(sodium, rehashed, noSigners)).toEqual([{ position: 4, kind: 'broken-link', seq: 4 }]);
  });

  it('reordered entries are reported where the order breaks', () => {
    const entries = chain(6);
    [entries[2], entries[3]] = [entries[3]!, entries[2]!];
    expect(verifyChain(sodium, entries, noSigners)).toEqual([
      { position: 2, kind: 'missing', expectedSeq: 2 },
      { position: 3, kind: 'reordered', seq: 2 },
      { position: 4, kind: 'missing', expectedSeq: 3 },
    ]);
  });
});

/**
 * Rewrites the audit entries inside the sealed pages, as an insider holding the vault key could:
 * `edit` returns the entry to store (possibly changed) or null to drop it.
 */
async function rewriteAudit(t: TestVault, vaultId: string, vaultKey: Uint8Array, edit: (entry: AuditEntry) => AuditEntry | null): Promise<void> {
  const recordsKey = subkey(sodium, vaultKey, SubkeyPurpose.records);
  const auditKey = subkey(sodium, vaultKey, SubkeyPurpose.audit);
  const auditAad = (seq: number) => ({ vaultId, store: 'audit', itemId: String(seq), version: 1 });
  for (const row of await t.deps.db.pages.where('vaultId').equals(vaultId).toArray()) {
    const aad = { vaultId, store: 'pages', itemId: row.id, version: 1 };
    const { page } = decodePage(open(sodium, recordsKey, aad, row.data));
    page.records = page.records.flatMap((r) => {
      if (r.t !== 'audit') return [r];
      const entry = JSON.parse(new TextDecoder().decode(open(sodium, auditKey, auditAad(Number(r.id)), r.v as Uint8Array))) as AuditEntry;
      const next = edit(entry);
      if (!next) return [];
      const sealed = seal(sodium, auditKey, auditAad(next.seq), new TextEncoder().encode(JSON.stringify(next)));
      return [{ t: 'audit', id: String(next.seq), v: toBase64(sealed) }];
    });
    await t.deps.db.pages.put({ ...row, data: seal(sodium, recordsKey, aad, encodePage(page), { padBlock: 4096 }) });
  }
}

/** A vault with entries 0 (vault.create) .. 4 (four people), locked, and its key for the insider. */
async function vaultWithEntries() {
  const t = await testVault();
  const { session } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
  for (let i = 0; i < 4; i++) await session.people.put(person());
  const vaultKey = session.vaultKey.slice();
  const vaultId = session.vaultId;
  session.lock();
  return { t, vaultKey, vaultId };
}

describe('audit chain verification through a vault whose pages were tampered with', () => {
  it('the untouched log verifies (the rewrite itself changes nothing)', async () => {
    const { t, vaultKey, vaultId } = await vaultWithEntries();
    await rewriteAudit(t, vaultId, vaultKey, (e) => e);
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.audit.entries()).toHaveLength(6);
    // The admin's unlock entry carries a checkpoint over the five before it.
    expect(session.audit.verify()).toEqual({ problems: [], lastCheckpoint: { count: 5, at: session.audit.entries()[5]!.at } });
  });

  it('a deleted entry is reported with its position', async () => {
    const { t, vaultKey, vaultId } = await vaultWithEntries();
    await rewriteAudit(t, vaultId, vaultKey, (e) => (e.seq === 2 ? null : e));
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.audit.verify().problems).toEqual([{ position: 2, kind: 'missing', expectedSeq: 2 }]);
  });

  it('an edited entry is reported with its position, re-hashed or not', async () => {
    const { t, vaultKey, vaultId } = await vaultWithEntries();
    await rewriteAudit(t, vaultId, vaultKey, (e) => (e.seq === 3 ? { ...e, actorId: 'someone-else' } : e));
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.audit.verify().problems).toEqual([
      { position: 3, kind: 'edited', seq: 3 },
      { position: 3, kind: 'wrong-signer', seq: 3 },
    ]);
    session.lock();

    await rewriteAudit(t, vaultId, vaultKey, (e) => {
      if (e.seq !== 3) return e;
      const { hash: _h, ...unsigned } = e;
      return { ...unsigned, hash: entryHash(sodium, unsigned) };
    });
    const { session: again } = await unlockWithPassphrase(t.deps, PASS);
    expect(again.audit.verify().problems).toEqual([
      { position: 3, kind: 'wrong-signer', seq: 3 },
      { position: 4, kind: 'broken-link', seq: 4 },
    ]);
  });

  it('swapping two entries (their sequence numbers) is reported at both positions and the link after them', async () => {
    const { t, vaultKey, vaultId } = await vaultWithEntries();
    await rewriteAudit(t, vaultId, vaultKey, (e) => (e.seq === 2 ? { ...e, seq: 3 } : e.seq === 3 ? { ...e, seq: 2 } : e));
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.audit.verify().problems).toEqual([
      { position: 2, kind: 'edited', seq: 2 },
      { position: 2, kind: 'broken-link', seq: 2 },
      { position: 2, kind: 'wrong-signer', seq: 2 },
      { position: 3, kind: 'edited', seq: 3 },
      { position: 3, kind: 'broken-link', seq: 3 },
      { position: 3, kind: 'wrong-signer', seq: 3 },
      { position: 4, kind: 'broken-link', seq: 4 },
    ]);
  });

  it('an entry damaged without the key fails to open: named by the health check, and a gap in the chain', async () => {
    const { t, vaultKey, vaultId } = await vaultWithEntries();
    const auditKey = subkey(sodium, vaultKey, SubkeyPurpose.audit);
    // A wrong audit key for seq 1 stands in for a flipped byte: the page opens, the entry does not.
    const wrong = sodium.crypto_generichash(32, auditKey, null);
    const recordsKey = subkey(sodium, vaultKey, SubkeyPurpose.records);
    for (const row of await t.deps.db.pages.where('vaultId').equals(vaultId).toArray()) {
      const aad = { vaultId, store: 'pages', itemId: row.id, version: 1 };
      const { page } = decodePage(open(sodium, recordsKey, aad, row.data));
      if (!page.records.some((r) => r.t === 'audit' && r.id === '1')) continue;
      page.records = page.records.map((r) =>
        r.t === 'audit' && r.id === '1' ? { ...r, v: toBase64(seal(sodium, wrong, { vaultId, store: 'audit', itemId: '1', version: 1 }, new Uint8Array(8))) } : r,
      );
      await t.deps.db.pages.put({ ...row, data: seal(sodium, recordsKey, aad, encodePage(page), { padBlock: 4096 }) });
    }
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.health()).toContainEqual({ store: 'audit', itemId: '1', reason: 'ciphertext does not authenticate' });
    expect(session.audit.verify().problems).toEqual([{ position: 1, kind: 'missing', expectedSeq: 1 }]);
  });
});

/*
 * The admin unlock's quick check (core/audit/verify.ts): every hash, link and sequence number, but
 * signatures only from the newest valid checkpoint on. What that skips must still show.
 */
describe('the admin unlock’s quick check against the newest checkpoint', () => {
  /** Entries 0..4, an admin unlock with a checkpoint over them (5), two more entries (6, 7); locked. */
  async function vaultWithCheckpoint() {
    const { t, vaultKey, vaultId } = await vaultWithEntries();
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    expect(session.audit.entries()[5]!.details).toMatchObject({ checkpointCount: 5 });
    await session.people.put(person());
    await session.people.put(person());
    session.lock();
    return { t, vaultKey, vaultId };
  }
  /** The next admin unlock: what its quick check reports, and whether its entry vouches with a checkpoint. */
  async function nextAdminUnlock(t: TestVault) {
    const { session } = await unlockWithPassphrase(t.deps, PASS);
    const entry = session.audit.entries().at(-1)!;
    return { quick: session.audit.check({ quick: true }).problems, checkpointed: 'checkpointSig' in entry.details };
  }

  it('a new vault’s first session checkpoints every hundredth entry and at its lock, as a sound admin session does', async () => {
    const t = await testVault();
    const { session } = await createVault(t.deps, { adminName: 'Ada', passphrase: PASS });
    for (let i = 0; i < 99; i++) await session.recordAudit('report.view', {});
    expect(session.audit.entries()[100]).toMatchObject({ action: 'audit.checkpoint', details: { checkpointCount: 100 } });
    await session.lockAndRecord('vault.lock');
    const { session: next } = await unlockWithPassphrase(t.deps, PASS);
    const entries = next.audit.entries();
    expect(entries[101]).toMatchObject({ action: 'vault.lock', details: { checkpointCount: 101 } });
    expect(next.audit.verify()).toEqual({ problems: [], lastCheckpoint: { count: 102, at: entries[102]!.at } });
  });

  it('an intact vault: nothing reported, and the unlock checkpoints again', async () => {
    const { t } = await vaultWithCheckpoint();
    expect(await nextAdminUnlock(t)).toEqual({ quick: [], checkpointed: true });
  });

  it('an entry before the checkpoint rewritten offline (its stored hash kept) is reported', async () => {
    const { t, vaultKey, vaultId } = await vaultWithCheckpoint();
    await rewriteAudit(t, vaultId, vaultKey, (e) => (e.seq === 2 ? { ...e, action: 'person.forget' } : e));
    expect(await nextAdminUnlock(t)).toEqual({ quick: [{ position: 2, kind: 'edited', seq: 2 }], checkpointed: false });
  });

  it('an entry before the checkpoint deleted offline is reported', async () => {
    const { t, vaultKey, vaultId } = await vaultWithCheckpoint();
    await rewriteAudit(t, vaultId, vaultKey, (e) => (e.seq === 2 ? null : e));
    const { quick, checkpointed } = await nextAdminUnlock(t);
    expect(checkpointed).toBe(false);
    expect(quick).toEqual(expect.arrayContaining([{ position: 2, kind: 'missing', expectedSeq: 2 }]));
  });

  it('an entry after the checkpoint with a bad signature (changed and re-hashed) is reported', async () => {
    const { t, vaultKey, vaultId } = await vaultWithCheckpoint();
    await rewriteAudit(t, vaultId, vaultKey, (e) => {
      if (e.seq !== 7) return e;
      const { hash: _h, ...unsigned } = { ...e, action: 'person.forget' };
      return { ...unsigned, hash: entryHash(sodium, unsigned) };
    });
    expect(await nextAdminUnlock(t)).toEqual({ quick: [{ position: 7, kind: 'wrong-signer', seq: 7 }], checkpointed: false });
  });
});
