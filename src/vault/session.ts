import { chainEntry, verifyChain, type ChainProblem } from '../core/audit/chain';
import { fromBase64, toBase64 } from '../core/crypto/bytes';
import { IntegrityError, open, seal, type ItemAad } from '../core/crypto/envelope';
import { subkey, SubkeyPurpose } from '../core/crypto/kdf';
import { commitPeopleKek, getNextPeopleKek, getPeopleKek, rotatePeopleKek, type KeyFile } from '../core/crypto/keyfile';
import { openOrgKeys, sealOrgKeys, zeroOrgKeys, type OrgKeys } from '../core/crypto/org-keys';
import { newPersonKey, personWrapKey, rewrapAll, unwrapPersonKey, wrapPersonKey } from '../core/crypto/people-keys';
import type { SlotPayload } from '../core/crypto/slots';
import type { Sodium } from '../core/crypto/sodium';
import { auditEntrySchema, type AuditEntry } from '../core/model/audit';
import type { Bed, House, Room } from '../core/model/house';
import type { Partner } from '../core/model/partner';
import { personSchema, type Person } from '../core/model/person';
import { DEFAULT_SETTINGS, type Settings } from '../core/model/settings';
import type { StayEvent } from '../core/model/stay-event';
import type { Role, User } from '../core/model/user';
import { assertCan, can, ForbiddenError, type Permission } from '../core/roles';
import type { VaultDb } from './db';
import type { KeyFileAccess } from './keyfile-access';
import { readPerson } from './migrate';
import { PageLog, type DamagedItem, type StoredRecord } from './page-log';
import {
  DEFAULT_SECURITY,
  DURESS_ID,
  isRecordKind,
  ORG_KEYS_ID,
  RECORD_SCHEMAS,
  SECURITY_ID,
  SETTINGS_ID,
  type RecordKind,
  type SecuritySettings,
} from './records';
import { LockedError, PassphraseChangeRequiredError, DamagedVaultError, UserUnreadableError } from './errors';

/**
 * An unlocked vault: the keys (in memory only), the decrypted state, and the repositories every
 * screen writes through. Each write is validated with the core schema, checked against the role,
 * sealed and appended as one page (one transaction), then applied to the in-memory state and
 * announced to subscribers. lock() zeroes every key and drops every decrypted object.
 */
export interface VaultState {
  /** Bumped on every change, so React can tell snapshots apart cheaply. */
  version: number;
  houses: ReadonlyMap<string, House>;
  rooms: ReadonlyMap<string, Room>;
  beds: ReadonlyMap<string, Bed>;
  partners: ReadonlyMap<string, Partner>;
  users: ReadonlyMap<string, User>;
  people: ReadonlyMap<string, Person>;
  events: readonly StayEvent[];
  settings: Settings;
  security: SecuritySettings;
  audit: readonly AuditEntry[];
  damaged: readonly DamagedItem[];
}

export interface SessionDeps {
  db: VaultDb;
  sodium: Sodium;
  keyFiles: KeyFileAccess;
  now(): Date;
}

const PEOPLE_STORE = 'people';
const AUDIT_STORE = 'audit';
const SEALED_FORMAT = 1;
/** Who acts in a session opened with the recovery key, until a user sets a new passphrase. */
export const RECOVERY_ACTOR: User = Object.freeze({ id: 'recovery', name: 'Recovery key', role: 'admin', status: 'active' });

interface Keys {
  vault: Uint8Array;
  records: Uint8Array;
  audit: Uint8Array;
  peopleWrap: Uint8Array;
  /** Only in staff, admin and recovery sessions (docs/threat-model.md §9). */
  staff?: Uint8Array;
}

/** What a key rotation carries into the new vault: everything readable, in plain form. */
export interface VaultContent {
  records: StoredRecord[];
  people: Person[];
  audit: AuditEntry[];
  orgKeys: OrgKeys;
}

