import { fromBase64, toBase64 } from '../../../src/core/crypto/bytes';
import { minisignFingerprint, parseMinisignPublicKey, verifyMinisign } from '../../../src/core/crypto/minisign';
import { MAX_RECEIPT_BYTES, MAX_RECEIPT_SIGNATURE_BYTES, parseReceipt, SIGNATURE_SUFFIX } from '../../../src/core/handoff/receipt';
import type { HandlerTable } from '../ipc';
import { saveDialogText } from './dialog-text';
import type { FileDialogs } from './dialogs';
import { readFileCapped, ReadRefusedError, writeFileAtomic, WriteRefusedError } from '../files';

/**
 * `handoff.openReceipt` and `handoff.saveReceipt`: a receipt is two files, RECEIPT and RECEIPT.minisig
 * (docs/bundle-format.md, "Receipts"). The user picks one of the pair in the dialog; main reads both,
 * size-capped. The renderer checks them against the vault. Main writes only a pair it parsed and
 * verified against the organisation key it was given, and words the save dialog from what it parsed.
 */
export function receiptHandlers(deps: { dialogs: FileDialogs }): Pick<HandlerTable, 'handoff.openReceipt' | 'handoff.saveReceipt'> {
  return {
    'handoff.openReceipt': async () => {
      const picked = await deps.dialogs.open('receipt');
      if (picked === undefined) return { status: 'cancelled' as const };
      const file = picked.endsWith(SIGNATURE_SUFFIX) ? picked.slice(0, -SIGNATURE_SUFFIX.length) : picked;
      try {
        const bytes = await readFileCapped(file, MAX_RECEIPT_BYTES);
        const signature = await readFileCapped(file + SIGNATURE_SUFFIX, MAX_RECEIPT_SIGNATURE_BYTES).catch((error: unknown) => {
          if (error instanceof ReadRefusedError && error.reason === 'unreadable') return undefined;
          throw error;
        });
        if (signature === undefined) return { status: 'refused' as const, reason: 'no-signature' as const, message: `there is no readable ${SIGNATURE_SUFFIX} file beside the receipt` };
        const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(signature);
        if (text === '') return { status: 'refused' as const, reason: 'no-signature' as const, message: `the ${SIGNATURE_SUFFIX} file is empty` };
        return { status: 'opened' as const, file: toBase64(bytes), signature: text };
      } catch (error) {
        if (error instanceof ReadRefusedError) return { status: 'refused' as const, reason: error.reason, message: error.message.slice(0, 300) };
        if (error instanceof TypeError) return { status: 'refused' as const, reason: 'unreadable' as const, message: `the ${SIGNATURE_SUFFIX} file is not UTF-8 text` };
        throw error;
      }
    },

    'handoff.saveReceipt': async ({ file, signature, signingPublicKey, language }) => {
      let subject: { kind: 'receipt'; bundleId: string; people: number; fingerprint: string };
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(file);
        const receipt = parseReceipt(bytes);
        const key = parseMinisignPublicKey(signingPublicKey);
        await verifyMinisign(bytes, signature, key);
        subject = { kind: 'receipt', bundleId: receipt.bundleId, people: receipt.people, fingerprint: await minisignFingerprint(key) };
      } catch {
        return { status: 'refused' as const, reason: 'not-a-receipt' as const, message: 'not a receipt signed by the given key' };
      }
      const target = await deps.dialogs.save(`receipt-${subject.bundleId.slice(0, 8)}.json`, 'receipt', saveDialogText(subject, language));
      if (target === undefined) return { status: 'cancelled' as const };
      try {
        // The signature first: a lone .minisig is harmless, a receipt without one is not a receipt.
        await writeFileAtomic(target + SIGNATURE_SUFFIX, new TextEncoder().encode(signature));
        await writeFileAtomic(target, bytes);
      } catch (error) {
        if (error instanceof WriteRefusedError) return { status: 'refused' as const, reason: error.reason, message: error.message };
        throw error;
      }
      return { status: 'saved' as const, path: target };
    },
  };
}
