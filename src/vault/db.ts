import Dexie, { type Table } from 'dexie';
import type { KeySlot } from '../core/crypto/slots';
import { DB_NAMES, type Profile } from '../core/practice/profile';

/**
 * What IndexedDB holds: ciphertext and opaque random ids, nothing else (docs/threat-model.md §1).
 *  vaults  one row per vault generation (a duress decoy is a new generation): key slots only.
 *  pages   the append-only log of sealed, padded pages of records; the row key is random, and the
 *          order lives inside the ciphertext, so keys leak neither time nor order.
 *  heads   per vault, a sealed pointer to the last page sequence number: a deleted page is noticed.
 *  snapshots per vault, the sealed parts of one snapshot of the decrypted state at a page-log position
 *          (snapshot/): a cache an unlock may read instead of the pages it stands for.
 * Schema history: v1 had vaults + pages; v2 added heads (a missing head is rebuilt at unlock);
 * v3 added snapshots (none: the log is read whole).
 */
export interface VaultRow {
  id: string;
  /** Higher = newer; the newest generation is the one the unlock screen opens. */
  generation: number;
  format: 1;
  slots: KeySlot[];
}

export interface PageRow {
  id: string;
  vaultId: string;
  data: Uint8Array;
}

export interface HeadRow {
  vaultId: string;
  data: Uint8Array;
}

export interface SnapshotRow {
  id: string;
  vaultId: string;
  /** The snapshot's random id, this part's index and the number of parts (all bound by the seal). */
  snap: string;
  part: number;
  parts: number;
  data: Uint8Array;
}

export const DB_NAME = DB_NAMES.real;

/** The database of a profile: the practice vault never opens the real one (docs/threat-model.md, "Practice isolation"). */
export function vaultDbOf(profile: Profile): VaultDb {
  return new VaultDb(DB_NAMES[profile]);
}

export class VaultDb extends Dexie {
  vaults!: Table<VaultRow, string>;
  pages!: Table<PageRow, string>;
  heads!: Table<HeadRow, string>;
  snapshots!: Table<SnapshotRow, string>;

  constructor(name = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({ vaults: 'id, generation', pages: 'id, vaultId' });
    this.version(2).stores({ heads: 'vaultId' });
    this.version(3).stores({ snapshots: 'id, vaultId' });
  }
}