export interface OpenArgs {
  deps: SessionDeps;
  vaultId: string;
  vaultKey: Uint8Array;
  staffKey: Uint8Array | undefined;
  keyFile: KeyFile;
}

interface Mutable {
  houses: Map<string, House>;
  rooms: Map<string, Room>;
  beds: Map<string, Bed>;
  partners: Map<string, Partner>;
  users: Map<string, User>;
  people: Map<string, Person>;
  events: StayEvent[];
  settings: Settings;
  security: SecuritySettings;
  duressSlotId: string | null;
  orgKeys: Uint8Array | undefined;
  audit: AuditEntry[];
  damaged: DamagedItem[];
}

const emptyState = (): Mutable => ({
  houses: new Map(),
  rooms: new Map(),
  beds: new Map(),
  partners: new Map(),
  users: new Map(),
  people: new Map(),
  events: [],
  settings: DEFAULT_SETTINGS,
  security: DEFAULT_SECURITY,
  duressSlotId: null,
  orgKeys: undefined,
  audit: [],
  damaged: [],
});

export class Session {
  private keys: Keys | undefined;
  private state: Mutable = emptyState();
  /** Person keys, unwrapped, by person id (needed to re-seal an edited identity). */
  private personKeys = new Map<string, Uint8Array>();
  private wrappedPersonKeys = new Map<string, Uint8Array>();
  /** Identity ciphertexts by person id; opened once the final person keys are known. */
  private sealedPeople = new Map<string, Uint8Array>();
  private snapshot: VaultState;
  private version = 0;
  private listeners = new Set<() => void>();
  private log: PageLog;
  private keyFile: KeyFile;
  private openedOrgKeys: OrgKeys | undefined;
  /** When each person was first written, for upgrading records of an older format (migrate.ts). */
  private personCreated = new Map<string, string>();
  /** Commits under way: a lock's audit entry is recorded only when none is, so the chain stays whole. */
  private writing = 0;
  /**
   * False in a session that may only choose a passphrase (recovery key, shares, one-time
   * passphrase): identities stay sealed, so locking or walking away from it exposes nobody.
   */
  private opensIdentities = true;

  private constructor(
    private readonly deps: SessionDeps,
    readonly vaultId: string,
    { vaultKey, staffKey, keyFile }: Omit<OpenArgs, 'deps' | 'vaultId'>,
    private actor: User,
    /** Opened with a one-time passphrase: every repository refuses until the user has chosen their own. */
    private readonly oneTime: boolean,
  ) {
    const { sodium } = deps;
    this.keyFile = keyFile;
    this.keys = {
      vault: vaultKey,
      records: subkey(sodium, vaultKey, SubkeyPurpose.records),
      audit: subkey(sodium, vaultKey, SubkeyPurpose.audit),
      peopleWrap: personWrapKey(sodium, vaultKey, getPeopleKek(keyFile)),
      ...(staffKey ? { staff: staffKey } : {}),
    };
    this.log = new PageLog(deps.db, sodium, vaultId, this.keys.records);
    this.snapshot = this.freeze();
  }

  /**
   * Set when opened with the recovery key or a one-time passphrase: the UI must have a user set a
   * new passphrase first (replacePassphrase), then lock and unlock with it.
   */
  get mustSetPassphrase(): boolean {
    return this.oneTime || this.actor === RECOVERY_ACTOR;
  }

  /**
   * Opens the vault with an unwrapped vault key: reads and decrypts the log, finishes any interrupted
   * key rotation. `userId` undefined = opened with the recovery key. The session owns the keys given.
   */
  static async open(args: OpenArgs & { userId: string | undefined; oneTime: boolean }): Promise<Session> {
    const session = new Session(args.deps, args.vaultId, args, RECOVERY_ACTOR, args.oneTime);
    session.opensIdentities = !args.oneTime && args.userId !== undefined;
    await session.load();
    if (args.userId !== undefined) {
      const user = session.state.users.get(args.userId);
      if (!user || user.status !== 'active') {
        const damaged = session.state.damaged.length > 0;
        session.lock();
        throw damaged ? new UserUnreadableError() : new LockedError();
      }
      session.actor = user;
    }
    if (getNextPeopleKek(session.keyFile)) await session.finishPeopleKeyRotation();
    return session;
  }

