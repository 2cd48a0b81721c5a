import type { KeyFile } from '../core/crypto/keyfile';
import { sealOrgKeys, type OrgKeys } from '../core/crypto/org-keys';
import type { SlotPayload } from '../core/crypto/slots';
import type { Sodium } from '../core/crypto/sodium';
import type { AuditEntry } from '../core/model/audit';
import type { Person } from '../core/model/person';
import type { Settings } from '../core/model/settings';
import type { Role, User } from '../core/model/user';
import { assertCan, ForbiddenError, type Permission } from '../core/roles';
import { signUser } from '../core/crypto/signed-user';
import { getNextPeopleKek } from '../core/crypto/keyfile';
import type { SnapshotRow, VaultDb } from './db';
import type { KeyFileAccess } from './keyfile-access';
import { PageLog, type DamagedItem, type StoredRecord } from './page-log';
import { checkedRecord, DEFAULT_SECURITY, ORG_KEYS_ID, SECURITY_ID, SETTINGS_ID, type RecordKind } from './records';
import { auditRepository } from './repositories/audit';
import { eventRepository } from './repositories/events';
import { bedRepository, houseRepository, roomRepository } from './repositories/layout';
import { partnerRepository } from './repositories/partners';
import { availabilityRepository } from './repositories/availability';
import { batchRepository, peopleRepository } from './repositories/people';
import type { RepositoryContext } from './repositories/record-writer';
import { draftRepository } from './repositories/drafts';
import { duressRepository, securityRepository, settingsRepository } from './repositories/settings';
import { userRepository } from './repositories/users';
import { AuditCommit, sealAuditEntry, type AuditAction } from './session/audit-commit';
import { KeyHolder, type SigningKeys } from './session/key-holder';
import { finishPeopleKekRotation, forgetPeople, type PeopleKekRotationContext } from './session/people-kek-rotation';
import { PeopleKeyring } from './session/people-keyring';
import { RecordDecoder } from './session/record-decoder';
import { rotationPending, StateStore } from './session/state-store';
import { SnapshotKeeper } from './snapshot/keeper';
import type { Profile } from '../core/practice/profile';
import { DamagedVaultError, LockedError, PassphraseChangeRequiredError, RotationPendingError, UserUnreadableError } from './errors';

export { rotationPending, type VaultState } from './session/state-store';
export { compareEvents } from './session/record-decoder';

/**
 * An unlocked vault, as one façade over its parts (docs/architecture.md, "The vault"): the key
 * holder (session/key-holder.ts), the state React subscribes to (state-store.ts), the people keyring,
 * the record decoder, the audit-chain commit, and one repository per record kind (repositories/).
 * Every write is validated, role-checked, sealed and appended as one page with its audit entry;
 * lock() zeroes every key and drops every decrypted object.
 */
export interface SessionDeps {
  db: VaultDb;
  sodium: Sodium;
  keyFiles: KeyFileAccess;
  now(): Date;
  /** Which vault this is (core/practice/profile.ts); absent: the real one. */
  profile?: Profile;
}

/** Who acts in a session opened with the recovery key, until a user sets a new passphrase. */
export const RECOVERY_ACTOR: User = Object.freeze({ id: 'recovery', name: 'Recovery key', role: 'admin', status: 'active' });

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
  /** From the slot that opened the vault; the session owns (and zeroes) the seeds. */
  signing: SigningKeys;
  snapshotRows?: Promise<SnapshotRow[] | undefined>; // read while the KDF ran (snapshot/sealed.ts readRowsAhead)
}

export class Session {
  private readonly keys: KeyHolder;
  private readonly store: StateStore;
  private readonly keyring: PeopleKeyring;
  private readonly decoder: RecordDecoder;
  private readonly writer: AuditCommit;
  private readonly log: PageLog;
  private readonly rotation: PeopleKekRotationContext;
  /** The sealed snapshot of this vault's state (snapshot/keeper.ts); the occupancy store plugs its fold in. */
  readonly snapshots: SnapshotKeeper;

