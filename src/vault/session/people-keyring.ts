import { IntegrityError, open, seal, type ItemAad } from '../../core/crypto/envelope';
import { getNextPeopleKek } from '../../core/crypto/keyfile';
import { newPersonKey, personWrapKey, rewrapAll, unwrapPersonKey, wrapPersonKey } from '../../core/crypto/people-keys';
import type { Sodium } from '../../core/crypto/sodium';
import type { Person } from '../../core/model/person';
import { readPerson } from '../migrate';
import type { StoredRecord } from '../page-log';
import type { KeyHolder } from './key-holder';
import type { StateStore } from './state-store';
import { nextTurn } from './next-turn';

export const PEOPLE_STORE = 'people';
/**
 * Identities opened per turn of the event loop in the background opening: about 15 ms of work, so
 * the dashboard stays responsive while ten thousand people open behind it.
 */
const OPEN_CHUNK = 250;

/** The keyring as read from the log: the wrapped keys and sealed identities as stored, by person id. */
export interface PeopleImage {
  wrapped: [string, Uint8Array][];
  sealed: [string, Uint8Array][];
  created: [string, string][];
}
const SEALED_FORMAT = 1;

/**
 * People's identities: each sealed under its own person key, which is wrapped under the people KEK
 * (docs/threat-model.md §5a). The keyring keeps the wrapped keys and sealed identities as read from
 * the log, opens them once the final keys are known, and makes the records of a new or edited person.
 */
export class PeopleKeyring {
  /** Person keys, unwrapped, by person id (needed to re-seal an edited identity). */
  private personKeys = new Map<string, Uint8Array>();
  private wrappedPersonKeys = new Map<string, Uint8Array>();
  /** Identity ciphertexts by person id; opened once the final person keys are known. */
  private sealedPeople = new Map<string, Uint8Array>();
  /**
   * People this session has just sealed, by id, with the key when it is new: once their page is
   * written (afterWrite) they go into the state as they are, instead of being opened again.
   */
  private written = new Map<string, { person: Person; sealed: Uint8Array; key: Uint8Array | undefined }>();
  /** When each person was first written, for upgrading records of an older format (migrate.ts). */
  readonly created = new Map<string, string>();
  /**
   * False in a session that may only choose a passphrase (recovery key, shares, one-time
   * passphrase): identities stay sealed, so locking or walking away from it exposes nobody.
   */
  opensIdentities = true;
  /** The background opening (openInBackground); settled at once when there is none. */
  private opening: Promise<void> = Promise.resolve();
  /** Set by zero(): the background opening stops at its next chunk. */
  private stopped = false;

  constructor(
    private readonly sodium: Sodium,
    private readonly vaultId: string,
    private readonly keys: KeyHolder,
    private readonly store: StateStore,
    /** Settles when no page write is under way: the background opening gives way to writes (the unlock's own first). */
    private readonly writesIdle: () => Promise<void>,
  ) {}

  /** True once this person's key has been opened in this session (an existing person). */
  isOpen(id: string): boolean {
    return this.personKeys.has(id);
  }

  isWrapped(id: string): boolean {
    return this.wrappedPersonKeys.has(id);
  }

  /**
   * A person's identity sealed under their own key; a new person's key is wrapped and logged with it.
   * The person and a new key are kept for afterWrite (zeroed at lock like every person key).
   */
  personRecords(person: Person): StoredRecord[] {
    const existing = this.personKeys.get(person.id);
    const personKey = existing ?? newPersonKey();
    const records: StoredRecord[] = [];
    try {
      if (!existing) records.push(this.wrappedKeyRecord(person.id, personKey));
      const sealed = this.sealedPersonRecord(person, personKey);
      records.push(sealed);
      this.dropWritten(person.id);
      this.written.set(person.id, { person, sealed: sealed.v as Uint8Array, key: existing ? undefined : personKey });
      return records;
    } catch (error) {
      if (!existing) this.sodium.memzero(personKey);
      throw error;
    }
  }

