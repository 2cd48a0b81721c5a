import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, randomBytes, toBase64, utf8Encode } from '../../../src/core/crypto/bytes';
import {
  addSlotSecret,
  clearFailedUnlocks,
  commitPeopleKek,
  countFailedUnlock,
  getNextPeopleKek,
  getPeopleKek,
  getRecoverySecret,
  getSlotSecret,
  KEY_FILE_BYTES,
  type KeyFile,
  KeyFileError,
  MAX_SLOT_SECRETS,
  newKeyFile,
  parseKeyFile,
  removeAllSlotSecrets,
  removeSlotSecret,
  replaceRecoverySecret,
  rotatePeopleKek,
  serializeKeyFile,
  setWipeAfter,
} from '../../../src/core/crypto/keyfile';
import { deriveKek } from '../../../src/core/crypto/kdf';
import { newRecoveryKey } from '../../../src/core/crypto/recovery-code';
import {
  createVaultKey,
  type KeySlot,
  newSlotId,
  type SlotHeader,
  type SlotPayload,
  unwrapWithKek,
  WrongPassphraseError,
  WrongRecoveryKeyError,
  wrapWithKek,
} from '../../../src/core/crypto/slots';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { WEAK, weakKdf } from './helpers';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const hex = (b: Uint8Array | undefined) => (b === undefined ? 'undefined' : Buffer.from(b).toString('hex'));

describe('key file content', () => {
  it('starts with a random people KEK, a random recovery secret and no slot secrets', () => {
    const a = newKeyFile();
    expect(a.version).toBe(2);
    expect(a.slotSecrets).toEqual({});
    expect(getPeopleKek(a)).toHaveLength(32);
    expect(getRecoverySecret(a)).toHaveLength(32);
    expect(hex(getPeopleKek(a))).not.toBe(hex(getPeopleKek(newKeyFile())));
    expect(hex(getRecoverySecret(a))).not.toBe(hex(getRecoverySecret(newKeyFile())));
    expect(a.unlockGuard).toBeUndefined();
    expect(getNextPeopleKek(a)).toBeUndefined();
  });

  it('adds, reads and removes slot secrets without mutating its input', () => {
    const empty = newKeyFile();
    const id1 = newSlotId();
    const id2 = newSlotId();
    const kf = addSlotSecret(addSlotSecret(empty, id1), id2);
    expect(empty.slotSecrets).toEqual({});
    expect(getSlotSecret(kf, id1)).toHaveLength(32);
    expect(hex(getSlotSecret(kf, id1))).not.toBe(hex(getSlotSecret(kf, id2)));
    const removed = removeSlotSecret(kf, id1);
    expect(getSlotSecret(removed, id1)).toBeUndefined();
    expect(hex(getSlotSecret(removed, id2))).toBe(hex(getSlotSecret(kf, id2)));
    expect(getSlotSecret(kf, id1)).toBeDefined();
    expect(getSlotSecret(kf, 'constructor')).toBeUndefined();
    expect(() => addSlotSecret(kf, id1)).toThrow(KeyFileError);
    expect(() => addSlotSecret(kf, 'not a slot id')).toThrow(TypeError);
  });

  it('duress removes every slot secret and keeps the people KEK and the recovery secret', () => {
    const kf = addSlotSecret(addSlotSecret(newKeyFile(), newSlotId()), newSlotId());
    const wiped = removeAllSlotSecrets(kf);
    expect(wiped.slotSecrets).toEqual({});
    expect(wiped.peopleKek).toBe(kf.peopleKek);
    expect(wiped.recoverySecret).toBe(kf.recoverySecret);
    expect(Object.keys(kf.slotSecrets)).toHaveLength(2);
  });

  it('a new recovery key replaces the recovery secret and nothing else', () => {
    const kf = addSlotSecret(newKeyFile(), newSlotId());
    const next = replaceRecoverySecret(kf);
    expect(next.recoverySecret).not.toBe(kf.recoverySecret);
    expect({ ...next, recoverySecret: kf.recoverySecret }).toEqual(kf);
    expect(new TextDecoder().decode(serializeKeyFile(next))).not.toContain(kf.recoverySecret);
  });

  it('counts failed unlocks only while the wipe guard is on', () => {
    const off = newKeyFile();
    expect(countFailedUnlock(off)).toBe(off);
    const on = setWipeAfter(off, 3);
    expect(on.unlockGuard).toEqual({ failures: 0, wipeAfter: 3 });
    const twice = countFailedUnlock(countFailedUnlock(on));
    expect(twice.unlockGuard).toEqual({ failures: 2, wipeAfter: 3 });
    expect(countFailedUnlock(countFailedUnlock(twice)).unlockGuard).toEqual({ failures: 3, wipeAfter: 3 });
    expect(clearFailedUnlocks(twice).unlockGuard).toEqual({ failures: 0, wipeAfter: 3 });
    expect(clearFailedUnlocks(off)).toBe(off);
    expect('unlockGuard' in setWipeAfter(twice, null)).toBe(false);
    expect(() => setWipeAfter(off, 0)).toThrow(RangeError);
    expect(() => setWipeAfter(off, 101)).toThrow(RangeError);
    expect(parseKeyFile(serializeKeyFile(twice))).toEqual(twice);
  });

  it('rotates the people KEK in two steps, resumable after a crash', () => {
    const kf = newKeyFile();
    const pending = rotatePeopleKek(kf);
    expect(pending.peopleKek).toBe(kf.peopleKek);
    const next = getNextPeopleKek(pending);
    expect(next).toHaveLength(32);
    expect(hex(next)).not.toBe(hex(getPeopleKek(kf)));
    // A second rotate while one is pending resumes it instead of orphaning re-wrapped keys.
    expect(rotatePeopleKek(pending)).toEqual(pending);
    const done = commitPeopleKek(pending);
    expect(hex(getPeopleKek(done))).toBe(hex(next));
    expect(done.nextPeopleKek).toBeUndefined();
    expect('nextPeopleKek' in done).toBe(false);
    expect(JSON.stringify(done)).not.toContain(kf.peopleKek);
    expect(() => commitPeopleKek(done)).toThrow(KeyFileError);
  });
});

