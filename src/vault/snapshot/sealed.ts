import { randomBytes, toBase64Url } from '../../core/crypto/bytes';
import { open, seal, type ItemAad } from '../../core/crypto/envelope';
import type { Sodium } from '../../core/crypto/sodium';
import type { SnapshotRow, VaultDb } from '../db';
import { archiveOfRow } from './archive';

/**
 * A snapshot on disk: a few sealed parts (bytes, encoded by keeper.ts), one row each, under the records key like the
 * pages. Each part's associated data names the vault, the snapshot's random id, the part's index and
 * the number of parts, so parts cannot be moved between vaults or snapshots, reordered or dropped
 * without failing to open. A vault keeps one snapshot; a new one replaces it in one transaction.
 */
/** Part contents changed with 2 (binary parts); a snapshot of format 1 does not open and is ignored. */
export const SNAPSHOT_FORMAT = 2;
const SNAPSHOT_STORE = 'snapshot';
const PAD = 65_536;

const aad = (vaultId: string, snap: string, part: number, parts: number): ItemAad => ({
  vaultId,
  store: SNAPSHOT_STORE,
  itemId: `${snap}/${part}/${parts}`,
  version: SNAPSHOT_FORMAT,
});

/** A new snapshot's random id: its parts' associated data names it. */
export function newSnapshotId(): string {
  return toBase64Url(randomBytes(16));
}

/** Seals one part of snapshot `snap` as its row. */
export function sealPart(sodium: Sodium, vaultId: string, key: Uint8Array, snap: string, part: number, parts: number, plaintext: Uint8Array): SnapshotRow {
  return {
    id: `${vaultId}/${part}`,
    vaultId,
    snap,
    part,
    parts,
    data: seal(sodium, key, aad(vaultId, snap, part, parts), plaintext, { padBlock: PAD }),
  };
}

/** Replaces the vault's snapshot with `rows`, and its archives with `rows`' and those named in `keep` (archive.ts). */
export async function writeParts(db: VaultDb, vaultId: string, rows: readonly SnapshotRow[], keep: ReadonlySet<string> = new Set()): Promise<void> {
  await db.transaction('rw', db.snapshots, async () => {
    await db.snapshots
      .where('vaultId')
      .equals(vaultId)
      .filter((row) => !keep.has(archiveOfRow(row) ?? ''))
      .delete();
    await db.snapshots.bulkAdd([...rows]);
  });
}

/** A snapshot's parts, each opened when asked for. */
export interface SealedParts {
  count: number;
  open(part: number): Uint8Array;
}

/**
 * The stored snapshot's rows, in part order, still sealed; undefined when there is none or its rows
 * do not fit together. Needs no key, so an unlock can read them while the KDF runs (unlock.ts).
 */
export async function readRows(db: VaultDb, vaultId: string): Promise<SnapshotRow[] | undefined> {
  const rows = (await db.snapshots.where('vaultId').equals(vaultId).toArray()).filter((r) => archiveOfRow(r) === undefined).sort((a, b) => a.part - b.part);
  const first = rows[0];
  if (!first || rows.some((r, i) => r.part !== i || r.snap !== first.snap || r.parts !== rows.length)) return undefined;
  return rows;
}

/** readRows started ahead of need: a read that fails is no snapshot, and nobody may be left to catch it. */
export function readRowsAhead(db: VaultDb, vaultId: string): Promise<SnapshotRow[] | undefined> {
  return readRows(db, vaultId).catch(() => undefined);
}

/** The parts of `rows` (from readRows) under `key`. */
export function openParts(sodium: Sodium, vaultId: string, key: Uint8Array, rows: readonly SnapshotRow[]): SealedParts {
  const snap = rows[0]!.snap;
  return {
    count: rows.length,
    // Throws IntegrityError when a part does not open: the caller ignores the snapshot.
    open: (part) => open(sodium, key, aad(vaultId, snap, part, rows.length), rows[part]!.data),
  };
}

/** The stored snapshot's parts; undefined when there is none or its rows do not fit together. */
export async function readParts(db: VaultDb, sodium: Sodium, vaultId: string, key: Uint8Array): Promise<SealedParts | undefined> {
  const rows = await readRows(db, vaultId);
  return rows && openParts(sodium, vaultId, key, rows);
}
