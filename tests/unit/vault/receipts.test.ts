import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../../src/core/crypto/bytes';
import { generateMinisignKeyPair, encodeMinisignPublicKey, minisignFingerprint, parseMinisignPublicKey } from '../../../src/core/crypto/minisign';
import { MINIMAL_PROFILE } from '../../../src/core/handoff';
import { receiptFor, signReceipt } from '../../../src/core/handoff/receipt';
import { ReceiptError, type ReceiptRefusal } from '../../../src/core/handoff/receipt-verify';
import { newId } from '../../../src/core/model/ids';
import type { StayEvent } from '../../../src/core/model/stay-event';
import { markPartnerVerified, mergeBundle, orgPublicKeys, prepareExport, receiveBundle, savePartner, sendExport, type ExportResponse } from '../../../src/vault/handoff';
import { handoffRows, importReceipt, receiptForImport, recordedReceipts, sentBundles } from '../../../src/vault/receipts';
import type { Session } from '../../../src/vault/session';
import { createVault } from '../../../src/vault/services/create';
import { handoffHandlers } from '../../../electron/main/handoff/handlers';
import { receiptHandlers } from '../../../electron/main/handoff/receipts';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { dumpDb, PASS, person, testVault } from './helpers';

// The vault test clock (helpers.ts).
const NOW = new Date('2026-11-20T10:00:00Z');
const DAY = 86_400_000;

/** main's real handoff and receipt handlers, behind dialogs that save into a temp folder and open `toOpen`. */
async function mainProcess() {
  const dir = await mkdtemp(path.join(tmpdir(), 'ws-receipts-'));
  const toOpen: string[] = [];
  const dialogs: FileDialogs = { save: async (name) => path.join(dir, name), open: async () => toOpen.shift() };
  return { dir, toOpen, handoff: handoffHandlers({ dialogs, now: () => NOW }), receipts: receiptHandlers({ dialogs }) };
}

async function vault(name: string) {
  const t = await testVault();
  return { ...t, session: (await createVault(t.deps, { adminName: name, passphrase: PASS })).session };
}

/** Org A sends a bundle of two people to org B; both run the app and have pinned and verified each other's keys. */
async function sentFromAToB() {
  const [a, b] = [await vault('Ada'), await vault('Bea')];
  const [aKeys, bKeys] = [await orgPublicKeys(a.session), await orgPublicKeys(b.session)];
  const bAtA = await savePartner(a.session, { name: 'B', recipients: [bKeys.ageRecipient], signingKey: bKeys.minisignPublicKey, exportProfile: MINIMAL_PROFILE });
  const aAtB = await savePartner(b.session, { name: 'A', recipients: [aKeys.ageRecipient], signingKey: aKeys.minisignPublicKey, exportProfile: MINIMAL_PROFILE });
  await markPartnerVerified(a.session, bAtA.id, NOW);
  await markPartnerVerified(b.session, aAtB.id, NOW);
  const ids: string[] = [];
  for (const alias of ['Kolya', 'Masha']) {
    const p = person({ alias, consentToShare: [bAtA.id] });
    await a.session.people.put(p);
    const base = (d: string) => ({ id: newId(), at: `${d}T12:00:00Z`, recordedAt: `${d}T12:00:00Z` });
    await a.session.events.append({ ...base('2026-10-01'), type: 'arrival', personId: p.id, houseId: 'h1', bedId: 'b1' } as StayEvent);
    ids.push(p.id);
  }
  const prepared = prepareExport(a.session.getSnapshot(), { partnerId: bAtA.id, personIds: ids, profile: MINIMAL_PROFILE, expiresInDays: 30, senderName: 'Org A' }, NOW);
  const main = await mainProcess();
  const sent = (await sendExport(a.session, prepared, (r) => main.handoff['handoff.export']({ ...r, language: 'en' }) as Promise<ExportResponse>)) as Extract<ExportResponse, { status: 'saved' }>;
  const bundle = new Uint8Array(await readFile(sent.path));
  return { a, b, bAtA, aAtB, sent, bundle, main };
}

