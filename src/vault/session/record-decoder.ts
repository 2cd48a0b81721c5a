import { fromBase64 } from '../../core/crypto/bytes';
import { refuseUser } from '../../core/crypto/signed-user';
import type { Sodium } from '../../core/crypto/sodium';
import type { Settings } from '../../core/model/settings';
import type { StayEvent } from '../../core/model/stay-event';
import type { User } from '../../core/model/user';
import type { PageLog, StoredRecord } from '../page-log';
import { SEALED_KINDS } from '../page-codec';
import type { SnapshotKeeper } from '../snapshot/keeper';
import { isRecordKind, RECORD_SCHEMAS, type RecordKind, type SecuritySettings } from '../records';
import { AUDIT_STORE, openAuditEntry } from './audit-commit';
import type { KeyHolder } from './key-holder';
import type { PeopleKeyring } from './people-keyring';
import type { MutableState, StateStore } from './state-store';

const USER_REFUSALS = {
  unsigned: 'user record not signed by the admin key',
  'bad-signature': 'user record signature does not verify',
  replayed: 'older user record put back',
} as const;

/** Record kinds kept in a map by id, and the state field that holds them. */
const KEYED = { house: 'houses', room: 'rooms', bed: 'beds', partner: 'partners', availability: 'availability' } as const satisfies Partial<
  Record<RecordKind, keyof MutableState>
>;

/**
 * Turns stored records into the decrypted state. Records checked at write (records.ts
 * checkedRecord: the session's own writes, and compact pages, which only such writes fill and whose
 * AEAD proves who wrote them) are applied by kind; records from pages of the earlier format are
 * checked against their schema first. A record that fails is reported as damaged, never applied.
 */
export class RecordDecoder {
  constructor(
    private readonly sodium: Sodium,
    private readonly vaultId: string,
    private readonly keys: KeyHolder,
    private readonly store: StateStore,
    private readonly keyring: PeopleKeyring,
  ) {}

  /**
   * Reads the log into the state, then starts opening the people in the background (their keys may
   * come in later pages; the unlock does not wait for them: people-keyring.ts openInBackground).
   */
  async load(log: PageLog, snapshot?: SnapshotKeeper): Promise<void> {
    // With a snapshot that matches the log, the state starts from it and only later pages are read.
    const { records, unchecked, damaged } = snapshot ? await snapshot.restore(log, (record) => this.apply(record, false)) : await log.readAll();
    const state = this.store.state;
    const created = this.keyring.created;
    state.damaged.push(...damaged);
    // A page's audit entry follows its records, so the first entry after a person's first record
    // dates the page that created them (imports write many people under one entry).
    let undated: string[] = [];
    for (const record of records) {
      const entries = state.audit.length;
      this.apply(record, !unchecked.has(record));
      if (record.t === 'person' && !record.del && !created.has(record.id)) undated.push(record.id);
      const entry = state.audit.length > entries ? state.audit.at(-1) : undefined;
      if (entry && undated.length > 0) {
        for (const id of undated) if (!created.has(id)) created.set(id, entry.at);
        undated = [];
      }
    }
    // A vault re-sealed under a new key (seed) writes its people before the old entries: their own
    // person.create entry, when there is one, is the better date.
    for (const entry of state.audit) {
      const id = entry.details['person'];
      if (entry.action === 'person.create' && typeof id === 'string') created.set(id, entry.at);
    }
    this.keyring.openInBackground();
    state.audit.sort((a, b) => a.seq - b.seq);
    this.store.changed();
  }