  /**
   * A new, empty vault's first page: its first admin, settings, the sealed organisation keys and the
   * audit entry. `createdAt` dates that entry (a duress decoy takes the real vault's date).
   */
  static async create(
    args: OpenArgs & { admin: User; orgKeys: OrgKeys; settings: Settings; createdAt: string | undefined },
  ): Promise<Session> {
    const session = new Session(args.deps, args.vaultId, args, args.admin, false);
    await session.commit(
      [
        { t: 'user', id: args.admin.id, v: args.admin },
        { t: 'settings', id: SETTINGS_ID, v: args.settings },
        { t: 'security', id: SECURITY_ID, v: DEFAULT_SECURITY },
        session.sealedOrgKeysRecord(args.orgKeys),
      ],
      { action: 'vault.create', details: {} },
      args.createdAt,
    );
    return session;
  }

  /**
   * A vault filled from another one's content (vault-key rotation): every record re-sealed under the
   * new keys (people under fresh person keys), written as bulk pages, then the rotation's own entry.
   */
  static async seed(args: OpenArgs & { actor: User; content: VaultContent; audit: { action: string; details: AuditEntry['details'] } }): Promise<Session> {
    const session = new Session(args.deps, args.vaultId, args, args.actor, false);
    const { sodium } = args.deps;
    const keys = session.keys!;
    const records: StoredRecord[] = [...args.content.records, session.sealedOrgKeysRecord(args.content.orgKeys)];
    for (const person of args.content.people) {
      const personKey = newPersonKey();
      const wrapped = wrapPersonKey(sodium, { vaultId: args.vaultId, personId: person.id, personKey, wrapKey: keys.peopleWrap });
      const sealed = seal(sodium, personKey, session.personAad(person.id), new TextEncoder().encode(JSON.stringify(person)));
      sodium.memzero(personKey);
      records.push({ t: 'personKey', id: person.id, v: toBase64(wrapped) }, { t: 'person', id: person.id, v: toBase64(sealed) });
    }
    for (const entry of args.content.audit) {
      const sealed = seal(sodium, keys.audit, session.auditAad(entry.seq), new TextEncoder().encode(JSON.stringify(entry)));
      records.push({ t: 'audit', id: String(entry.seq), v: toBase64(sealed) });
    }
    await session.log.appendBulk(records);
    for (const record of records) session.apply(record);
    session.openPeople();
    session.state.audit.sort((a, b) => a.seq - b.seq);
    await session.commit([], args.audit);
    return session;
  }

  // ---- observation -------------------------------------------------------------------------

  get user(): User {
    return this.actor;
  }

  /** The injected clock, for code that holds the session and needs the time. */
  now(): Date {
    return this.deps.now();
  }

  get isLocked(): boolean {
    return this.keys === undefined;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): VaultState => this.snapshot;

  private freeze(): VaultState {
    const s = this.state;
    return Object.freeze({
      version: ++this.version,
      houses: s.houses,
      rooms: s.rooms,
      beds: s.beds,
      partners: s.partners,
      users: s.users,
      people: s.people,
      events: s.events,
      settings: s.settings,
      security: s.security,
      audit: s.audit,
      damaged: s.damaged,
    });
  }

  private changed(): void {
    this.snapshot = this.freeze();
    for (const listener of this.listeners) listener();
  }

  // ---- repositories ------------------------------------------------------------------------

  private require(permission: Permission): Keys {
    if (!this.keys) throw new LockedError();
    if (this.oneTime) throw new PassphraseChangeRequiredError();
    assertCan(this.actor.role, permission);
    return this.keys;
  }

  /** The same check the repositories make, for the vault's admin functions (admin.ts). */
  authorize(permission: Permission): void {
    this.require(permission);
  }

