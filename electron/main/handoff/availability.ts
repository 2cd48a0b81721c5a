import { fromBase64 } from '../../../src/core/crypto/bytes';
import { parseMinisignPublicKey, type MinisignPublicKey } from '../../../src/core/crypto/minisign';
import { AppError } from '../../../src/core/errors';
import { BundleError, encryptBundle, recipientId } from '../../../src/core/handoff';
import { verifyAvailabilityArchive } from '../../../src/core/network/bundle';
import type { HandlerTable } from '../ipc';
import { writeFileAtomic } from '../files';
import { saveDialogText, type SaveSubject } from './dialog-text';
import type { FileDialogs } from './dialogs';

/**
 * `network.exportReport`: main writes only an availability report signed by the organisation key it was
 * given and addressed to the recipients it encrypts to, and words the save dialog from what it checked
 * (how many houses, which recipient ids). See docs/bundle-format.md, "Availability reports".
 */
export function availabilityHandlers(deps: { dialogs: FileDialogs; now(): Date }): Pick<HandlerTable, 'network.exportReport'> {
  return {
    'network.exportReport': async ({ archive, recipients, orgSigningPublicKey, language }) => {
      let signer: MinisignPublicKey;
      try {
        signer = parseMinisignPublicKey(orgSigningPublicKey);
      } catch {
        throw new AppError('handoff-sender-key', 'the organisation signing key is not a minisign public key');
      }
      let sealed: { file: Uint8Array; subject: SaveSubject; reportId: string };
      try {
        const bytes = fromBase64(archive);
        const { document } = await verifyAvailabilityArchive(bytes, [signer]);
        const recipientIds = await Promise.all(recipients.map(recipientId));
        if (recipientIds.some((id) => !document.recipients.includes(id))) throw new BundleError('wrong-recipient', 'the report is signed for other recipients');
        sealed = { file: await encryptBundle(bytes, recipients), subject: { kind: 'availability', houses: document.report.houses.length, recipientIds }, reportId: document.reportId };
      } catch (error) {
        // BundleError and SealError are refusals already; base64 that does not decode is a damaged archive.
        if (error instanceof SyntaxError) throw new BundleError('damaged', 'the archive is not valid base64');
        throw error;
      }
      const suggested = `availability-${deps.now().toISOString().slice(0, 10)}-${sealed.reportId.slice(0, 8)}.age`;
      const target = await deps.dialogs.save(suggested, 'bundle', saveDialogText(sealed.subject, language));
      if (target === undefined) return { status: 'cancelled' as const };
      // A write that fails throws WriteRefusedError ('write-failed'), an AppError dispatch sends as it is.
      await writeFileAtomic(target, sealed.file);
      return { status: 'saved' as const, path: target, houses: sealed.subject.kind === 'availability' ? sealed.subject.houses : 0 };
    },
  };
}
