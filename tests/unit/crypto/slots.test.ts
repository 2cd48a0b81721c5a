import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, randomBytes, toBase64, utf8Encode } from '../../../src/core/crypto/bytes';
import { open } from '../../../src/core/crypto/envelope';
import { DEFAULT_KDF, deriveKek, KdfParamsError, newKdfParams } from '../../../src/core/crypto/kdf';
import { newRecoveryKey } from '../../../src/core/crypto/recovery-code';
import {
  createVaultKey,
  type KeySlot,
  KeySlotSchema,
  MAX_DURESS_DATA_BYTES,
  needsRehash,
  newSlotId,
  type SlotHeader,
  type SlotPayload,
  unwrapWithKek,
  WrongPassphraseError,
  WrongRecoveryKeyError,
  wrapWithKek,
  zeroPayload,
} from '../../../src/core/crypto/slots';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { flipBit, WEAK, weakKdf } from './helpers';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const hex = (b: Uint8Array | undefined) => (b === undefined ? 'none' : Buffer.from(b).toString('hex'));
const VAULT = 'vault-1';
const PASS = 'tea at the blue house';

function keys(overrides: Partial<Extract<SlotPayload, { kind: 'keys' }>> = {}): Extract<SlotPayload, { kind: 'keys' }> {
  return { kind: 'keys', vaultKey: createVaultKey(), staffKey: undefined, oneTime: false, ...overrides };
}

function passphraseSlot(overrides: { userId?: string; slotSecret?: Uint8Array; payload?: SlotPayload } = {}) {
  const payload = overrides.payload ?? keys();
  const slotSecret = overrides.slotSecret ?? randomBytes(32);
  const kdf = weakKdf();
  const kek = deriveKek(sodium, PASS, kdf, WEAK);
  const header: SlotHeader = { id: newSlotId(), kind: 'passphrase', userId: overrides.userId ?? 'user-a', kdf };
  const slot = wrapWithKek(sodium, { vaultId: VAULT, slot: header, kek, slotSecret, payload });
  return { payload, slotSecret, slot };
}

function unlock(slot: KeySlot, secret: string | Uint8Array, slotSecret: Uint8Array | undefined, vaultId = VAULT) {
  const kek = deriveKek(sodium, secret, slot.kdf, WEAK);
  try {
    return unwrapWithKek(sodium, { vaultId, slot, kek, slotSecret });
  } finally {
    sodium.memzero(kek);
  }
}

function vaultKeyOf(payload: SlotPayload): Uint8Array {
  if (payload.kind !== 'keys') throw new Error('not a keys payload');
  return payload.vaultKey;
}

function expectWrongPassphrase(fn: () => unknown) {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(WrongPassphraseError);
  expect((caught as Error).message).toBe('Wrong passphrase');
}