  /**
   * Applies one stored record to the in-memory state; a record that fails its checks is reported,
   * not applied. `checked`: its value passed checkedRecord when it was written.
   */
  apply(record: StoredRecord, checked: boolean): void {
    if (!isRecordKind(record.t)) return this.damaged(record.t, record.id, 'unknown record kind');
    const kind: RecordKind = record.t;
    if (record.del) return this.applyDeletion(kind, record.id);
    const value = checked ? record.v : RECORD_SCHEMAS[kind].safeParse(record.v).data;
    if (value === undefined || (SEALED_KINDS.has(kind) && !isSealed(value))) return this.damaged(kind, record.id, 'content is malformed');
    const s = this.store.state;
    switch (kind) {
      case 'user': {
        const refusal = this.userRefusal(value as User);
        if (refusal) return this.damaged(kind, record.id, refusal);
        s.users.set(record.id, value as User);
        break;
      }
      case 'house':
      case 'room':
      case 'bed':
      case 'partner':
      case 'availability':
        (s[KEYED[kind]] as Map<string, unknown>).set(record.id, value);
        break;

      case 'settings':
        s.settings = value as Settings;
        break;
      case 'security':
        s.security = value as SecuritySettings;
        break;
      case 'duress':
        s.duressSlotId = (value as { slotId: string | null }).slotId;
        break;
      case 'orgKeys':
        s.orgKeys = sealedBytes(value as Sealed);
        break;
      case 'draft':
        s.drafts.set(record.id, sealedBytes(value as Sealed));
        break;
      case 'event':
        insertSorted(s.events, value as StayEvent);
        break;
      case 'personKey':
        this.keyring.onWrappedKey(record.id, sealedBytes(value as Sealed));
        break;
      case 'person':
        this.keyring.onSealedPerson(record.id, sealedBytes(value as Sealed));
        break;
      case 'audit':
        try {
          // Inside the try: a page that lands after a lock (keys zeroed) is simply not applied.
          s.audit.push(openAuditEntry(this.sodium, this.vaultId, this.keys.get().audit, record.id, sealedBytes(value as Sealed)));
        } catch {
          this.damaged(AUDIT_STORE, record.id, 'ciphertext does not authenticate');
        }
        break;
    }
  }

  /**
   * Roles are signatures (docs/threat-model.md "Insiders"): in a vault with an admin key, a user record
   * counts only when that key signed it, with a revision newer than the one already read.
   */
  private userRefusal(user: User): string | undefined {
    const { adminPublicKey } = this.keys.signing;
    if (adminPublicKey === undefined) return undefined;
    const refusal = refuseUser(this.sodium, adminPublicKey, user, this.store.state.users.get(user.id));
    return refusal && USER_REFUSALS[refusal];
  }

  /** Only forgetting (a person's identity and key) and settling a draft delete records; everything else is append-only. */
  private applyDeletion(kind: RecordKind, id: string): void {
    if (kind === 'personKey' || kind === 'person') this.keyring.onDeleted(kind, id);
    else if (kind === 'draft') this.store.state.drafts.delete(id);
    else this.damaged(kind, id, 'deletion of an append-only record');
  }

  private damaged(store: string, itemId: string, reason: string): void {
    this.store.state.damaged.push({ store, itemId, reason });
  }
}

/** A sealed value: base64 text as written (and in pages of the earlier format), bytes as read from a compact page. */
type Sealed = string | Uint8Array;
const isSealed = (v: unknown): v is Sealed => typeof v === 'string' || v instanceof Uint8Array;
const sealedBytes = (v: Sealed): Uint8Array => (typeof v === 'string' ? fromBase64(v) : v);

/** Events in time order; ties by when they were recorded, then by id, so every fold sees one order. */
export function compareEvents(a: StayEvent, b: StayEvent): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Keeps the event list in order; back-dated entries are rare, so this is usually a push. */
function insertSorted(events: StayEvent[], event: StayEvent): void {
  let lo = 0;
  let hi = events.length;
  if (hi === 0 || compareEvents(events[hi - 1]!, event) <= 0) {
    events.push(event);
    return;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEvents(events[mid]!, event) <= 0) lo = mid + 1;
    else hi = mid;
  }
  events.splice(lo, 0, event);
}