  readonly houses = {
    put: async (house: House) => this.putPlain('house', house, 'operations', 'house.save'),
  };
  readonly rooms = {
    put: async (room: Room) => this.putPlain('room', room, 'operations', 'room.save'),
  };
  readonly beds = {
    put: async (bed: Bed) => this.putPlain('bed', bed, 'operations', 'bed.save'),
  };
  readonly partners = {
    put: async (partner: Partner) => this.putPlain('partner', partner, 'handoff', 'partner.save'),
  };

  readonly people = {
    get: (id: string): Person | undefined => this.state.people.get(id),
    list: (): Person[] => [...this.state.people.values()],
    put: async (person: Person): Promise<void> => {
      const keys = this.require('operations');
      const valid = personSchema.parse(person);
      const existing = this.personKeys.has(valid.id);
      await this.commit(this.personRecords(keys, valid), { action: existing ? 'person.update' : 'person.create', details: { person: valid.id } });
    },
    /**
     * Forgets people for good (crypto-shredding): their identity records stay in IndexedDB as
     * ciphertext, but the only key that opened them was wrapped under a people KEK that is
     * rotated away and overwritten in main's key file. Stay events (anonymous) stay, so the
     * statistics are unchanged.
     */
    forget: async (ids: readonly string[]): Promise<void> => {
      this.require('operations');
      const gone = new Set(ids.filter((id) => this.wrappedPersonKeys.has(id)));
      if (gone.size === 0) return;
      const rotating = rotatePeopleKek(this.keyFile);
      await this.deps.keyFiles.write(this.vaultId, rotating);
      this.keyFile = rotating;
      await this.rewrapPeople(gone, { action: 'person.forget', details: { count: gone.size } });
    },
  };

  /**
   * Several people and stay events in ONE page, so an import (spreadsheet or handoff bundle) lands
   * whole or not at all. The caller validates the rules (dry run) first; schemas are checked here.
   */
  readonly batch = {
    write: async (
      input: { people?: readonly Person[]; events?: readonly StayEvent[] },
      audit: { action: string; details: AuditEntry['details'] },
    ): Promise<void> => {
      const keys = this.require('operations');
      const records: StoredRecord[] = [];
      for (const person of input.people ?? []) records.push(...this.personRecords(keys, personSchema.parse(person)));
      for (const event of input.events ?? []) {
        const valid = RECORD_SCHEMAS.event.parse(event);
        records.push({ t: 'event', id: valid.id, v: valid });
      }
      await this.commit(records, audit);
    },
  };

  /** A person's identity sealed under their own key; a new person's key is wrapped and logged with it. */
  private personRecords(keys: Keys, person: Person): StoredRecord[] {
    const records: StoredRecord[] = [];
    const existing = this.personKeys.get(person.id);
    const personKey = existing ?? newPersonKey();
    try {
      if (!existing) {
        const wrapped = wrapPersonKey(this.deps.sodium, { vaultId: this.vaultId, personId: person.id, personKey, wrapKey: keys.peopleWrap });
        records.push({ t: 'personKey', id: person.id, v: toBase64(wrapped) });
      }
      const sealed = seal(this.deps.sodium, personKey, this.personAad(person.id), new TextEncoder().encode(JSON.stringify(person)));
      records.push({ t: 'person', id: person.id, v: toBase64(sealed) });
      return records;
    } finally {
      // A new key is copied into the log (wrapped); the session re-opens it from there when needed.
      if (!existing) this.deps.sodium.memzero(personKey);
    }
  }

  readonly events = {
    all: (): readonly StayEvent[] => this.state.events,
    /** Appends one stay event (arrival, transfer, departure, correction): history is never edited. */
    append: async (event: StayEvent): Promise<void> => {
      this.require('operations');
      const valid = RECORD_SCHEMAS.event.parse(event);
      await this.commit([{ t: 'event', id: valid.id, v: valid }], { action: `stay.${valid.type}`, details: { event: valid.id } });
    },
  };