  readonly subscribe: StateStore['subscribe'];
  readonly getSnapshot: StateStore['getSnapshot'];
  readonly houses;
  readonly rooms;
  readonly beds;
  readonly partners;
  readonly availability;
  readonly people;
  readonly batch;
  readonly events;
  readonly users;
  readonly settings;
  readonly security;
  readonly duress;
  readonly audit;
  readonly drafts;

  private constructor(
    private readonly deps: SessionDeps,
    readonly vaultId: string,
    { vaultKey, staffKey, keyFile, signing, snapshotRows }: Omit<OpenArgs, 'deps' | 'vaultId'>,
    private actor: User,
    /** Opened with a one-time passphrase: every repository refuses until the user has chosen their own. */
    private readonly oneTime: boolean,
  ) {
    const { sodium } = deps;
    this.keys = new KeyHolder(sodium, vaultId, vaultKey, staffKey, keyFile, signing);
    this.store = new StateStore();
    this.keyring = new PeopleKeyring(sodium, vaultId, this.keys, this.store, () => this.writer.whenIdle());
    this.decoder = new RecordDecoder(sodium, vaultId, this.keys, this.store, this.keyring);
    const witness = { lastSeq: keyFile.lastSeq, advance: (lastSeq: number) => deps.keyFiles.advance(vaultId, lastSeq) };
    this.log = new PageLog(deps.db, sodium, vaultId, this.keys.get().records, undefined, witness);
    this.snapshots = new SnapshotKeeper(deps.db, sodium, vaultId, () => this.keys.get().records, this.store, this.keyring, () => this.now(), () => this.snapshotIfDue(), snapshotRows);
    this.writer = new AuditCommit(sodium, vaultId, this.keys, this.store, this.keyring, this.decoder, this.log, () => this.actor, deps.now);
    const commit = (records: StoredRecord[], audit: AuditAction) => this.writer.commit(records, audit).then(() => this.snapshotIfDue());
    this.rotation = { vaultId, keys: this.keys, keyring: this.keyring, keyFiles: deps.keyFiles, commit };
    const guarded = (records: StoredRecord[], audit: AuditAction) => {
      this.assertWritable(records);
      return commit(records, audit);
    };
    const ctx: RepositoryContext = { require: (permission) => void this.require(permission), state: () => this.store.state, commit: guarded };
    this.subscribe = this.store.subscribe;
    this.getSnapshot = this.store.getSnapshot;
    this.houses = houseRepository(ctx);
    this.rooms = roomRepository(ctx);
    this.beds = bedRepository(ctx);
    this.partners = partnerRepository(ctx);
    this.availability = availabilityRepository(ctx);
    this.people = peopleRepository(ctx, this.keyring, (gone) => forgetPeople(this.rotation, gone));
    this.batch = batchRepository(ctx, this.keyring);
    this.events = eventRepository(ctx);
    this.users = userRepository(ctx, (user, previous) => this.signUser(user, previous));
    this.settings = settingsRepository(ctx);
    this.security = securityRepository(ctx);
    this.duress = duressRepository(ctx);
    this.audit = auditRepository(ctx, sodium, () => this.keys.signing);
    this.drafts = draftRepository(ctx);
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
    session.keyring.opensIdentities = !args.oneTime && args.userId !== undefined;
    await session.decoder.load(session.log, session.snapshots);
    if (args.userId !== undefined) {
      const user = session.store.state.users.get(args.userId);
      if (!user || user.status !== 'active') {
        const damaged = session.store.state.damaged.length > 0;
        session.lock();
        throw damaged ? new UserUnreadableError() : new LockedError();
      }
      session.actor = user;
    }
    if (getNextPeopleKek(session.keys.keyFile)) await finishPeopleKekRotation(session.rotation);
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
    await session.writer.commit(
      [
        { t: 'user', id: args.admin.id, v: session.signUser(args.admin, undefined) },
        { t: 'settings', id: SETTINGS_ID, v: args.settings },
        { t: 'security', id: SECURITY_ID, v: DEFAULT_SECURITY },
        session.sealedOrgKeysRecord(args.orgKeys),
      ],
      { action: 'vault.create', details: {} },
      args.createdAt,
    );
    session.writer.checkedSound = true; // the whole chain is its own, so sound: it checkpoints as an admin's does after unlock
    return session;
  }