describe('key file serialisation', () => {
  it('is always exactly 4 KiB and round-trips', () => {
    const kf = rotatePeopleKek(addSlotSecret(newKeyFile(), newSlotId()));
    const bytes = serializeKeyFile(kf);
    expect(bytes).toHaveLength(KEY_FILE_BYTES);
    expect(KEY_FILE_BYTES).toBe(4096);
    expect(parseKeyFile(bytes)).toEqual(kf);
    expect(serializeKeyFile(newKeyFile())).toHaveLength(KEY_FILE_BYTES);
    expect(serializeKeyFile(removeAllSlotSecrets(kf))).toHaveLength(KEY_FILE_BYTES);
  });

  it('fits the largest allowed file and refuses one more slot', () => {
    let kf: KeyFile = setWipeAfter(rotatePeopleKek(newKeyFile()), 100);
    kf = { ...kf, unlockGuard: { failures: 100, wipeAfter: 100 } };
    for (let i = 0; i < MAX_SLOT_SECRETS; i++) kf = addSlotSecret(kf, newSlotId());
    const bytes = serializeKeyFile(kf);
    expect(bytes).toHaveLength(KEY_FILE_BYTES);
    expect(parseKeyFile(bytes)).toEqual(kf);
    expect(() => addSlotSecret(kf, newSlotId())).toThrow(KeyFileError);
  });

  it('refuses anything but a well-formed key file with KeyFileError', () => {
    const good = serializeKeyFile(newKeyFile());
    const padded = (json: string) => {
      const out = new Uint8Array(KEY_FILE_BYTES).fill(0x20);
      out.set(utf8Encode(json));
      return out;
    };
    const kf = newKeyFile();
    const cases: Uint8Array[] = [
      good.subarray(0, KEY_FILE_BYTES - 1),
      new Uint8Array([...good, 0x20]),
      new Uint8Array(KEY_FILE_BYTES), // zeroed, as left by destroy
      randomBytes(KEY_FILE_BYTES), // invalid UTF-8 / not JSON
      padded(JSON.stringify({ ...kf, version: 1 })),
      padded(JSON.stringify({ ...kf, recoverySecret: undefined })),
      padded(JSON.stringify({ ...kf, unlockGuard: { failures: 0, wipeAfter: 0 } })),
      padded(JSON.stringify({ ...kf, extra: 1 })),
      padded(JSON.stringify({ ...kf, peopleKek: 'AAAA' })),
      padded(JSON.stringify({ ...kf, slotSecrets: { 'bad id': kf.peopleKek } })),
      padded(JSON.stringify({ ...kf, slotSecrets: { [newSlotId()]: 'AAAA' } })),
    ];
    for (const bytes of cases) expect(() => parseKeyFile(bytes)).toThrow(KeyFileError);
  });

  it('refuses to serialise invalid content', () => {
    expect(() => serializeKeyFile({ ...newKeyFile(), peopleKek: 'AAAA' })).toThrow();
  });
});

