import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, randomBytes, toBase64, utf8Encode } from '../../../src/core/crypto/bytes';
import { open } from '../../../src/core/crypto/envelope';
import { DEFAULT_KDF, deriveKek, KdfParamsError, newKdfParams } from '../../../src/core/crypto/kdf';
import { newRecoveryKey } from '../../../src/core/crypto/recovery-code';
import {
  createVaultKey,
  type KeySlot,
  KeySlotSchema,
  needsRehash,
  newSlotId,
  unwrapPassphraseSlot,
  unwrapRecoverySlot,
  unwrapWithKek,
  WrongPassphraseError,
  WrongRecoveryKeyError,
  wrapPassphraseSlot,
  wrapRecoverySlot,
  wrapWithKek,
} from '../../../src/core/crypto/slots';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { flipBit, WEAK, weakKdf } from './helpers';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const VAULT = 'vault-1';
const PASS = 'tea at the blue house';

function passphraseSlot(overrides: { userId?: string; slotSecret?: Uint8Array } = {}) {
  const vaultKey = createVaultKey();
  const slotSecret = overrides.slotSecret ?? randomBytes(32);
  const slot = wrapPassphraseSlot(sodium, {
    vaultId: VAULT,
    vaultKey,
    passphrase: PASS,
    userId: overrides.userId ?? 'user-a',
    slotId: newSlotId(),
    slotSecret,
    kdf: weakKdf(),
    ...WEAK,
  });
  return { vaultKey, slotSecret, slot };
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
    const { vaultKey, slotSecret, slot } = passphraseSlot();
    expect(KeySlotSchema.parse(slot)).toEqual(slot);
    expect(slot.kind).toBe('passphrase');
    expect(slot.userId).toBe('user-a');
    const out = unwrapPassphraseSlot(sodium, { vaultId: VAULT, slot, passphrase: PASS, slotSecret, ...WEAK });
    expect(hex(out)).toBe(hex(vaultKey));
  });

  it('work at the real default Argon2id parameters', () => {
    const vaultKey = createVaultKey();
    const slotSecret = randomBytes(32);
    const slot = wrapPassphraseSlot(sodium, { vaultId: VAULT, vaultKey, passphrase: PASS, userId: 'u', slotId: newSlotId(), slotSecret });
    expect(slot.kdf).toMatchObject(DEFAULT_KDF);
    expect(needsRehash(slot)).toBe(false);
    expect(hex(unwrapPassphraseSlot(sodium, { vaultId: VAULT, slot, passphrase: PASS, slotSecret }))).toBe(hex(vaultKey));
  });

  it('are built exactly as documented: BLAKE2b(domain || Argon2id, key = slot secret)', () => {
    const { vaultKey, slotSecret, slot } = passphraseSlot();
    const kek = sodium.crypto_pwhash(32, PASS, fromBase64(slot.kdf.salt), 1, 8192, sodium.crypto_pwhash_ALG_ARGON2ID13);
    const wrapKey = sodium.crypto_generichash(32, concatBytes(utf8Encode('waystation/slot/passphrase/v1'), kek), slotSecret);
    const aad = { vaultId: VAULT, store: 'keyslots', itemId: `${slot.id}/passphrase/user-a`, version: 1 };
    expect(hex(open(sodium, wrapKey, aad, fromBase64(slot.wrapped)))).toBe(hex(vaultKey));
  });

  it('give one message for a wrong passphrase, a wrong or missing slot secret', () => {
    const { slotSecret, slot } = passphraseSlot();
    const base = { vaultId: VAULT, slot, ...WEAK };
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, passphrase: PASS + '!', slotSecret }));
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, passphrase: PASS, slotSecret: flipBit(slotSecret, 5) }));
    // A destroyed slot secret (duress, removed user) looks exactly like a wrong passphrase.
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, passphrase: PASS, slotSecret: undefined }));
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, passphrase: PASS, slotSecret: new Uint8Array(16) }));
  });

  it('cannot be moved to another user, vault or slot id', () => {
    const { slotSecret, slot } = passphraseSlot({ userId: 'user-a' });
    const base = { vaultId: VAULT, passphrase: PASS, slotSecret, ...WEAK };
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, slot: { ...slot, userId: 'user-b' } }));
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, slot: { ...slot, id: newSlotId() } }));
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, vaultId: 'vault-2', slot }));
  });

  it('swapping the wrapped keys of two users fails both ways', () => {
    const secret = randomBytes(32);
    const a = passphraseSlot({ userId: 'a', slotSecret: secret });
    const b = passphraseSlot({ userId: 'b', slotSecret: secret });
    const base = { vaultId: VAULT, passphrase: PASS, slotSecret: secret, ...WEAK };
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, slot: { ...a.slot, wrapped: b.slot.wrapped } }));
    expectWrongPassphrase(() => unwrapPassphraseSlot(sodium, { ...base, slot: { ...b.slot, wrapped: a.slot.wrapped } }));
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
    const { slotSecret, slot } = passphraseSlot();
    // Only the explicit test escape reads weak slots; production reading refuses them.
    expect(() => unwrapPassphraseSlot(sodium, { vaultId: VAULT, slot, passphrase: PASS, slotSecret })).toThrow(KdfParamsError);
    const lowered = { ...slot, kdf: { ...DEFAULT_KDF, opsLimit: 2, salt: slot.kdf.salt } };
    expect(() => unwrapPassphraseSlot(sodium, { vaultId: VAULT, slot: lowered, passphrase: PASS, slotSecret })).toThrow(/below the minimum/);
  });

  it('change nothing when unlocking fails or succeeds (pure)', () => {
    const { slotSecret, slot } = passphraseSlot();
    const before = JSON.stringify(slot);
    const secretBefore = hex(slotSecret);
    for (let i = 0; i < 3; i++) {
      expect(() => unwrapPassphraseSlot(sodium, { vaultId: VAULT, slot, passphrase: `guess ${i}`, slotSecret, ...WEAK })).toThrow(WrongPassphraseError);
    }
    unwrapPassphraseSlot(sodium, { vaultId: VAULT, slot, passphrase: PASS, slotSecret, ...WEAK });
    expect(JSON.stringify(slot)).toBe(before);
    expect(hex(slotSecret)).toBe(secretBefore);
  });
});

