import type { AuditEntry } from '../../core/model/audit';
import type { Bed, House, Room } from '../../core/model/house';
import type { Partner } from '../../core/model/partner';
import type { ReceivedAvailability } from '../../core/network/received';
import type { Person } from '../../core/model/person';
import { DEFAULT_SETTINGS, type Settings } from '../../core/model/settings';
import type { StayEvent } from '../../core/model/stay-event';
import type { User } from '../../core/model/user';
import type { DamagedItem } from '../page-log';
import { DEFAULT_SECURITY, type SecuritySettings } from '../records';
import type { ArchiveStatus } from '../snapshot/archive';

/** What React reads: an immutable snapshot of the decrypted vault. */
export interface VaultState {
  /** Bumped on every change, so React can tell snapshots apart cheaply. */
  version: number;
  houses: ReadonlyMap<string, House>;
  rooms: ReadonlyMap<string, Room>;
  beds: ReadonlyMap<string, Bed>;
  partners: ReadonlyMap<string, Partner>;
  /** The newest availability report of each sibling, by its partner id. */
  availability: ReadonlyMap<string, ReceivedAvailability>;
  users: ReadonlyMap<string, User>;
  people: ReadonlyMap<string, Person>;
  /**
   * 'opening' while the identities are still being opened after the unlock (people-keyring.ts
   * openInBackground): `people` is incomplete, so screens say so rather than show nobody.
   */
  identities: Identities;
  events: readonly StayEvent[];
  settings: Settings;
  security: SecuritySettings;
  audit: readonly AuditEntry[];
  damaged: readonly DamagedItem[];
  /** Older histories left unread at the unlock (snapshot/archive.ts); undefined: every event is in `events`. */
  archive: ArchiveStatus | undefined;
}

/** Whether every identity this session opens is open ('open' too in a session that opens none). */
export type Identities = 'opening' | 'open';

/**
 * A user was removed, suspended or demoted since the last vault-key rotation (their signed record
 * says so), or a user record was refused (it may have been such a change, stripped offline): keys
 * that user may have copied still open the vault, so it takes no new data (docs/threat-model.md §24).
 */
export function rotationPending(state: Pick<VaultState, 'users' | 'damaged'>): boolean {
  return [...state.users.values()].some((u) => u.rotationPending) || state.damaged.some((d) => d.store === 'user');
}

/** The decrypted state as the session changes it (record-decoder.ts writes here). */
export interface MutableState {
  houses: Map<string, House>;
  rooms: Map<string, Room>;
  beds: Map<string, Bed>;
  partners: Map<string, Partner>;
  availability: Map<string, ReceivedAvailability>;
  users: Map<string, User>;
  people: Map<string, Person>;
  identities: Identities;
  events: StayEvent[];
  settings: Settings;
  security: SecuritySettings;
  duressSlotId: string | null;
  /** The sealed organisation keys (opened on demand by the key holder). */
  orgKeys: Uint8Array | undefined;
  audit: AuditEntry[];
  damaged: DamagedItem[];
  archive: ArchiveStatus | undefined;
  /** Sealed drafts by id (only src/vault/drafts.ts opens them, for their own user); not in the snapshot. */
  drafts: Map<string, Uint8Array>;
}

const emptyState = (): MutableState => ({
  houses: new Map(),
  rooms: new Map(),
  beds: new Map(),
  partners: new Map(),
  availability: new Map(),
  users: new Map(),
  people: new Map(),
  identities: 'open',
  events: [],
  settings: DEFAULT_SETTINGS,
  security: DEFAULT_SECURITY,
  duressSlotId: null,
  orgKeys: undefined,
  audit: [],
  damaged: [],
  archive: undefined,
  drafts: new Map(),
});

/**
 * The external store React subscribes to (useSyncExternalStore): the mutable state, a frozen
 * snapshot of it that changes identity on every change, and the listeners.
 */
export class StateStore {
  state: MutableState = emptyState();
  private snapshot: VaultState;
  private version = 0;
  private listeners = new Set<() => void>();

  constructor() {
    this.snapshot = this.freeze();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): VaultState => this.snapshot;

  /** A new snapshot, announced to every listener. */
  changed(): void {
    this.snapshot = this.freeze();
    for (const listener of this.listeners) listener();
  }

  /** Drops every decrypted object, announces the empty state once, and forgets the listeners. */
  clear(): void {
    this.state = emptyState();
    this.changed();
    this.listeners.clear();
  }

  private freeze(): VaultState {
    const s = this.state;
    return Object.freeze({
      version: ++this.version,
      houses: s.houses,
      rooms: s.rooms,
      beds: s.beds,
      partners: s.partners,
      availability: s.availability,
      users: s.users,
      people: s.people,
      identities: s.identities,
      events: s.events,
      settings: s.settings,
      security: s.security,
      audit: s.audit,
      damaged: s.damaged,
      archive: s.archive,
    });
  }
}