  readonly users = {
    list: (): User[] => [...this.state.users.values()],
    get: (id: string): User | undefined => this.state.users.get(id),
    /** `action` names the change in the audit log, e.g. 'user.add', 'user.role-change', 'user.suspend'. */
    put: async (user: User, action: `user.${string}`): Promise<void> => {
      this.require('administration');
      const valid = RECORD_SCHEMAS.user.parse(user);
      await this.commit([{ t: 'user', id: valid.id, v: valid }], { action, details: { user: valid.id, role: valid.role, status: valid.status } });
    },
  };

  readonly security = {
    get: (): SecuritySettings => this.state.security,
    update: async (patch: Partial<SecuritySettings>): Promise<void> => {
      this.require('administration');
      const next = RECORD_SCHEMAS.security.parse({ ...this.state.security, ...patch });
      await this.commit([{ t: 'security', id: SECURITY_ID, v: next }], { action: 'security.change', details: {} });
    },
  };

  /** Which passphrase slot is the duress slot (admin.ts sets it; null when there is none). */
  readonly duress = {
    slotId: (): string | null => this.state.duressSlotId,
    set: async (slotId: string | null): Promise<void> => {
      this.require('administration');
      const v = RECORD_SCHEMAS.duress.parse({ slotId });
      await this.commit([{ t: 'duress', id: DURESS_ID, v }], { action: slotId ? 'duress.set' : 'duress.clear', details: {} });
    },
  };

  /**
   * The organisation's age identity and signing key, for staff and admin sessions only: an operator
   * session has no staff key, so it could not unwrap them even past this check (docs/threat-model.md §9).
   * The byte keys are the session's own copies and are zeroed on lock.
   */
  orgKeys(): OrgKeys {
    const keys = this.require('handoff');
    if (!this.openedOrgKeys) {
      if (!keys.staff || !this.state.orgKeys) throw new ForbiddenError('handoff');
      // A damaged record throws IntegrityError naming it (envelope.ts).
      this.openedOrgKeys = openOrgKeys(this.deps.sodium, keys.staff, this.vaultId, this.state.orgKeys);
    }
    return this.openedOrgKeys;
  }

  /** The payload of a new key slot for a user of `role` (copies of the keys; the caller zeroes it). */
  slotPayload(role: Role, oneTime: boolean): SlotPayload {
    if (!this.keys) throw new LockedError();
    const needsStaff = can(role, 'handoff');
    if (needsStaff && !this.keys.staff) throw new ForbiddenError('handoff');
    return { kind: 'keys', vaultKey: this.keys.vault.slice(), staffKey: needsStaff ? this.keys.staff!.slice() : undefined, oneTime };
  }

  /** Everything this session can read, in plain form, for re-sealing under a new vault key. */
  contentForRotation(): VaultContent {
    this.require('administration');
    if (this.state.damaged.length > 0) throw new DamagedVaultError();
    const s = this.state;
    const plain = <K extends RecordKind>(t: K, values: Iterable<unknown>): StoredRecord[] =>
      [...values].map((v) => ({ t, id: (v as { id: string }).id, v }));
    return {
      records: [
        ...plain('house', s.houses.values()),
        ...plain('room', s.rooms.values()),
        ...plain('bed', s.beds.values()),
        ...plain('partner', s.partners.values()),
        ...plain('user', s.users.values()),
        ...plain('event', s.events),
        { t: 'settings', id: SETTINGS_ID, v: s.settings },
        { t: 'security', id: SECURITY_ID, v: s.security },
      ],
      people: [...s.people.values()],
      audit: [...s.audit],
      orgKeys: this.orgKeys(),
    };
  }

  readonly settings = {
    get: (): Settings => this.state.settings,
    update: async (patch: Partial<Settings>): Promise<void> => {
      this.require('administration');
      const next = RECORD_SCHEMAS.settings.parse({ ...this.state.settings, ...patch });
      await this.commit([{ t: 'settings', id: SETTINGS_ID, v: next }], { action: 'settings.change', details: {} });
    },
  };