  /**
   * A vault filled from another one's content (vault-key rotation): every record re-sealed under the
   * new keys (people under fresh person keys), written as bulk pages, then the rotation's own entry.
   */
  static async seed(args: OpenArgs & { actor: User; content: VaultContent; audit: AuditAction; chainSound: boolean }): Promise<Session> {
    const session = new Session(args.deps, args.vaultId, args, args.actor, false);
    const { sodium } = args.deps;
    const auditKey = session.keys.get().audit;
    // Users are signed again by the new generation's admin key (the old one may have left with a removed admin).
    const resigned = args.content.records.map((r) => (r.t === 'user' ? { ...r, v: session.signUser(r.v as User, undefined) } : r));
    const all: StoredRecord[] = [...resigned, session.sealedOrgKeysRecord(args.content.orgKeys)];
    for (const person of args.content.people) all.push(...session.keyring.freshRecords(person));
    for (const entry of args.content.audit) all.push(sealAuditEntry(sodium, args.vaultId, auditKey, entry));
    const records = all.map(checkedRecord);
    await session.log.appendBulk(records);
    for (const record of records) session.decoder.apply(record, true);
    session.keyring.openPeople();
    session.store.state.audit.sort((a, b) => a.seq - b.seq);
    // The rotation's entry checkpoints the carried chain under the new admin key (when the old
    // session found it sound): older checkpoints, signed by the old key, are vouched for by it.
    session.writer.checkedSound = args.chainSound;
    const checkpoint = args.chainSound ? session.writer.checkpointAction()?.details : undefined;
    await session.writer.commit([], { ...args.audit, details: { ...args.audit.details, ...checkpoint } });
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

  get profile(): Profile {
    return this.deps.profile ?? 'real';
  }

  get isLocked(): boolean {
    return this.keys.isZeroed;
  }

  // ---- checks ------------------------------------------------------------------------------

  private require(permission: Permission): void {
    this.keys.get();
    if (this.oneTime) throw new PassphraseChangeRequiredError();
    assertCan(this.actor.role, permission);
  }

  /** Whether the vault waits for a vault-key rotation (state-store.ts). */
  get rotationPending(): boolean {
    return rotationPending(this.store.state);
  }

  /**
   * While a rotation is pending nothing new is sealed under the old vault key: only user records
   * (removing, suspending, demoting someone else), deletions and audit entries pass.
   */
  private assertWritable(records: readonly StoredRecord[]): void {
    if (this.rotationPending && records.some((r) => r.t !== 'user' && !r.del)) throw new RotationPendingError();
  }

  /** The same check the repositories make, for the vault's services (services/). */
  authorize(permission: Permission): void {
    this.require(permission);
  }

  /**
   * The organisation's age identity and signing key, for staff and admin sessions only: an operator
   * session has no staff key, so it could not unwrap them even past this check (docs/threat-model.md §9).
   * The byte keys are the session's own copies and are zeroed on lock.
   */
  orgKeys(): OrgKeys {
    this.require('handoff');
    return this.keys.orgKeys(this.store.state.orgKeys);
  }

  /** The payload of a new key slot for a user of `role` (key-holder.ts; the caller zeroes it). */
  slotPayload(role: Role, oneTime: boolean, userSeed: Uint8Array | undefined): SlotPayload {
    return this.keys.slotPayload(role, oneTime, userSeed);
  }

  /** The signing keys this session opened with (key-holder.ts). */
  get signing(): Readonly<SigningKeys> {
    return this.keys.signing;
  }

  /**
   * The details of an admin checkpoint over the audit chain so far (core/audit/checkpoint.ts), for the
   * unlock entry of an admin: only when the quick check finds the chain sound, so a checkpoint never
   * vouches for damage (the admin sees it in the audit screen instead). Empty without the admin seed.
   */
  checkpointDetails(): AuditEntry['details'] {
    if (!this.keys.signing.adminSeed || this.audit.check({ quick: true }).problems.length > 0) return {};
    this.writer.checkedSound = true;
    return this.writer.checkpointIfSound();
  }

  /** Everything this session can read, in plain form, for re-sealing under a new vault key (every identity open first). */
  async contentForRotation(): Promise<VaultContent> {
    this.require('administration');
    await this.keyring.whenOpen();
    const s = this.store.state;
    if (s.damaged.length > 0) throw new DamagedVaultError();
    const plain = <K extends RecordKind>(t: K, values: Iterable<unknown>) => [...values].map((v): StoredRecord => ({ t, id: (v as { id: string }).id, v }));
    return {
      records: [
        ...plain('house', s.houses.values()),
        ...plain('room', s.rooms.values()),
        ...plain('bed', s.beds.values()),
        ...plain('partner', s.partners.values()),
        ...plain('availability', s.availability.values()),
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

  /** Admin health check: every item that failed to decrypt or validate, by opaque id. */
  health(): readonly DamagedItem[] {
    this.require('administration');
    return this.store.state.damaged;
  }

  // ---- writing -----------------------------------------------------------------------------

  /**
   * A user record signed with the admin key (core/crypto/signed-user.ts). A vault made before
   * signatures has no admin key and keeps writing unsigned records until its key is rotated.
   */
  private signUser(user: User, previous: User | undefined): User {
    const { adminSeed, adminPublicKey } = this.keys.signing;
    if (adminSeed) return signUser(this.deps.sodium, adminSeed, user, previous);
    if (adminPublicKey !== undefined) throw new ForbiddenError('administration');
    return user;
  }

  private sealedOrgKeysRecord(orgKeys: OrgKeys): StoredRecord {
    const staff = this.keys.get().staff;
    if (!staff) throw new ForbiddenError('handoff');
    return { t: 'orgKeys', id: ORG_KEYS_ID, v: sealOrgKeys(this.deps.sodium, staff, this.vaultId, orgKeys) };
  }

  /** Records an audited action with no data change (unlock, export, ...). */
  async recordAudit(action: string, details: AuditEntry['details'] = {}): Promise<void> {
    this.keys.get();
    await this.writer.commit([], { action, details });
  }

  // ---- locking -----------------------------------------------------------------------------

  /**
   * Locks and records it (docs/security.md, "Locking"): the audit entry is sealed first, then every
   * key is zeroed at once, and only then is the sealed page written; the returned promise is that
   * write, which nothing about the lock waits for. `drafts` (sealed by drafts.ts) go in the same
   * page. No snapshot is sealed here (one under way is dropped): the keys go at once at any size.
   * While another write is under way the page is left out rather than risk two pages with one sequence number.
   */
  lockAndRecord(action: string, details: AuditEntry['details'] = {}, drafts: readonly StoredRecord[] = []): Promise<void> {
    // Drafts are new content too: while a rotation is pending they are not sealed under the old key.
    const kept = !this.keys.isZeroed && this.rotationPending ? [] : drafts;
    const ready = !this.keys.isZeroed && this.writer.idle;
    const write = ready ? this.log.sealLast([...kept, this.writer.auditRecord({ action, details: { ...details, ...this.writer.checkpointIfSound() } })].map(checkedRecord)) : undefined;
    this.lock();
    return write ? write() : Promise.resolve();
  }

  /** After a write, a snapshot when due (snapshot/keeper.ts): not while a rotation is pending, and only between writes, so the state copied and the head's position agree. */
  private snapshotIfDue(): void {
    if (this.keys.isZeroed || this.rotationPending || !this.writer.idle) return;
    this.snapshots.sealInBackground(this.log.position(), () => !this.keys.isZeroed);
  }

  /** Zeroes every key and drops every decrypted object; the session cannot be used again. */
  lock(): void {
    this.keys.zero();
    this.keyring.zero();
    this.store.clear();
  }

  /** The current key file (for slot management by the vault's services). */
  get currentKeyFile(): KeyFile {
    return this.keys.keyFile;
  }

  set currentKeyFile(keyFile: KeyFile) {
    this.keys.keyFile = keyFile;
  }

  /** The vault key, for adding slots; never leaves the renderer's memory. */
  get vaultKey(): Uint8Array {
    return this.keys.get().vault;
  }
}
