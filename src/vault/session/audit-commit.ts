import { CHECKPOINT_ACTION, CHECKPOINT_EVERY, checkpointDetails } from '../../core/audit/checkpoint';
import { chainEntry } from '../../core/audit/chain';
import { open, seal, type ItemAad } from '../../core/crypto/envelope';
import type { Sodium } from '../../core/crypto/sodium';
import { auditEntrySchema, type AuditEntry } from '../../core/model/audit';
import type { User } from '../../core/model/user';
import type { PageLog, StoredRecord } from '../page-log';
import { checkedRecord } from '../records';
import type { KeyHolder } from './key-holder';
import type { PeopleKeyring } from './people-keyring';
import type { RecordDecoder } from './record-decoder';
import type { StateStore } from './state-store';

export const AUDIT_STORE = 'audit';
/** The actor id of a session opened with the recovery key (session.ts RECOVERY_ACTOR): it signs with the admin key. */
export const RECOVERY_ACTOR_ID = 'recovery';
const SEALED_FORMAT = 1;

/** An audited action: what the audit entry of a change says. */
export interface AuditAction {
  action: string;
  details: AuditEntry['details'];
}

function auditAad(vaultId: string, seq: number): ItemAad {
  return { vaultId, store: AUDIT_STORE, itemId: String(seq), version: SEALED_FORMAT };
}

/** An audit entry sealed under the audit subkey, as its log record. */
export function sealAuditEntry(sodium: Sodium, vaultId: string, auditKey: Uint8Array, entry: AuditEntry): StoredRecord {
  const sealed = seal(sodium, auditKey, auditAad(vaultId, entry.seq), new TextEncoder().encode(JSON.stringify(entry)));
  return { t: 'audit', id: String(entry.seq), v: sealed };
}

/** Opens and validates a sealed audit entry; throws when it does not authenticate or parse. */
export function openAuditEntry(sodium: Sodium, vaultId: string, auditKey: Uint8Array, id: string, sealed: Uint8Array): AuditEntry {
  const plain = open(sodium, auditKey, auditAad(vaultId, Number(id)), sealed);
  return auditEntrySchema.parse(JSON.parse(new TextDecoder().decode(plain)));
}

/**
 * The one write path: every change is checked (records.ts checkedRecord), appended as one page
 * together with its chained, sealed audit entry (one transaction), then applied to the state and announced.
 */
export class AuditCommit {
  /** Commits under way: a lock's audit entry is recorded only when none is, so the chain stays whole. */
  private writing = 0;
  private idleWaiters: (() => void)[] = [];
  /** Set once this session found the chain sound (session.recordCheckpoint): a checkpoint never vouches for damage. */
  checkedSound = false;

  constructor(
    private readonly sodium: Sodium,
    private readonly vaultId: string,
    private readonly keys: KeyHolder,
    private readonly store: StateStore,
    private readonly keyring: PeopleKeyring,
    private readonly decoder: RecordDecoder,
    private readonly log: PageLog,
    private readonly actor: () => User,
    private readonly now: () => Date,
  ) {}

  get idle(): boolean {
    return this.writing === 0;
  }

  /** Settles when no commit is under way (at once when none is). */
  whenIdle(): Promise<void> {
    return this.idle ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * One page, one transaction: the change and its audit entry land together or not at all. A session
   * holding the admin seed adds a checkpoint entry whenever the chain reaches a multiple of CHECKPOINT_EVERY.
   */
  async commit(records: StoredRecord[], audit: AuditAction, at?: string): Promise<void> {
    const entries = [this.nextEntry(this.store.state.audit.at(-1), audit, at)];
    if (this.checkedSound && (this.store.state.audit.length + 1) % CHECKPOINT_EVERY === 0) {
      const checkpoint = this.checkpointAction([...this.store.state.audit, entries[0]!]);
      if (checkpoint) entries.push(this.nextEntry(entries[0], checkpoint));
    }
    const all = [...records, ...entries.map((entry) => this.seal(entry))].map(checkedRecord);
    this.writing += 1;
    try {
      await this.log.append(all);
    } finally {
      this.writing -= 1;
      if (this.idle) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    for (const record of all) this.decoder.apply(record, true);
    this.keyring.afterWrite(new Set(records.filter((r) => r.t === 'person' || r.t === 'personKey').map((r) => r.id)));
    this.store.changed();
  }

  /** The next audit entry, chained, signed and sealed, as its log record. */
  auditRecord(audit: AuditAction, at?: string): StoredRecord {
    return this.seal(this.nextEntry(this.store.state.audit.at(-1), audit, at));
  }

  /**
   * A checkpoint over `entries` (docs/threat-model.md "Insiders"), signed with the admin seed; undefined
   * without it. Admin sessions write one at unlock and every CHECKPOINT_EVERY entries.
   */
  checkpointAction(entries: readonly AuditEntry[] = this.store.state.audit): AuditAction | undefined {
    const { adminSeed } = this.keys.signing;
    const details = adminSeed && checkpointDetails(this.sodium, adminSeed, entries);
    return details ? { action: CHECKPOINT_ACTION, details } : undefined;
  }

  /**
   * A checkpoint over the chain so far for a session that found it sound (every entry since is its
   * own), for its lock entry: the next admin unlock then verifies signatures only after it.
   */
  checkpointIfSound(): AuditEntry['details'] {
    return (this.checkedSound && this.checkpointAction()?.details) || {};
  }

  /** Chained after `previous` and signed by its author: the user's seed, or the admin seed for the recovery key. */
  private nextEntry(previous: AuditEntry | undefined, audit: AuditAction, at?: string): AuditEntry {
    const actor = this.actor();
    const { userSeed, adminSeed } = this.keys.signing;
    const entry = chainEntry(
      this.sodium,
      previous,
      { at: at ?? this.now().toISOString(), actorId: actor.id, action: audit.action, details: audit.details },
      actor.id === RECOVERY_ACTOR_ID ? adminSeed : userSeed,
    );
    return auditEntrySchema.parse(entry);
  }

  private seal(entry: AuditEntry): StoredRecord {
    return sealAuditEntry(this.sodium, this.vaultId, this.keys.get().audit, entry);
  }
}