  readonly audit = {
    entries: (): readonly AuditEntry[] => this.state.audit,
    verify: (): ChainProblem[] => {
      this.require('administration');
      return verifyChain(this.deps.sodium, this.state.audit);
    },
  };

  /** Admin health check: every item that failed to decrypt or validate, by opaque id. */
  health(): readonly DamagedItem[] {
    this.require('administration');
    return this.state.damaged;
  }

  // ---- writing -----------------------------------------------------------------------------

  private async putPlain<K extends 'house' | 'room' | 'bed' | 'partner'>(
    t: K,
    value: unknown,
    permission: Permission,
    action: string,
  ): Promise<void> {
    this.require(permission);
    const valid = RECORD_SCHEMAS[t].parse(value) as { id: string };
    await this.commit([{ t, id: valid.id, v: valid }], { action, details: { [t]: valid.id } });
  }

  private sealedOrgKeysRecord(orgKeys: OrgKeys): StoredRecord {
    const staff = this.keys?.staff;
    if (!staff) throw new ForbiddenError('handoff');
    return { t: 'orgKeys', id: ORG_KEYS_ID, v: toBase64(sealOrgKeys(this.deps.sodium, staff, this.vaultId, orgKeys)) };
  }

  /** Records an audited action with no data change (unlock, export, ...). */
  async recordAudit(action: string, details: AuditEntry['details'] = {}): Promise<void> {
    if (!this.keys) throw new LockedError();
    await this.commit([], { action, details });
  }

  /** One page, one transaction: the change and its audit entry land together or not at all. */
  private async commit(records: StoredRecord[], audit: { action: string; details: AuditEntry['details'] }, at?: string): Promise<void> {
    const all = [...records, this.auditRecord(audit, at)];
    this.writing += 1;
    try {
      await this.log.append(all);
    } finally {
      this.writing -= 1;
    }
    for (const record of all) this.apply(record);
    this.openPeople(new Set(records.filter((r) => r.t === 'person' || r.t === 'personKey').map((r) => r.id)));
    this.changed();
  }

  /** The next audit entry, chained and sealed. */
  private auditRecord(audit: { action: string; details: AuditEntry['details'] }, at?: string): StoredRecord {
    const keys = this.keys;
    if (!keys) throw new LockedError();
    const entry = chainEntry(this.deps.sodium, this.state.audit.at(-1), {
      at: at ?? this.deps.now().toISOString(),
      actorId: this.actor.id,
      action: audit.action,
      details: audit.details,
    });
    auditEntrySchema.parse(entry);
    const sealedEntry = seal(this.deps.sodium, keys.audit, this.auditAad(entry.seq), new TextEncoder().encode(JSON.stringify(entry)));
    return { t: 'audit', id: String(entry.seq), v: toBase64(sealedEntry) };
  }

  // ---- reading -----------------------------------------------------------------------------

  private personAad(personId: string): ItemAad {
    return { vaultId: this.vaultId, store: PEOPLE_STORE, itemId: personId, version: SEALED_FORMAT };
  }

  private auditAad(seq: number): ItemAad {
    return { vaultId: this.vaultId, store: AUDIT_STORE, itemId: String(seq), version: SEALED_FORMAT };
  }

  private async load(): Promise<void> {
    const { records, damaged } = await this.log.readAll();
    this.state.damaged.push(...damaged);
    // A page's audit entry follows its records, so the first entry after a person's first record
    // dates the page that created them (imports write many people under one entry).
    let undated: string[] = [];
    for (const record of records) {
      const entries = this.state.audit.length;
      this.apply(record);
      if (record.t === 'person' && !record.del && !this.personCreated.has(record.id)) undated.push(record.id);
      const entry = this.state.audit.length > entries ? this.state.audit.at(-1) : undefined;
      if (entry && undated.length > 0) {
        for (const id of undated) if (!this.personCreated.has(id)) this.personCreated.set(id, entry.at);
        undated = [];
      }
    }
    // A vault re-sealed under a new key (seed) writes its people before the old entries: their own
    // person.create entry, when there is one, is the better date.
    for (const entry of this.state.audit) {
      const id = entry.details['person'];
      if (entry.action === 'person.create' && typeof id === 'string') this.personCreated.set(id, entry.at);
    }
    this.openPeople();
    this.state.audit.sort((a, b) => a.seq - b.seq);
    this.changed();
  }

