import { describe, expect, it } from 'vitest';
import { minisignFingerprint, minisignKeyIdHex, signMinisign } from '../../../src/core/crypto/minisign';
import { encodeReceipt, parseReceipt, ReceiptFormatError, receiptSchema, signReceipt, type Receipt } from '../../../src/core/handoff/receipt';
import { ReceiptError, verifyReceipt, type ReceiptContext, type SentBundle } from '../../../src/core/handoff/receipt-verify';
import { signer } from './helpers';

const SENT: SentBundle = {
  bundleId: '0123456789abcdef0123456789abcdef',
  partnerId: 'partner-a',
  people: 3,
  created: '2026-03-01T12:00:00.000Z',
  expires: '2026-03-31T12:00:00.000Z',
  sha256: 'ab'.repeat(32),
};
const RECEIPT: Receipt = {
  format: 'waystation-receipt',
  formatVersion: 1,
  bundleId: SENT.bundleId,
  bundleSha256: SENT.sha256!,
  people: 3,
  received: '2026-03-02T09:00:00.000Z',
};

describe('receipt schema', () => {
  it('round-trips through the file encoding', () => {
    expect(parseReceipt(encodeReceipt(RECEIPT))).toEqual(RECEIPT);
  });

  it.each([
    ['not JSON', new TextEncoder().encode('{')],
    ['an extra field', new TextEncoder().encode(JSON.stringify({ ...RECEIPT, name: 'x' }))],
    ['another format', new TextEncoder().encode(JSON.stringify({ ...RECEIPT, format: 'waystation-handoff' }))],
    ['a future version', new TextEncoder().encode(JSON.stringify({ ...RECEIPT, formatVersion: 2 }))],
    ['an upper-case hash', new TextEncoder().encode(JSON.stringify({ ...RECEIPT, bundleSha256: 'AB'.repeat(32) }))],
    ['a negative count', new TextEncoder().encode(JSON.stringify({ ...RECEIPT, people: -1 }))],
    ['a prototype key', new TextEncoder().encode(`{"__proto__":{},${JSON.stringify(RECEIPT).slice(1)}`)],
    ['too large', new TextEncoder().encode(JSON.stringify({ ...RECEIPT, pad: ' '.repeat(5000) }))],
  ])('refuses %s', (_, bytes) => {
    expect(() => parseReceipt(bytes)).toThrow(ReceiptFormatError);
  });

  it('is strict about dates', () => {
    expect(receiptSchema.safeParse({ ...RECEIPT, received: 'yesterday' }).success).toBe(false);
  });
});

describe('verifyReceipt', () => {
  async function setup() {
    const partner = await signer();
    const other = await signer();
    const recorded = new Set<string>();
    const keys = new Map([
      ['partner-a', partner.publicKey],
      ['partner-b', other.publicKey],
    ]);
    const context: ReceiptContext = {
      sent: (id) => (id === SENT.bundleId ? SENT : undefined),
      partnerKey: (id) => keys.get(id),
      hasReceipt: (id) => recorded.has(id),
    };
    return { partner, other, context, recorded, keys };
  }

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof ReceiptError ? error.reason : `threw ${String(error)}`),
    );

  it("accepts a receipt signed by the bundle's partner and says by which key", async () => {
    const { partner, context } = await setup();
    const { file, signature } = await signReceipt(RECEIPT, partner.secretKey);
    const verified = await verifyReceipt(file, signature, context);
    expect(verified.receipt).toEqual(RECEIPT);
    expect(verified.sent).toBe(SENT);
    expect(verified.signer).toEqual({ keyId: minisignKeyIdHex(partner.publicKey.keyId), fingerprint: await minisignFingerprint(partner.publicKey) });
  });

  it('refuses a malformed receipt or signature file', async () => {
    const { partner, context } = await setup();
    const { file, signature } = await signReceipt(RECEIPT, partner.secretKey);
    expect(await refusal(verifyReceipt(new TextEncoder().encode('[]'), signature, context))).toBe('malformed');
    expect(await refusal(verifyReceipt(file, 'not a signature', context))).toBe('malformed');
    expect(await refusal(verifyReceipt(file, signature + 'x'.repeat(17_000), context))).toBe('malformed');
  });

  it('refuses a receipt for a bundle this vault did not send, or sent before hashes were kept', async () => {
    const { partner, context } = await setup();
    const unknown = await signReceipt({ ...RECEIPT, bundleId: 'f'.repeat(32) }, partner.secretKey);
    expect(await refusal(verifyReceipt(unknown.file, unknown.signature, context))).toBe('unknown-bundle');
    const { file, signature } = await signReceipt(RECEIPT, partner.secretKey);
    const old = { ...context, sent: () => ({ ...SENT, sha256: undefined }) };
    expect(await refusal(verifyReceipt(file, signature, old))).toBe('unknown-bundle');
  });

  it("refuses a receipt signed by another partner's key, however trusted that key is", async () => {
    const { other, context } = await setup();
    const { file, signature } = await signReceipt(RECEIPT, other.secretKey);
    expect(await refusal(verifyReceipt(file, signature, context))).toBe('wrong-signer');
  });

  it("refuses a signature under the partner's key id that the key did not make, and an edited receipt", async () => {
    const { partner, other, context } = await setup();
    const forged = await signReceipt(RECEIPT, { keyId: partner.secretKey.keyId, secretKey: other.secretKey.secretKey });
    expect(await refusal(verifyReceipt(forged.file, forged.signature, context))).toBe('bad-signature');
    const { file, signature } = await signReceipt(RECEIPT, partner.secretKey);
    const edited = new TextEncoder().encode(new TextDecoder().decode(file).replace('"people": 3', '"people": 4'));
    expect(await refusal(verifyReceipt(edited, signature, context))).toBe('bad-signature');
  });

  it('refuses a receipt whose partner has no pinned key', async () => {
    const { partner, context, keys } = await setup();
    keys.delete('partner-a');
    const { file, signature } = await signReceipt(RECEIPT, partner.secretKey);
    expect(await refusal(verifyReceipt(file, signature, context))).toBe('no-partner-key');
  });

  it('refuses a correctly signed receipt for another file than the one written, or another count', async () => {
    const { partner, context } = await setup();
    const hash = await signReceipt({ ...RECEIPT, bundleSha256: 'cd'.repeat(32) }, partner.secretKey);
    expect(await refusal(verifyReceipt(hash.file, hash.signature, context))).toBe('wrong-hash');
    const count = await signReceipt({ ...RECEIPT, people: 2 }, partner.secretKey);
    expect(await refusal(verifyReceipt(count.file, count.signature, context))).toBe('wrong-count');
  });

  it('refuses a second receipt for the same bundle', async () => {
    const { partner, context, recorded } = await setup();
    const { file, signature } = await signReceipt(RECEIPT, partner.secretKey);
    recorded.add(SENT.bundleId);
    expect(await refusal(verifyReceipt(file, signature, context))).toBe('duplicate');
  });

  it('accepts a plain minisign signature of the file (any trusted comment), as `minisign -S` makes', async () => {
    const { partner, context } = await setup();
    const file = encodeReceipt(RECEIPT);
    const signature = await signMinisign(file, partner.secretKey, { trustedComment: 'timestamp:1772442000' });
    expect((await verifyReceipt(file, signature, context)).receipt).toEqual(RECEIPT);
  });
});