describe('passphrase slots', () => {
  it('unwrap to the vault key with passphrase + slot secret', () => {
    const { payload, slotSecret, slot } = passphraseSlot();
    expect(KeySlotSchema.parse(slot)).toEqual(slot);
    expect(slot.kind).toBe('passphrase');
    expect(hex(vaultKeyOf(unlock(slot, PASS, slotSecret)))).toBe(hex(vaultKeyOf(payload)));
  });

  it('work at the real default Argon2id parameters', () => {
    const kdf = newKdfParams();
    const slotSecret = randomBytes(32);
    const kek = deriveKek(sodium, PASS, kdf);
    const payload = keys();
    const slot = wrapWithKek(sodium, { vaultId: VAULT, slot: { id: newSlotId(), kind: 'passphrase', userId: 'u', kdf }, kek, slotSecret, payload });
    expect(slot.kdf).toMatchObject(DEFAULT_KDF);
    expect(needsRehash(slot)).toBe(false);
    expect(hex(vaultKeyOf(unwrapWithKek(sodium, { vaultId: VAULT, slot, kek: deriveKek(sodium, PASS, slot.kdf), slotSecret })))).toBe(
      hex(payload.vaultKey),
    );
  });

  it('are built exactly as documented: BLAKE2b(domain || Argon2id, key = slot secret), payload 01 flags vault staff', () => {
    const staffKey = randomBytes(32);
    const { payload, slotSecret, slot } = passphraseSlot({ payload: keys({ staffKey, oneTime: true }) });
    const kek = sodium.crypto_pwhash(32, PASS, fromBase64(slot.kdf.salt), 1, 8192, sodium.crypto_pwhash_ALG_ARGON2ID13);
    const wrapKey = sodium.crypto_generichash(32, concatBytes(utf8Encode('waystation/slot/passphrase/v1'), kek), slotSecret);
    const aad = { vaultId: VAULT, store: 'keyslots', itemId: `${slot.id}/passphrase/user-a`, version: 2 };
    const plain = open(sodium, wrapKey, aad, fromBase64(slot.wrapped));
    expect(plain).toHaveLength(448);
    expect([...plain.subarray(0, 2)]).toEqual([1, 3]);
    expect(hex(plain.subarray(2, 34))).toBe(hex(vaultKeyOf(payload)));
    expect(hex(plain.subarray(34, 66))).toBe(hex(staffKey));
    expect(plain.subarray(66).every((b) => b === 0)).toBe(true);
  });

  it('carry the staff key and the one-time mark only when given, and every payload seals to the same size', () => {
    const staffKey = randomBytes(32);
    const operator = passphraseSlot({ payload: keys() });
    const staff = passphraseSlot({ payload: keys({ staffKey }) });
    const oneTime = passphraseSlot({ payload: keys({ oneTime: true }) });
    const duress = passphraseSlot({ payload: { kind: 'duress', data: utf8Encode('{"adminName":"Ada"}') } });
    expect(unlock(operator.slot, PASS, operator.slotSecret)).toMatchObject({ kind: 'keys', staffKey: undefined, oneTime: false });
    const opened = unlock(staff.slot, PASS, staff.slotSecret);
    expect(opened.kind === 'keys' && hex(opened.staffKey)).toBe(hex(staffKey));
    expect(unlock(oneTime.slot, PASS, oneTime.slotSecret)).toMatchObject({ kind: 'keys', oneTime: true });
    const d = unlock(duress.slot, PASS, duress.slotSecret);
    expect(d.kind === 'duress' && new TextDecoder().decode(d.data)).toBe('{"adminName":"Ada"}');
    // Role, one-time mark and duress are not visible on disk: same length, same shape.
    const lengths = new Set([operator, staff, oneTime, duress].map((s) => s.slot.wrapped.length));
    expect(lengths.size).toBe(1);
    expect(Object.keys(duress.slot).sort()).toEqual(Object.keys(operator.slot).sort());
  });

  it('carry the user and admin signing seeds and the trusted admin key at their documented offsets, round trip', () => {
    const [staffKey, userSeed, adminSeed, adminPublicKey] = [randomBytes(32), randomBytes(32), randomBytes(32), randomBytes(32)];
    const { slotSecret, slot } = passphraseSlot({ payload: keys({ staffKey, userSeed, adminSeed, adminPublicKey }) });
    const kek = sodium.crypto_pwhash(32, PASS, fromBase64(slot.kdf.salt), 1, 8192, sodium.crypto_pwhash_ALG_ARGON2ID13);
    const wrapKey = sodium.crypto_generichash(32, concatBytes(utf8Encode('waystation/slot/passphrase/v1'), kek), slotSecret);
    const plain = open(sodium, wrapKey, { vaultId: VAULT, store: 'keyslots', itemId: `${slot.id}/passphrase/user-a`, version: 2 }, fromBase64(slot.wrapped));
    expect(plain[1]).toBe(1 | 4 | 8 | 16);
    expect([66, 98, 130].map((at) => hex(plain.subarray(at, at + 32)))).toEqual([userSeed, adminSeed, adminPublicKey].map(hex));
    expect(plain.subarray(162).every((b) => b === 0)).toBe(true);
    const opened = unlock(slot, PASS, slotSecret);
    expect(opened.kind === 'keys' && [opened.userSeed, opened.adminSeed, opened.adminPublicKey].map(hex)).toEqual([userSeed, adminSeed, adminPublicKey].map(hex));
    // An operator's slot: its own seed and the admin key it trusts, never the admin seed.
    const operator = passphraseSlot({ payload: keys({ userSeed, adminPublicKey }) });
    const op = unlock(operator.slot, PASS, operator.slotSecret);
    expect(op.kind === 'keys' && [op.staffKey, op.adminSeed, hex(op.userSeed)]).toEqual([undefined, undefined, hex(userSeed)]);
    zeroPayload(sodium, opened);
    expect(opened.kind === 'keys' && [opened.userSeed!, opened.adminSeed!].every((k) => k.every((b) => b === 0))).toBe(true);
  });

  it('refuse duress data that does not fit, and zeroPayload wipes the keys', () => {
    expect(() => passphraseSlot({ payload: { kind: 'duress', data: new Uint8Array(MAX_DURESS_DATA_BYTES + 1) } })).toThrow(RangeError);
    const payload = keys({ staffKey: randomBytes(32) });
    zeroPayload(sodium, payload);
    expect(payload.vaultKey.every((b) => b === 0) && payload.staffKey!.every((b) => b === 0)).toBe(true);
  });

  it('give one message for a wrong passphrase, a wrong or missing slot secret', () => {
    const { slotSecret, slot } = passphraseSlot();
    expectWrongPassphrase(() => unlock(slot, PASS + '!', slotSecret));
    expectWrongPassphrase(() => unlock(slot, PASS, flipBit(slotSecret, 5)));
    // A destroyed slot secret (duress, removed user) looks exactly like a wrong passphrase.
    expectWrongPassphrase(() => unlock(slot, PASS, undefined));
    expectWrongPassphrase(() => unlock(slot, PASS, new Uint8Array(16)));
  });

  it('cannot be moved to another user, vault or slot id', () => {
    const { slotSecret, slot } = passphraseSlot({ userId: 'user-a' });
    expectWrongPassphrase(() => unlock({ ...slot, userId: 'user-b' }, PASS, slotSecret));
    expectWrongPassphrase(() => unlock({ ...slot, id: newSlotId() }, PASS, slotSecret));
    expectWrongPassphrase(() => unlock(slot, PASS, slotSecret, 'vault-2'));
  });

  it('swapping the wrapped keys of two users fails both ways', () => {
    const secret = randomBytes(32);
    const a = passphraseSlot({ userId: 'a', slotSecret: secret });
    const b = passphraseSlot({ userId: 'b', slotSecret: secret });
    expectWrongPassphrase(() => unlock({ ...a.slot, wrapped: b.slot.wrapped }, PASS, secret));
    expectWrongPassphrase(() => unlock({ ...b.slot, wrapped: a.slot.wrapped }, PASS, secret));
  });

  it('fail on any altered byte of the wrapped key', () => {
    const { slotSecret, slot } = passphraseSlot();
    const kek = deriveKek(sodium, PASS, slot.kdf, WEAK);
    const wrapped = fromBase64(slot.wrapped);
    for (let i = 0; i < wrapped.length; i++) {
      const tampered = { ...slot, wrapped: toBase64(flipBit(wrapped, i)) };
      expect(() => unwrapWithKek(sodium, { vaultId: VAULT, slot: tampered, kek, slotSecret }), `byte ${i}`).toThrow(WrongPassphraseError);
    }
  });

  it('refuse a slot whose KDF parameters were lowered (downgrade), before running Argon2', () => {
    const { slot } = passphraseSlot();
    // Only the explicit test escape reads weak slots; production reading refuses them.
    expect(() => deriveKek(sodium, PASS, slot.kdf)).toThrow(KdfParamsError);
    expect(() => deriveKek(sodium, PASS, { ...DEFAULT_KDF, opsLimit: 2, salt: slot.kdf.salt })).toThrow(/below the minimum/);
  });

  it('change nothing when unlocking fails or succeeds (pure)', () => {
    const { slotSecret, slot } = passphraseSlot();
    const before = JSON.stringify(slot);
    const secretBefore = hex(slotSecret);
    for (let i = 0; i < 3; i++) expect(() => unlock(slot, `guess ${i}`, slotSecret)).toThrow(WrongPassphraseError);
    unlock(slot, PASS, slotSecret);
    expect(JSON.stringify(slot)).toBe(before);
    expect(hex(slotSecret)).toBe(secretBefore);
  });

  it('refuses to build a slot without a 32-byte secret, or with a short kek', () => {
    const kdf = weakKdf();
    const kek = deriveKek(sodium, PASS, kdf, WEAK);
    const header: SlotHeader = { id: newSlotId(), kind: 'passphrase', userId: 'u', kdf };
    expect(() => wrapWithKek(sodium, { vaultId: VAULT, slot: header, kek, slotSecret: new Uint8Array(16), payload: keys() })).toThrow(TypeError);
    expect(() => wrapWithKek(sodium, { vaultId: VAULT, slot: header, kek: new Uint8Array(16), slotSecret: randomBytes(32), payload: keys() })).toThrow(
      TypeError,
    );
  });
});

