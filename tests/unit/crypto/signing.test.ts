import { beforeAll, describe, expect, it } from 'vitest';
import { newSigningSeed, sign, SigningContext, signingPublicKey, verify } from '../../../src/core/crypto/signing';
import { signUser, refuseUser } from '../../../src/core/crypto/signed-user';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import type { User } from '../../../src/core/model/user';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

describe('signatures', () => {
  it('verify only for the same key, context and data', () => {
    const seed = newSigningSeed();
    const other = newSigningSeed();
    const key = signingPublicKey(sodium, seed);
    const sig = sign(sodium, seed, SigningContext.audit, 'data');
    expect(verify(sodium, [key], SigningContext.audit, 'data', sig)).toBe(true);
    expect(verify(sodium, [signingPublicKey(sodium, other), key], SigningContext.audit, 'data', sig)).toBe(true);
    expect(verify(sodium, [signingPublicKey(sodium, other)], SigningContext.audit, 'data', sig)).toBe(false);
    expect(verify(sodium, [key], SigningContext.checkpoint, 'data', sig)).toBe(false);
    expect(verify(sodium, [key], SigningContext.audit, 'datA', sig)).toBe(false);
    expect(verify(sodium, [], SigningContext.audit, 'data', sig)).toBe(false);
    expect(verify(sodium, ['not a key'], SigningContext.audit, 'data', 'not a signature')).toBe(false);
  });
});

describe('signed user records', () => {
  const adminSeed = newSigningSeed();
  const user: User = { id: 'u-1', name: 'Ira', role: 'operator', status: 'active', signingKeys: [] };

  it('count when signed by the admin key with a newer revision', () => {
    const adminKey = signingPublicKey(sodium, adminSeed);
    const first = signUser(sodium, adminSeed, user, undefined);
    expect(first.revision).toBe(0);
    expect(refuseUser(sodium, adminKey, first, undefined)).toBeUndefined();
    const suspended = signUser(sodium, adminSeed, { ...first, status: 'disabled' }, first);
    expect(refuseUser(sodium, adminKey, suspended, first)).toBeUndefined();
    // The older signed record put back after the newer one.
    expect(refuseUser(sodium, adminKey, first, suspended)).toBe('replayed');
  });

  it('are refused when unsigned, edited, or signed by any other key (an insider making themselves admin)', () => {
    const adminKey = signingPublicKey(sodium, adminSeed);
    const signed = signUser(sodium, adminSeed, user, undefined);
    expect(refuseUser(sodium, adminKey, user, undefined)).toBe('unsigned');
    expect(refuseUser(sodium, adminKey, { ...signed, role: 'admin' }, undefined)).toBe('bad-signature');
    expect(refuseUser(sodium, adminKey, signUser(sodium, newSigningSeed(), { ...user, role: 'admin' }, undefined), undefined)).toBe('bad-signature');
  });
});