describe('worker split (deriveKek in a worker, the rest on the main thread)', () => {
  it('deriveKek + unwrapWithKek opens a slot made by wrapPassphraseSlot', () => {
    const { vaultKey, slotSecret, slot } = passphraseSlot();
    const kek = deriveKek(sodium, PASS, slot.kdf, WEAK);
    expect(hex(unwrapWithKek(sodium, { vaultId: VAULT, slot, kek, slotSecret }))).toBe(hex(vaultKey));
  });

  it('deriveKek + wrapWithKek makes a slot unwrapPassphraseSlot opens', () => {
    const vaultKey = createVaultKey();
    const slotSecret = randomBytes(32);
    const kdf = weakKdf();
    const kek = deriveKek(sodium, PASS, kdf, WEAK);
    const slot = wrapWithKek(sodium, { vaultId: VAULT, vaultKey, slot: { id: newSlotId(), kind: 'passphrase', userId: 'u', kdf }, kek, slotSecret });
    expect(hex(unwrapPassphraseSlot(sodium, { vaultId: VAULT, slot, passphrase: PASS, slotSecret, ...WEAK }))).toBe(hex(vaultKey));
  });

  it('refuses to build a passphrase slot without a slot secret, or a recovery slot with one', () => {
    const kdf = weakKdf();
    const kek = deriveKek(sodium, PASS, kdf, WEAK);
    const vaultKey = createVaultKey();
    expect(() => wrapWithKek(sodium, { vaultId: VAULT, vaultKey, slot: { id: newSlotId(), kind: 'passphrase', userId: 'u', kdf }, kek })).toThrow(TypeError);
    expect(() =>
      wrapWithKek(sodium, { vaultId: VAULT, vaultKey, slot: { id: newSlotId(), kind: 'recovery', kdf }, kek, slotSecret: randomBytes(32) }),
    ).toThrow(/takes no slot secret/);
    expect(() => wrapWithKek(sodium, { vaultId: VAULT, vaultKey, slot: { id: newSlotId(), kind: 'recovery', kdf }, kek: new Uint8Array(16) })).toThrow(TypeError);
  });
});

