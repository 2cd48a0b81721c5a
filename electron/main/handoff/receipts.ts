import { fromBase64, toBase64 } from '../../../src/core/crypto/bytes';
import { minisignFingerprint, parseMinisignPublicKey, verifyMinisign } from '../../../src/core/crypto/minisign';
import { MAX_RECEIPT_BYTES, MAX_RECEIPT_SIGNATURE_BYTES, parseReceipt, SIGNATURE_SUFFIX } from '../../../src/core/handoff/receipt';
import { AppError } from '../../../src/core/errors';
import type { HandlerTable } from '../ipc';
import { saveDialogText } from './dialog-text';
import type { FileDialogs } from './dialogs';
import { readFileCapped, ReadRefusedError, writeFileAtomic } from '../files';

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
      // A file too large or unreadable throws ReadRefusedError, an AppError that dispatch sends as it is.
      const bytes = await readFileCapped(file, MAX_RECEIPT_BYTES);
      const signature = await readFileCapped(file + SIGNATURE_SUFFIX, MAX_RECEIPT_SIGNATURE_BYTES).catch((error: unknown) => {
        if (error instanceof ReadRefusedError && error.reason === 'unreadable') return undefined;
        throw error;
      });
      if (signature === undefined) throw new AppError('receipt-no-signature', `there is no readable ${SIGNATURE_SUFFIX} file beside the receipt`);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(signature);
      } catch {
        throw new AppError('file-unreadable', `the ${SIGNATURE_SUFFIX} file is not UTF-8 text`);
      }
      if (text === '') throw new AppError('receipt-no-signature', `the ${SIGNATURE_SUFFIX} file is empty`);
      return { status: 'opened' as const, file: toBase64(bytes), signature: text };
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
        throw new AppError('not-a-receipt', 'not a receipt signed by the given key');
      }
      const target = await deps.dialogs.save(`receipt-${subject.bundleId.slice(0, 8)}.json`, 'receipt', saveDialogText(subject, language));
      if (target === undefined) return { status: 'cancelled' as const };
      // The signature first: a lone .minisig is harmless, a receipt without one is not a receipt.
      await writeFileAtomic(target + SIGNATURE_SUFFIX, new TextEncoder().encode(signature));
      await writeFileAtomic(target, bytes);
      return { status: 'saved' as const, path: target };
    },
  };
}