  /**
   * After a page with these people's records is written and applied: a person this session sealed
   * goes into the state as written (their identity is the one just logged), anyone else is opened
   * from the log (a re-wrapped key, a deletion).
   */
  afterWrite(ids: ReadonlySet<string>): void {
    const reopen: string[] = [];
    for (const id of ids) {
      const mine = this.written.get(id);
      this.written.delete(id);
      if (mine && this.opensIdentities && this.sealedPeople.get(id) === mine.sealed && this.wrappedPersonKeys.has(id)) {
        if (mine.key) this.personKeys.set(id, mine.key);
        this.store.state.people.set(id, mine.person);
      } else {
        if (mine?.key) this.sodium.memzero(mine.key);
        reopen.push(id);
      }
    }
    this.openPeople(reopen);
  }

  private dropWritten(id: string): void {
    const key = this.written.get(id)?.key;
    if (key) this.sodium.memzero(key);
    this.written.delete(id);
  }

  /** A person under a fresh key (vault-key rotation re-seals everyone this way). */
  freshRecords(person: Person): StoredRecord[] {
    const personKey = newPersonKey();
    try {
      return [this.wrappedKeyRecord(person.id, personKey), this.sealedPersonRecord(person, personKey)];
    } finally {
      this.sodium.memzero(personKey);
    }
  }

  private wrappedKeyRecord(personId: string, personKey: Uint8Array): StoredRecord {
    const wrapped = wrapPersonKey(this.sodium, { vaultId: this.vaultId, personId, personKey, wrapKey: this.keys.get().peopleWrap });
    return { t: 'personKey', id: personId, v: wrapped };
  }

  private sealedPersonRecord(person: Person, personKey: Uint8Array): StoredRecord {
    const sealed = seal(this.sodium, personKey, this.aad(person.id), new TextEncoder().encode(JSON.stringify(person)));
    return { t: 'person', id: person.id, v: sealed };
  }

  private aad(personId: string): ItemAad {
    return { vaultId: this.vaultId, store: PEOPLE_STORE, itemId: personId, version: SEALED_FORMAT };
  }

  // ---- records read from the log ---------------------------------------------------------------

  onWrappedKey(id: string, wrapped: Uint8Array): void {
    this.dropPersonKey(id);
    this.wrappedPersonKeys.set(id, wrapped);
  }

  onSealedPerson(id: string, sealed: Uint8Array): void {
    this.sealedPeople.set(id, sealed);
  }

  /** Forgetting deletes a person's key and identity records. */
  onDeleted(kind: 'person' | 'personKey', id: string): void {
    if (kind === 'personKey') {
      this.dropPersonKey(id);
      this.wrappedPersonKeys.delete(id);
    } else {
      this.sealedPeople.delete(id);
      this.store.state.people.delete(id);
    }
  }

  private dropPersonKey(id: string): void {
    const key = this.personKeys.get(id);
    if (key) this.sodium.memzero(key);
    this.personKeys.delete(id);
  }

  /**
   * Opens the identities of the given people (all when omitted) with their current keys. Runs after
   * the whole log is read, because a person's key may be re-wrapped in a later page than their record.
   */
  openPeople(ids: Iterable<string> = this.sealedPeople.keys()): void {
    if (!this.opensIdentities) return;
    for (const id of ids) this.openPerson(id, () => this.keys.get().peopleWrap);
  }

  /**
   * Opens every identity after the unlock, a chunk per turn of the event loop, so the dashboard
   * does not wait for ten thousand unwraps; the state says 'opening' until all are open, and is
   * announced once then (not per chunk: every screen would re-render each time). A lock stops it.
   */
  openInBackground(): void {
    if (!this.opensIdentities || this.sealedPeople.size === 0) return;
    this.store.state.identities = 'opening';
    this.opening = this.openInChunks([...this.sealedPeople.keys()]);
  }

  /**
   * Settles once every identity is open (at once when none are opening), and after a lock stopped
   * the opening. Code that needs every person, or re-seals one with their key, waits for it.
   */
  whenOpen(): Promise<void> {
    return this.opening;
  }

