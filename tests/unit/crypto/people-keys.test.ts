import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from '../../../src/core/crypto/bytes';
import { IntegrityError } from '../../../src/core/crypto/envelope';
import { SubkeyPurpose, subkey } from '../../../src/core/crypto/kdf';
import {
  addSlotSecret,
  commitPeopleKek,
  getNextPeopleKek,
  getPeopleKek,
  getSlotSecret,
  newKeyFile,
  rotatePeopleKek,
} from '../../../src/core/crypto/keyfile';
import {
  newPersonKey,
  personWrapKey,
  rewrapAll,
  unwrapPersonKey,
  type WrappedPersonKey,
  wrapPersonKey,
} from '../../../src/core/crypto/people-keys';
import { createVaultKey, newSlotId } from '../../../src/core/crypto/slots';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const VAULT = 'vault-1';

describe('person keys', () => {
  it('wrap and unwrap under the combined wrapping key', () => {
    const wrapKey = personWrapKey(sodium, createVaultKey(), randomBytes(32));
    const personKey = newPersonKey();
    const wrapped = wrapPersonKey(sodium, { vaultId: VAULT, personId: 'p1', personKey, wrapKey });
    expect(hex(unwrapPersonKey(sodium, { vaultId: VAULT, personId: 'p1', wrapped, wrapKey }))).toBe(hex(personKey));
  });

  it('the wrapping key is BLAKE2b(domain || people subkey, key = peopleKek)', () => {
    const vaultKey = createVaultKey();
    const peopleKek = randomBytes(32);
    const message = new Uint8Array([...new TextEncoder().encode('waystation/person-wrap/v1'), ...subkey(sodium, vaultKey, SubkeyPurpose.people)]);
    expect(hex(personWrapKey(sodium, vaultKey, peopleKek))).toBe(hex(sodium.crypto_generichash(32, message, peopleKek)));
  });

  it('neither the vault key side nor the key file alone unwraps a person key', () => {
    const vaultKey = createVaultKey();
    const peopleKek = randomBytes(32);
    const wrapKey = personWrapKey(sodium, vaultKey, peopleKek);
    const wrapped = wrapPersonKey(sodium, { vaultId: VAULT, personId: 'p1', personKey: newPersonKey(), wrapKey });
    const peopleSubkey = subkey(sodium, vaultKey, SubkeyPurpose.people);
    for (const k of [vaultKey, peopleSubkey, peopleKek, personWrapKey(sodium, vaultKey, randomBytes(32)), personWrapKey(sodium, createVaultKey(), peopleKek)]) {
      expect(() => unwrapPersonKey(sodium, { vaultId: VAULT, personId: 'p1', wrapped, wrapKey: k })).toThrow(IntegrityError);
    }
  });

  it('a wrapped key cannot be moved to another person', () => {
    const wrapKey = personWrapKey(sodium, createVaultKey(), randomBytes(32));
    const wrapped = wrapPersonKey(sodium, { vaultId: VAULT, personId: 'p1', personKey: newPersonKey(), wrapKey });
    expect(() => unwrapPersonKey(sodium, { vaultId: VAULT, personId: 'p2', wrapped, wrapKey })).toThrow(/personKeys item p2/);
  });

  it('refuses person keys of the wrong size', () => {
    const wrapKey = personWrapKey(sodium, createVaultKey(), randomBytes(32));
    expect(() => wrapPersonKey(sodium, { vaultId: VAULT, personId: 'p1', personKey: new Uint8Array(16), wrapKey })).toThrow(TypeError);
    expect(() => personWrapKey(sodium, createVaultKey(), new Uint8Array(16))).toThrow(TypeError);
  });
});