describe('recovery slot', () => {
  function recoverySlot(recoverySecret = randomBytes(32)) {
    const recoveryKey = newRecoveryKey();
    const kdf = weakKdf();
    const kek = deriveKek(sodium, recoveryKey, kdf, WEAK);
    const payload = keys({ staffKey: randomBytes(32) });
    const header: SlotHeader = { id: newSlotId(), kind: 'recovery', kdf, backupKey: toBase64(randomBytes(32)) };
    const slot = wrapWithKek(sodium, { vaultId: VAULT, slot: header, kek, slotSecret: recoverySecret, payload });
    return { payload, recoveryKey, recoverySecret, slot };
  }

  it('opens with the recovery key and the recovery secret of the key file', () => {
    const { payload, recoveryKey, recoverySecret, slot } = recoverySlot();
    expect(slot.kind).toBe('recovery');
    expect('userId' in slot).toBe(false);
    expect(hex(vaultKeyOf(unlock(slot, recoveryKey, recoverySecret)))).toBe(hex(payload.vaultKey));
  });

  it('is built as documented: BLAKE2b(domain v2 || Argon2id(recovery key), key = recovery secret)', () => {
    const { payload, recoveryKey, recoverySecret, slot } = recoverySlot();
    const kek = sodium.crypto_pwhash(32, recoveryKey, fromBase64(slot.kdf.salt), 1, 8192, sodium.crypto_pwhash_ALG_ARGON2ID13);
    const wrapKey = sodium.crypto_generichash(32, concatBytes(utf8Encode('waystation/slot/recovery/v2'), kek), recoverySecret);
    const aad = { vaultId: VAULT, store: 'keyslots', itemId: `${slot.id}/recovery`, version: 2 };
    expect(hex(open(sodium, wrapKey, aad, fromBase64(slot.wrapped)).subarray(2, 34))).toBe(hex(payload.vaultKey));
  });

  it('is dead without its recovery secret: a replaced or wiped secret destroys the slot (docs/threat-model.md §5a)', () => {
    const { recoveryKey, recoverySecret, slot } = recoverySlot();
    expect(() => unlock(slot, recoveryKey, randomBytes(32))).toThrow(WrongRecoveryKeyError);
    expect(() => unlock(slot, recoveryKey, undefined)).toThrow(WrongRecoveryKeyError);
    expect(() => unlock(slot, flipBit(recoveryKey, 19), recoverySecret)).toThrow('Wrong recovery key');
    expect(() => unlock(slot, recoveryKey, recoverySecret, 'vault-2')).toThrow(WrongRecoveryKeyError);
  });

  it('refuses a duress payload', () => {
    const kdf = weakKdf();
    const kek = deriveKek(sodium, PASS, kdf, WEAK);
    const header: SlotHeader = { id: newSlotId(), kind: 'recovery', kdf, backupKey: toBase64(randomBytes(32)) };
    expect(() => wrapWithKek(sodium, { vaultId: VAULT, slot: header, kek, slotSecret: randomBytes(32), payload: { kind: 'duress', data: new Uint8Array(1) } })).toThrow(
      TypeError,
    );
  });

  it('cannot pass for a passphrase slot', () => {
    const { recoverySecret, slot } = recoverySlot();
    // Relabelling the kind fails the schema (a recovery slot has no userId) or the AAD.
    const { backupKey: _drop, ...rest } = slot;
    const relabelled = { ...rest, kind: 'passphrase', userId: 'u' } as KeySlot;
    expectWrongPassphrase(() => unlock(relabelled, PASS, recoverySecret));
  });
});