  private async openInChunks(ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += OPEN_CHUNK) {
      await nextTurn();
      await this.writesIdle();
      // After a lock the keys are zeroed and the state is new and empty: nothing more is opened into it.
      if (this.stopped) return;
      const wrapKey = this.keys.get().peopleWrap;
      for (const id of ids.slice(start, start + OPEN_CHUNK)) this.openPerson(id, () => wrapKey);
    }
    this.store.state.identities = 'open';
    this.store.changed();
  }

  private openPerson(id: string, wrapKey: () => Uint8Array): void {
    const state = this.store.state;
    const people = state.people;
    const sealed = this.sealedPeople.get(id);
    const wrapped = this.wrappedPersonKeys.get(id);
    if (!sealed || !wrapped) {
      people.delete(id);
      return;
    }
    let key = this.personKeys.get(id);
    if (!key) {
      try {
        key = unwrapPersonKey(this.sodium, { vaultId: this.vaultId, personId: id, wrapped, wrapKey: wrapKey() });
      } catch {
        // Wrapped under a people KEK that no longer exists: this person was forgotten.
        people.delete(id);
        return;
      }
      this.personKeys.set(id, key);
    }
    try {
      const plain = open(this.sodium, key, this.aad(id), sealed);
      people.set(id, readPerson(JSON.parse(new TextDecoder().decode(plain)), () => this.createdAt(id)));
    } catch (error) {
      people.delete(id);
      state.damaged.push({ store: PEOPLE_STORE, itemId: id, reason: error instanceof IntegrityError ? 'ciphertext does not authenticate' : 'content is malformed' });
    }
  }

  /** When a person was first written; a person with no dated page falls back to the vault's first entry. */
  private createdAt(personId: string): string {
    return this.created.get(personId) ?? this.store.state.audit[0]?.at ?? new Date(0).toISOString();
  }

  /** The wrapped keys, sealed identities and creation dates as they stand, for a snapshot (snapshot/keeper.ts). */
  image(): PeopleImage {
    // The byte strings are shared, not copied: the keyring replaces them, never writes into them.
    return { wrapped: [...this.wrappedPersonKeys], sealed: [...this.sealedPeople], created: [...this.created] };
  }

  /** Takes a snapshot's image as if its records had been read; identities open with openPeople. */
  adopt(image: PeopleImage): void {
    for (const [id, wrapped] of image.wrapped) this.onWrappedKey(id, wrapped);
    for (const [id, sealed] of image.sealed) this.onSealedPerson(id, sealed);
    for (const [id, at] of image.created) this.created.set(id, at);
  }

  // ---- people-KEK rotation -------------------------------------------------------------------

  /**
   * Every remaining person key re-wrapped under the key file's next people KEK, and deletions of the
   * `gone` people; the session's wrapping key becomes the new one. The caller commits the records.
   */
  rewrapRecords(gone: ReadonlySet<string>): StoredRecord[] {
    const keys = this.keys.get();
    const next = getNextPeopleKek(this.keys.keyFile)!;
    const newWrap = personWrapKey(this.sodium, keys.vault, next);
    const remaining = [...this.wrappedPersonKeys].filter(([id]) => !gone.has(id)).map(([personId, wrapped]) => ({ personId, wrapped }));
    const rewrapped = rewrapAll(this.sodium, { vaultId: this.vaultId, oldWrapKey: keys.peopleWrap, newWrapKey: newWrap, items: remaining });
    const records: StoredRecord[] = rewrapped.map(({ personId, wrapped }) => ({ t: 'personKey', id: personId, v: wrapped }));
    for (const id of gone) records.push({ t: 'person', id, del: true }, { t: 'personKey', id, del: true });
    this.keys.replacePeopleWrap(newWrap);
    return records;
  }

  /** Zeroes every person key and drops every sealed and wrapped copy; stops the background opening. */
  zero(): void {
    this.stopped = true;
    for (const key of this.personKeys.values()) this.sodium.memzero(key);
    this.personKeys.clear();
    for (const id of [...this.written.keys()]) this.dropWritten(id);
    this.wrappedPersonKeys.clear();
    this.sealedPeople.clear();
    this.created.clear();
  }
}