describe('forgetting a person (rotate peopleKek, re-wrap the rest)', () => {
  it('leaves the forgotten person’s old wrapped key unopenable with anything that exists afterwards', () => {
    const vaultKey = createVaultKey();
    let kf = addSlotSecret(newKeyFile(), newSlotId());
    const oldWrapKey = personWrapKey(sodium, vaultKey, getPeopleKek(kf));
    const keys = new Map(['anna', 'boris', 'chen'].map((id) => [id, newPersonKey()]));
    const stored: WrappedPersonKey[] = [...keys].map(([personId, personKey]) => ({
      personId,
      wrapped: wrapPersonKey(sodium, { vaultId: VAULT, personId, personKey, wrapKey: oldWrapKey }),
    }));
    const borisOld = stored.find((s) => s.personId === 'boris')!;
    // LevelDB keeps borisOld forever; only the key file can forget.

    kf = rotatePeopleKek(kf);
    const newWrapKey = personWrapKey(sodium, vaultKey, getNextPeopleKek(kf)!);
    const kept = rewrapAll(sodium, { vaultId: VAULT, oldWrapKey, newWrapKey, items: stored.filter((s) => s.personId !== 'boris') });
    kf = commitPeopleKek(kf);

    for (const { personId, wrapped } of kept) {
      expect(hex(unwrapPersonKey(sodium, { vaultId: VAULT, personId, wrapped, wrapKey: newWrapKey }))).toBe(hex(keys.get(personId)!));
    }
    expect(kept.map((k) => k.personId)).toEqual(['anna', 'chen']);

    // Sanity: before the rotation this wrapped key did open.
    expect(hex(unwrapPersonKey(sodium, { ...borisOld, vaultId: VAULT, wrapKey: oldWrapKey }))).toBe(hex(keys.get('boris')!));

    const peopleKek = getPeopleKek(kf);
    const available = [
      vaultKey,
      peopleKek,
      personWrapKey(sodium, vaultKey, peopleKek),
      ...Object.values(SubkeyPurpose).map((p) => subkey(sodium, vaultKey, p)),
      ...Object.keys(kf.slotSecrets).map((id) => getSlotSecret(kf, id)!),
      ...[...keys.values()].filter((_, i) => i !== 1), // the other people's keys
    ];
    for (const k of available) {
      expect(() => unwrapPersonKey(sodium, { ...borisOld, vaultId: VAULT, wrapKey: k })).toThrow(IntegrityError);
    }
  });

  it('re-running rewrapAll after a crash is safe (items already under the new key)', () => {
    const vaultKey = createVaultKey();
    const oldWrapKey = personWrapKey(sodium, vaultKey, randomBytes(32));
    const newWrapKey = personWrapKey(sodium, vaultKey, randomBytes(32));
    const personKey = newPersonKey();
    const items = [{ personId: 'p1', wrapped: wrapPersonKey(sodium, { vaultId: VAULT, personId: 'p1', personKey, wrapKey: oldWrapKey }) }];
    const once = rewrapAll(sodium, { vaultId: VAULT, oldWrapKey, newWrapKey, items });
    const twice = rewrapAll(sodium, { vaultId: VAULT, oldWrapKey, newWrapKey, items: once });
    expect(hex(unwrapPersonKey(sodium, { ...twice[0]!, vaultId: VAULT, wrapKey: newWrapKey }))).toBe(hex(personKey));
    expect(() => unwrapPersonKey(sodium, { ...twice[0]!, vaultId: VAULT, wrapKey: oldWrapKey })).toThrow(IntegrityError);
  });

  it('reports an item that opens under neither key', () => {
    const vaultKey = createVaultKey();
    const stranger = personWrapKey(sodium, vaultKey, randomBytes(32));
    const items = [{ personId: 'p9', wrapped: wrapPersonKey(sodium, { vaultId: VAULT, personId: 'p9', personKey: newPersonKey(), wrapKey: stranger }) }];
    expect(() =>
      rewrapAll(sodium, {
        vaultId: VAULT,
        oldWrapKey: personWrapKey(sodium, vaultKey, randomBytes(32)),
        newWrapKey: personWrapKey(sodium, vaultKey, randomBytes(32)),
        items,
      }),
    ).toThrow(/personKeys item p9/);
  });
});
