import { fromBase64, toBase64 } from '../../core/crypto/bytes';
import { subkey, SubkeyPurpose } from '../../core/crypto/kdf';
import { getPeopleKek, type KeyFile } from '../../core/crypto/keyfile';
import { openOrgKeys, zeroOrgKeys, type OrgKeys } from '../../core/crypto/org-keys';
import { personWrapKey } from '../../core/crypto/people-keys';
import type { KeysPayload, SlotPayload } from '../../core/crypto/slots';
import type { Sodium } from '../../core/crypto/sodium';
import type { Role } from '../../core/model/user';
import { can, ForbiddenError } from '../../core/roles';
import { LockedError } from '../errors';

/**
 * The signing keys a slot opened with (docs/threat-model.md "Insiders"): the user's own audit seed, the
 * admin seed (admin and recovery slots), and the admin public key this user trusts. A vault made
 * before signatures has none of them.
 */
export interface SigningKeys {
  userSeed?: Uint8Array;
  adminSeed?: Uint8Array;
  adminPublicKey?: string;
}

/** The signing keys in an opened slot's payload; the session that receives them owns the seeds. */
export function signingOf(payload: KeysPayload): SigningKeys {
  return {
    ...(payload.userSeed && { userSeed: payload.userSeed }),
    ...(payload.adminSeed && { adminSeed: payload.adminSeed }),
    ...(payload.adminPublicKey && { adminPublicKey: toBase64(payload.adminPublicKey) }),
  };
}

/** The keys of an unlocked session, in memory only. */
export interface Keys {
  vault: Uint8Array;
  records: Uint8Array;
  audit: Uint8Array;
  peopleWrap: Uint8Array;
  /** Only in staff, admin and recovery sessions (docs/threat-model.md §9). */
  staff?: Uint8Array;
}

/**
 * Key custody for one session: the vault key and the subkeys derived from it, the staff key, the
 * organisation keys once opened, and the current key file. zero() wipes every byte at once; after it
 * every use throws LockedError.
 */
export class KeyHolder {
  private keys: Keys | undefined;
  private openedOrgKeys: OrgKeys | undefined;
  private signingKeys: SigningKeys;

  constructor(
    private readonly sodium: Sodium,
    readonly vaultId: string,
    vaultKey: Uint8Array,
    staffKey: Uint8Array | undefined,
    /** The current key file: slot secrets, recovery secret, people KEKs (main keeps it on disk). */
    public keyFile: KeyFile,
    signing: SigningKeys,
  ) {
    this.signingKeys = signing;
    this.keys = {
      vault: vaultKey,
      records: subkey(sodium, vaultKey, SubkeyPurpose.records),
      audit: subkey(sodium, vaultKey, SubkeyPurpose.audit),
      peopleWrap: personWrapKey(sodium, vaultKey, getPeopleKek(keyFile)),
      ...(staffKey ? { staff: staffKey } : {}),
    };
  }

  get isZeroed(): boolean {
    return this.keys === undefined;
  }

  /** The keys, or LockedError once zeroed. */
  get(): Keys {
    if (!this.keys) throw new LockedError();
    return this.keys;
  }

  /** Replaces the person-wrapping key (people-KEK rotation), zeroing the old one. */
  replacePeopleWrap(next: Uint8Array): void {
    const keys = this.get();
    this.sodium.memzero(keys.peopleWrap);
    keys.peopleWrap = next;
  }

  /** The organisation keys sealed under the staff key, opened once and zeroed with the rest. */
  orgKeys(sealed: Uint8Array | undefined): OrgKeys {
    const keys = this.get();
    if (!this.openedOrgKeys) {
      if (!keys.staff || !sealed) throw new ForbiddenError('handoff');
      // A damaged record throws IntegrityError naming it (envelope.ts).
      this.openedOrgKeys = openOrgKeys(this.sodium, keys.staff, this.vaultId, sealed);
    }
    return this.openedOrgKeys;
  }

  /** The signing keys (see SigningKeys); throws LockedError once zeroed. */
  get signing(): Readonly<SigningKeys> {
    this.get();
    return this.signingKeys;
  }

  /**
   * The payload of a new key slot for a user of `role` (copies of the keys; the caller zeroes it):
   * `userSeed` is the slot owner's audit seed (their own, kept, or a fresh one for a new slot); the
   * admin seed goes only to admins, the trusted admin key to everyone.
   */
  slotPayload(role: Role, oneTime: boolean, userSeed: Uint8Array | undefined): SlotPayload {
    const keys = this.get();
    const needsStaff = can(role, 'handoff');
    if (needsStaff && !keys.staff) throw new ForbiddenError('handoff');
    const { adminSeed, adminPublicKey } = this.signingKeys;
    if (role === 'admin' && adminPublicKey !== undefined && !adminSeed) throw new ForbiddenError('administration');
    return {
      kind: 'keys',
      vaultKey: keys.vault.slice(),
      staffKey: needsStaff ? keys.staff!.slice() : undefined,
      oneTime,
      ...(userSeed && { userSeed: userSeed.slice() }),
      ...(role === 'admin' && adminSeed && { adminSeed: adminSeed.slice() }),
      ...(adminPublicKey !== undefined && { adminPublicKey: fromBase64(adminPublicKey) }),
    };
  }

  /** Zeroes every key this holder has; it cannot be used again. */
  zero(): void {
    if (this.keys) for (const key of Object.values(this.keys)) this.sodium.memzero(key);
    if (this.openedOrgKeys) zeroOrgKeys(this.sodium, this.openedOrgKeys);
    this.openedOrgKeys = undefined;
    for (const seed of [this.signingKeys.userSeed, this.signingKeys.adminSeed]) if (seed) this.sodium.memzero(seed);
    this.signingKeys = {};
    this.keys = undefined;
  }
}