/** B imports the bundle and makes its receipt, as the Receive screen does. */
async function receiptFromB(b: Session, bundle: Uint8Array) {
  const received = await receiveBundle(b, bundle, NOW, () => 'from A');
  await mergeBundle(b, received, NOW);
  return receiptForImport(b, received.opened, bundle, new Date(NOW.getTime() + DAY));
}

async function refusal(promise: Promise<unknown>): Promise<ReceiptRefusal | string> {
  return promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof ReceiptError ? error.reason : `threw ${String(error)}`),
  );
}

describe('sent bundles and receipts', () => {
  it('the export record keeps what a receipt is checked against: id, partner, count, dates and the hash of the file written', async () => {
    const { a, bAtA, sent, bundle } = await sentFromAToB();
    const { createHash } = await import('node:crypto');
    expect(sentBundles(a.session.getSnapshot())).toEqual([
      {
        bundleId: sent.bundleId,
        partnerId: bAtA.id,
        people: 2,
        created: NOW.toISOString(),
        expires: new Date(NOW.getTime() + 30 * DAY).toISOString(),
        sha256: createHash('sha256').update(bundle).digest('hex'),
      },
    ]);
  });

  it("app to app: B's receipt, saved and read back through main, is verified and recorded at A, and listed", async () => {
    const { a, b, bAtA, sent, bundle, main } = await sentFromAToB();
    const { file, signature } = await receiptFromB(b.session, bundle);
    const saved = await main.receipts['handoff.saveReceipt']({ file: toBase64(file), signature, signingPublicKey: (await orgPublicKeys(b.session)).minisignPublicKey, language: 'ru' });
    expect(saved).toEqual({ status: 'saved', path: path.join(main.dir, `receipt-${sent.bundleId.slice(0, 8)}.json`) });
    // The user may pick either file of the pair.
    main.toOpen.push(`${(saved as { path: string }).path}.minisig`);
    const opened = await main.receipts['handoff.openReceipt']({});
    expect(opened).toMatchObject({ status: 'opened', file: toBase64(file), signature });

    const overdue = handoffRows(a.session.getSnapshot(), new Date(NOW.getTime() + 7 * DAY));
    expect(overdue.map((r) => [r.sent.bundleId, r.partner?.id, r.receipt, r.overdue])).toEqual([[sent.bundleId, bAtA.id, undefined, true]]);

    const verified = await importReceipt(a.session, file, signature);
    const bKey = parseMinisignPublicKey((await orgPublicKeys(b.session)).minisignPublicKey);
    expect(verified.signer.fingerprint).toBe(await minisignFingerprint(bKey));
    expect(a.session.audit.entries().at(-1)).toMatchObject({ action: 'handoff.receipt', details: { bundle: sent.bundleId, partner: bAtA.id, received: new Date(NOW.getTime() + DAY).toISOString() } });
    const [row] = handoffRows(a.session.getSnapshot(), new Date(NOW.getTime() + 30 * DAY));
    expect(row).toMatchObject({ overdue: false, receipt: { bundleId: sent.bundleId, fingerprint: verified.signer.fingerprint, keyId: verified.signer.keyId } });
  });

  it('flags a bundle without a receipt after the set number of days', async () => {
    const { a } = await sentFromAToB();
    const at = (days: number) => handoffRows(a.session.getSnapshot(), new Date(NOW.getTime() + days * DAY))[0]!.overdue;
    expect([at(6.9), at(7)]).toEqual([false, true]);
    await a.session.settings.update({ receiptOverdueDays: 14 });
    expect([at(13), at(14)]).toEqual([false, true]);
  });

  it('refuses each hostile receipt with its reason and stores nothing', async () => {
    const { a, b, bAtA, sent, bundle } = await sentFromAToB();
    const good = await receiptFromB(b.session, bundle);
    const bSigning = b.session.orgKeys().signing;
    const bKey = { keyId: bSigning.keyId, secretKey: bSigning.secretKey };
    const receipt = JSON.parse(new TextDecoder().decode(good.file)) as Awaited<ReturnType<typeof receiptFor>>;

    // C is another partner of A, pinned and verified there too: its key is trusted, but not for B's bundle.
    const c = await generateMinisignKeyPair();
    const cAtA = await savePartner(a.session, { name: 'C', recipients: [], signingKey: encodeMinisignPublicKey(c.publicKey), exportProfile: MINIMAL_PROFILE });
    await markPartnerVerified(a.session, cAtA.id, NOW);

    const cases: [string, Promise<{ file: Uint8Array; signature: string }>, ReceiptRefusal][] = [
      ['unknown bundle', signReceipt({ ...receipt, bundleId: 'f'.repeat(32) }, bKey), 'unknown-bundle'],
      ['another partner signed it', signReceipt(receipt, c.secretKey), 'wrong-signer'],
      ['a file other than the one written', signReceipt({ ...receipt, bundleSha256: '0'.repeat(64) }, bKey), 'wrong-hash'],
      ['another count', signReceipt({ ...receipt, people: 3 }, bKey), 'wrong-count'],
      ['forged under B’s key id', signReceipt(receipt, { keyId: bKey.keyId, secretKey: c.secretKey.secretKey }), 'bad-signature'],
      ['malformed', Promise.resolve({ file: new TextEncoder().encode('{"people": 2}'), signature: good.signature }), 'malformed'],
    ];
    const before = await dumpDb(a.deps.db);
    for (const [name, made, reason] of cases) {
      const { file, signature } = await made;
      expect(await refusal(importReceipt(a.session, file, signature)), name).toBe(reason);
    }
    expect(await dumpDb(a.deps.db)).toEqual(before);
    expect(recordedReceipts(a.session.getSnapshot()).size).toBe(0);

    // B's key, once replaced at A (and so no longer verified), verifies nothing.
    await savePartner(a.session, { id: bAtA.id, name: 'B', recipients: bAtA.recipients ?? [], signingKey: encodeMinisignPublicKey(c.publicKey), exportProfile: MINIMAL_PROFILE });
    expect(await refusal(importReceipt(a.session, good.file, good.signature))).toBe('no-partner-key');
    await savePartner(a.session, { id: bAtA.id, name: 'B', recipients: bAtA.recipients ?? [], signingKey: (await orgPublicKeys(b.session)).minisignPublicKey, exportProfile: MINIMAL_PROFILE });
    await markPartnerVerified(a.session, bAtA.id, NOW);

    await importReceipt(a.session, good.file, good.signature);
    const recorded = await dumpDb(a.deps.db);
    expect(await refusal(importReceipt(a.session, good.file, good.signature))).toBe('duplicate');
    expect(await dumpDb(a.deps.db)).toEqual(recorded);
    expect(recordedReceipts(a.session.getSnapshot()).get(sent.bundleId)).toBeDefined();
  });

  it('main refuses to open a receipt without its signature file, and to save a pair the given key did not sign', async () => {
    const { b, bundle, main } = await sentFromAToB();
    const lone = path.join(main.dir, 'lone.json');
    await writeFile(lone, '{}');
    main.toOpen.push(lone);
    await expect(main.receipts['handoff.openReceipt']({})).rejects.toMatchObject({ code: 'receipt-no-signature' });
    const { file, signature } = await receiptFromB(b.session, bundle);
    const other = encodeMinisignPublicKey((await generateMinisignKeyPair()).publicKey);
    await expect(main.receipts['handoff.saveReceipt']({ file: toBase64(file), signature, signingPublicKey: other, language: 'en' })).rejects.toMatchObject({ code: 'not-a-receipt' });
  });
});
