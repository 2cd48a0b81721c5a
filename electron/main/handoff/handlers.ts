import { createHash } from 'node:crypto';
import path from 'node:path';
import { encodeMinisignPublicKey, minisignFingerprint, parseMinisignPublicKey, type MinisignPublicKey } from '../../../src/core/crypto/minisign';
import {
  BundleError,
  checkRecipients,
  encryptBundle,
  inspectArchive,
  MAX_BUNDLE_BYTES,
  recipientId,
  SENSITIVE_FIELDS,
  type Manifest,
} from '../../../src/core/handoff';
import { AppError } from '../../../src/core/errors';
import type { HandlerTable } from '../ipc';
import { saveDialogText, type SaveSubject } from './dialog-text';
import type { FileDialogs } from './dialogs';
import { readFileCapped, writeFileAtomic } from '../files';
import { fromBase64, toBase64 } from '../../../src/core/crypto/bytes';

export interface HandoffDeps {
  dialogs: FileDialogs;
  now(): Date;
  /** Size cap of a bundle read or written; the default is the format's. */
  maxBundleBytes?: number;
}

type HandoffChannels = 'handoff.export' | 'handoff.open' | 'handoff.savePublicKey';

/**
 * `handoff.*`: main writes bundles and public keys and reads bundles, only at paths picked in a native
 * dialog. It holds no long-term secret: the renderer signs; main checks what it was handed (signature
 * by the given organisation key, recipients, expiry, the partner's profile) and encrypts to public keys.
 * The key, recipients and profile come from the same request, so that check guards against renderer
 * bugs; against a compromised renderer the guard is the save dialog, whose text main writes from what
 * it encrypts: how many people, which fields, to which recipient ids (docs/security.md).
 */
export function handoffHandlers(deps: HandoffDeps): Pick<HandlerTable, HandoffChannels> {
  const maxBytes = deps.maxBundleBytes ?? MAX_BUNDLE_BYTES;
  return {
    'handoff.export': async ({ archive, recipients, profile, orgSigningPublicKey, language }) => {
      let signer: MinisignPublicKey;
      try {
        signer = parseMinisignPublicKey(orgSigningPublicKey);
      } catch {
        throw new AppError('handoff-sender-key', 'the organisation signing key is not a minisign public key');
      }
      let sealed: { manifest: Manifest; bundle: Uint8Array; subject: SaveSubject };
      try {
        const bytes = fromBase64(archive);
        const { manifest, payload } = await inspectArchive(bytes, { trustedSigners: [signer], recipients, profile, now: deps.now(), limits: { maxBytes } });
        const subject: SaveSubject = {
          kind: 'bundle',
          people: payload.people.length,
          recipientIds: await Promise.all(recipients.map(recipientId)),
          fields: SENSITIVE_FIELDS.filter((field) => manifest.profile[field]),
          expires: manifest.expires.slice(0, 10),
        };
        sealed = { manifest, bundle: await encryptBundle(bytes, recipients), subject };
      } catch (error) {
        // BundleError and SealError are refusals already; base64 that does not decode is a damaged archive.
        if (error instanceof SyntaxError) throw new BundleError('damaged', 'the archive is not valid base64');
        throw error;
      }
      // Neutral name: no partner, place or person in it; the date and a bundle-id prefix tell files apart.
      const { manifest, bundle, subject } = sealed;
      const suggested = `bundle-${deps.now().toISOString().slice(0, 10)}-${manifest.bundleId.slice(0, 8)}.age`;
      const target = await deps.dialogs.save(suggested, 'bundle', saveDialogText(subject, language));
      if (target === undefined) return { status: 'cancelled' as const };
      await writeFileAtomic(target, bundle);
      return {
        status: 'saved' as const,
        bundleId: manifest.bundleId,
        sha256: createHash('sha256').update(bundle).digest('hex'),
        path: target,
        people: manifest.counts.people,
      };
    },

    'handoff.open': async () => {
      const source = await deps.dialogs.open('bundle');
      if (source === undefined) return { status: 'cancelled' as const };
      const bytes = await readFileCapped(source, maxBytes);
      return { status: 'opened' as const, fileName: path.basename(source).slice(0, 255), bytes: toBase64(bytes) };
    },

    'handoff.savePublicKey': async ({ kind, text, language }) => {
      // Main writes only a key it could parse, in canonical form: never arbitrary renderer text.
      let content: string;
      let id: string;
      try {
        if (kind === 'age-recipient') {
          const [recipient] = checkRecipients([text]) as [string];
          [content, id] = [`${recipient}\n`, await recipientId(recipient)];
        } else {
          const key = parseMinisignPublicKey(text);
          [content, id] = [encodeMinisignPublicKey(key), await minisignFingerprint(key)];
        }
      } catch {
        throw new AppError('invalid-public-key', kind === 'age-recipient' ? 'not an age recipient' : 'not a minisign public key');
      }
      const text_ = saveDialogText({ kind: 'public-key', key: kind, id }, language);
      const target = await deps.dialogs.save(kind === 'age-recipient' ? 'waystation.age.pub' : 'waystation.minisign.pub', 'public-key', text_);
      if (target === undefined) return { status: 'cancelled' as const };
      await writeFileAtomic(target, new TextEncoder().encode(content));
      return { status: 'saved' as const, path: target };
    },
  };
}