  private damaged(store: string, itemId: string, reason: string): void {
    this.state.damaged.push({ store, itemId, reason });
  }

  /** Applies one stored record to the in-memory state; a record that fails its checks is reported, not applied. */
  private apply(record: StoredRecord): void {
    const keys = this.keys!;
    if (!isRecordKind(record.t)) return this.damaged(record.t, record.id, 'unknown record kind');
    const kind: RecordKind = record.t;
    if (record.del) return this.applyDeletion(kind, record.id);
    const parsed = RECORD_SCHEMAS[kind].safeParse(record.v);
    if (!parsed.success) return this.damaged(kind, record.id, 'content is malformed');
    const value = parsed.data;
    const s = this.state;
    switch (kind) {
      case 'house':
        s.houses.set(record.id, value as House);
        break;
      case 'room':
        s.rooms.set(record.id, value as Room);
        break;
      case 'bed':
        s.beds.set(record.id, value as Bed);
        break;
      case 'partner':
        s.partners.set(record.id, value as Partner);
        break;
      case 'user':
        s.users.set(record.id, value as User);
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
        s.orgKeys = fromBase64(value as string);
        break;
      case 'event':
        insertSorted(s.events, value as StayEvent);
        break;
      case 'personKey':
        this.dropPersonKey(record.id);
        this.wrappedPersonKeys.set(record.id, fromBase64(value as string));
        break;
      case 'person':
        this.sealedPeople.set(record.id, fromBase64(value as string));
        break;
      case 'audit': {
        try {
          const plain = open(this.deps.sodium, keys.audit, this.auditAad(Number(record.id)), fromBase64(value as string));
          s.audit.push(auditEntrySchema.parse(JSON.parse(new TextDecoder().decode(plain))));
        } catch {
          this.damaged(AUDIT_STORE, record.id, 'ciphertext does not authenticate');
        }
        break;
      }
    }
  }

  /** Only forgetting deletes records (a person's identity and key); everything else is append-only. */
  private applyDeletion(kind: RecordKind, id: string): void {
    if (kind === 'personKey') {
      this.dropPersonKey(id);
      this.wrappedPersonKeys.delete(id);
    } else if (kind === 'person') {
      this.sealedPeople.delete(id);
      this.state.people.delete(id);
    } else this.damaged(kind, id, 'deletion of an append-only record');
  }

  private dropPersonKey(id: string): void {
    const key = this.personKeys.get(id);
    if (key) this.deps.sodium.memzero(key);
    this.personKeys.delete(id);
  }

  /**
   * Opens the identities of the given people (all when omitted) with their current keys. Runs after
   * the whole log is read, because a person's key may be re-wrapped in a later page than their record.
   */
  private openPeople(ids: Iterable<string> = this.sealedPeople.keys()): void {
    if (!this.opensIdentities) return;
    const keys = this.keys!;
    const people = this.state.people;
    for (const id of ids) {
      const sealed = this.sealedPeople.get(id);
      const wrapped = this.wrappedPersonKeys.get(id);
      if (!sealed || !wrapped) {
        people.delete(id);
        continue;
      }
      let key = this.personKeys.get(id);
      if (!key) {
        try {
          key = unwrapPersonKey(this.deps.sodium, { vaultId: this.vaultId, personId: id, wrapped, wrapKey: keys.peopleWrap });
        } catch {
          // Wrapped under a people KEK that no longer exists: this person was forgotten.
          people.delete(id);
          continue;
        }
        this.personKeys.set(id, key);
      }
      try {
        const plain = open(this.deps.sodium, key, this.personAad(id), sealed);
        people.set(id, readPerson(JSON.parse(new TextDecoder().decode(plain)), () => this.createdAt(id)));
      } catch (error) {
        people.delete(id);
        this.damaged(PEOPLE_STORE, id, error instanceof IntegrityError ? 'ciphertext does not authenticate' : 'content is malformed');
      }
    }
  }