describe('recovery slot', () => {
  function recoverySlot() {
    const vaultKey = createVaultKey();
    const recoveryKey = newRecoveryKey();
    const slot = wrapRecoverySlot(sodium, { vaultId: VAULT, vaultKey, recoveryKey, kdf: weakKdf(), ...WEAK });
    return { vaultKey, recoveryKey, slot };
  }

  it('opens with the recovery key alone (no key-file secret)', () => {
    const { vaultKey, recoveryKey, slot } = recoverySlot();
    expect(slot.kind).toBe('recovery');
    expect('userId' in slot).toBe(false);
    expect(hex(unwrapRecoverySlot(sodium, { vaultId: VAULT, slot, recoveryKey, ...WEAK }))).toBe(hex(vaultKey));
  });

  it('is built as documented: BLAKE2b(domain || Argon2id(recovery key)), unkeyed', () => {
    const { vaultKey, recoveryKey, slot } = recoverySlot();
    const kek = sodium.crypto_pwhash(32, recoveryKey, fromBase64(slot.kdf.salt), 1, 8192, sodium.crypto_pwhash_ALG_ARGON2ID13);
    const wrapKey = sodium.crypto_generichash(32, concatBytes(utf8Encode('waystation/slot/recovery/v1'), kek), null);
    const aad = { vaultId: VAULT, store: 'keyslots', itemId: `${slot.id}/recovery`, version: 1 };
    expect(hex(open(sodium, wrapKey, aad, fromBase64(slot.wrapped)))).toBe(hex(vaultKey));
  });

  it('refuses a wrong recovery key with one message', () => {
    const { recoveryKey, slot } = recoverySlot();
    expect(() => unwrapRecoverySlot(sodium, { vaultId: VAULT, slot, recoveryKey: flipBit(recoveryKey, 19), ...WEAK })).toThrow(
      WrongRecoveryKeyError,
    );
    expect(() => unwrapRecoverySlot(sodium, { vaultId: 'vault-2', slot, recoveryKey, ...WEAK })).toThrow('Wrong recovery key');
    expect(() => unwrapRecoverySlot(sodium, { vaultId: VAULT, slot, recoveryKey: new Uint8Array(32), ...WEAK })).toThrow(TypeError);
  });

  it('cannot pass for a passphrase slot or the other way round', () => {
    const { slot } = recoverySlot();
    const p = passphraseSlot();
    expect(() => unwrapPassphraseSlot(sodium, { vaultId: VAULT, slot, passphrase: PASS, slotSecret: p.slotSecret, ...WEAK })).toThrow(TypeError);
    expect(() => unwrapRecoverySlot(sodium, { vaultId: VAULT, slot: p.slot, recoveryKey: newRecoveryKey(), ...WEAK })).toThrow(TypeError);
    // Relabelling the kind fails the schema (a recovery slot has no userId) or the AAD.
    const relabelled = { ...slot, kind: 'passphrase', userId: 'u' } as KeySlot;
    const kek = deriveKek(sodium, PASS, slot.kdf, WEAK);
    expectWrongPassphrase(() => unwrapWithKek(sodium, { vaultId: VAULT, slot: relabelled, kek, slotSecret: p.slotSecret }));
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