describe('slot schema', () => {
  it('rejects malformed slots', () => {
    const { slot } = passphraseSlot();
    const bad: unknown[] = [
      { ...slot, userId: undefined },
      { ...slot, userId: '' },
      { ...slot, kind: 'recovery' }, // recovery slots carry no userId
      { ...slot, id: 'short' },
      { ...slot, id: toBase64(randomBytes(16)) }, // standard alphabet with padding, not base64url
      { ...slot, wrapped: 'AAAA' }, // too short to be an envelope
      { ...slot, extra: true },
      { ...slot, kind: 'shares' },
    ];
    for (const value of bad) expect(KeySlotSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
    const kek = deriveKek(sodium, PASS, slot.kdf, WEAK);
    expect(() => unwrapWithKek(sodium, { vaultId: VAULT, slot: { ...slot, id: 'short' }, kek, slotSecret: randomBytes(32) })).toThrow(
      'malformed key slot',
    );
  });

  it('slot ids are 16 random bytes in base64url', () => {
    const ids = new Set(Array.from({ length: 100 }, newSlotId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('vault keys are 32 random bytes', () => {
    expect(createVaultKey()).toHaveLength(32);
    expect(hex(createVaultKey())).not.toBe(hex(createVaultKey()));
  });
});

describe('needsRehash', () => {
  it('asks for a re-wrap when the slot is weaker than the current default', () => {
    const kdf = newKdfParams();
    expect(needsRehash({ kdf })).toBe(false);
    expect(needsRehash({ kdf: { ...kdf, opsLimit: 2 } })).toBe(true);
    expect(needsRehash({ kdf }, { ...DEFAULT_KDF, memLimitBytes: 256 * 1024 * 1024 })).toBe(true);
    expect(needsRehash({ kdf }, { ...DEFAULT_KDF, opsLimit: 4 })).toBe(true);
    expect(needsRehash({ kdf: { ...kdf, opsLimit: 5 } })).toBe(false);
  });
});