  /** When a person was first written; a person with no dated page falls back to the vault's first entry. */
  private createdAt(personId: string): string {
    return this.personCreated.get(personId) ?? this.state.audit[0]?.at ?? new Date(0).toISOString();
  }

  // ---- people-key rotation -----------------------------------------------------------------

  /** Re-wraps every remaining person key under the next people KEK, then commits the key file. */
  private async rewrapPeople(gone: ReadonlySet<string>, audit: { action: string; details: AuditEntry['details'] }): Promise<void> {
    const keys = this.keys!;
    const next = getNextPeopleKek(this.keyFile)!;
    const newWrap = personWrapKey(this.deps.sodium, keys.vault, next);
    const remaining = [...this.wrappedPersonKeys].filter(([id]) => !gone.has(id)).map(([personId, wrapped]) => ({ personId, wrapped }));
    const rewrapped = rewrapAll(this.deps.sodium, { vaultId: this.vaultId, oldWrapKey: keys.peopleWrap, newWrapKey: newWrap, items: remaining });
    const records: StoredRecord[] = rewrapped.map(({ personId, wrapped }) => ({ t: 'personKey', id: personId, v: toBase64(wrapped) }));
    for (const id of gone) records.push({ t: 'person', id, del: true }, { t: 'personKey', id, del: true });
    this.deps.sodium.memzero(keys.peopleWrap);
    keys.peopleWrap = newWrap;
    await this.commit(records, audit);
    const committed = commitPeopleKek(this.keyFile);
    await this.deps.keyFiles.write(this.vaultId, committed);
    this.keyFile = committed;
  }

  /** A crash between the key-file steps of a rotation is finished at the next unlock. */
  private async finishPeopleKeyRotation(): Promise<void> {
    await this.rewrapPeople(new Set(), { action: 'person.forget-resume', details: {} });
  }

  // ---- locking -----------------------------------------------------------------------------

  /**
   * Locks and records it (docs/security.md, "Locking"): the audit entry is sealed first, then every
   * key is zeroed at once, and only then is the sealed page written; the returned promise is that
   * write, which nothing about the lock waits for. While another write is under way the entry is
   * left out rather than risk two pages with one sequence number.
   */
  lockAndRecord(action: string, details: AuditEntry['details'] = {}): Promise<void> {
    const write = this.keys && this.writing === 0 ? this.log.sealLast([this.auditRecord({ action, details })]) : undefined;
    this.lock();
    return write ? write() : Promise.resolve();
  }

  /** Zeroes every key and drops every decrypted object; the session cannot be used again. */
  lock(): void {
    const { sodium } = this.deps;
    if (this.keys) for (const key of Object.values(this.keys)) sodium.memzero(key);
    for (const key of this.personKeys.values()) sodium.memzero(key);
    if (this.openedOrgKeys) zeroOrgKeys(sodium, this.openedOrgKeys);
    this.openedOrgKeys = undefined;
    this.keys = undefined;
    this.personKeys.clear();
    this.wrappedPersonKeys.clear();
    this.sealedPeople.clear();
    this.personCreated.clear();
    this.state = emptyState();
    this.snapshot = this.freeze();
    for (const listener of this.listeners) listener();
    this.listeners.clear();
  }

  /** The current key file (for slot management by the vault module). */
  get currentKeyFile(): KeyFile {
    return this.keyFile;
  }

  set currentKeyFile(keyFile: KeyFile) {
    this.keyFile = keyFile;
  }

  /** The vault key, for adding slots; never leaves the renderer's memory. */
  get vaultKey(): Uint8Array {
    if (!this.keys) throw new LockedError();
    return this.keys.vault;
  }
}

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