describe('destroying access through the key file (docs/threat-model.md §5a, 8)', () => {
  it('removing a user’s slot secret locks out only that user; duress leaves only the recovery key; a new recovery secret kills the old recovery slot', () => {
    const vaultId = 'vault-1';
    const payload: SlotPayload = { kind: 'keys', vaultKey: createVaultKey(), staffKey: undefined, oneTime: false };
    const alice = newSlotId();
    const bob = newSlotId();
    let kf = addSlotSecret(addSlotSecret(newKeyFile(), alice), bob);
    const secretsAtStart = Object.values(kf.slotSecrets);
    const wrap = (header: SlotHeader, secret: string | Uint8Array, slotSecret: Uint8Array) =>
      wrapWithKek(sodium, { vaultId, slot: header, kek: deriveKek(sodium, secret, header.kdf, WEAK), slotSecret, payload });
    // The slots stay in "IndexedDB" (here: these constants) forever, as LevelDB would keep them.
    const aliceSlot = wrap({ id: alice, kind: 'passphrase', userId: 'alice', kdf: weakKdf() }, 'alice pass', getSlotSecret(kf, alice)!);
    const bobSlot = wrap({ id: bob, kind: 'passphrase', userId: 'bob', kdf: weakKdf() }, 'bob pass', getSlotSecret(kf, bob)!);
    const recoveryKey = newRecoveryKey();
    const recoverySlot = wrap({ id: newSlotId(), kind: 'recovery', kdf: weakKdf(), backupKey: toBase64(randomBytes(32)) }, recoveryKey, getRecoverySecret(kf));
    const open = (slot: KeySlot, secret: string | Uint8Array) => {
      const slotSecret = slot.kind === 'recovery' ? getRecoverySecret(kf) : getSlotSecret(kf, slot.id);
      const opened = unwrapWithKek(sodium, { vaultId, slot, kek: deriveKek(sodium, secret, slot.kdf, WEAK), slotSecret });
      return opened.kind === 'keys' ? opened.vaultKey : undefined;
    };

    expect(hex(open(aliceSlot, 'alice pass'))).toBe(hex(payload.vaultKey));

    kf = parseKeyFile(serializeKeyFile(removeSlotSecret(kf, bob)));
    expect(() => open(bobSlot, 'bob pass')).toThrow(WrongPassphraseError);
    expect(hex(open(aliceSlot, 'alice pass'))).toBe(hex(payload.vaultKey));

    kf = parseKeyFile(serializeKeyFile(removeAllSlotSecrets(kf)));
    expect(() => open(aliceSlot, 'alice pass')).toThrow(WrongPassphraseError);
    expect(hex(open(recoverySlot, recoveryKey))).toBe(hex(payload.vaultKey));
    // The file content that main writes in place no longer holds either secret.
    const written = new TextDecoder().decode(serializeKeyFile(kf));
    for (const secret of secretsAtStart) {
      expect(written).not.toContain(secret);
      expect(written).not.toContain(Buffer.from(fromBase64(secret)).toString('base64url'));
    }

    kf = parseKeyFile(serializeKeyFile(replaceRecoverySecret(kf)));
    expect(() => open(recoverySlot, recoveryKey)).toThrow(WrongRecoveryKeyError);
  });
});
