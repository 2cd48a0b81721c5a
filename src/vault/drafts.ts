import { concatBytes, utf8Encode } from '../core/crypto/bytes';
import { open, seal, type ItemAad } from '../core/crypto/envelope';
import { subkey, SubkeyPurpose } from '../core/crypto/kdf';
import { getDraftsKek, withDraftsKek } from '../core/crypto/keyfile';
import type { Sodium } from '../core/crypto/sodium';
import { newId } from '../core/model/ids';
import { draftSchema, isDraftExpired, type Draft } from '../core/model/draft';
import type { KeyFileAccess } from './keyfile-access';
import type { StoredRecord } from './page-log';
import { MAX_SEALED_BYTES } from './records';
import type { Session } from './session';

/**
 * Drafts in the vault (docs/security.md, "Drafts"): each is one 'draft' record of the page log,
 * sealed a second time under the drafts key
 *   draftsKey = BLAKE2b-256(message = "waystation/drafts/v1" || subkey(vaultKey, drafts), key = draftsKek)
 * with AAD { vaultId, store: 'drafts', itemId: draft id, version: 1 }. The drafts KEK lives in main's
 * key file, so duress (which removes it) and a wipe destroy every draft even on a copy of the disk.
 * A draft is offered only to the user who was typing it, until it expires.
 */
const DRAFTS_STORE = 'drafts';
const DRAFT_FORMAT = 1;
const DOMAIN = utf8Encode('waystation/drafts/v1');

/** What a form hands over at the lock: the rest (id, user, time) is added here. */
export type DraftInput = Draft extends infer D ? (D extends Draft ? Omit<D, 'id' | 'userId' | 'savedAt'> : never) : never;

function aad(vaultId: string, id: string): ItemAad {
  return { vaultId, store: DRAFTS_STORE, itemId: id, version: DRAFT_FORMAT };
}

/** The session's drafts key, or undefined when its key file has no drafts KEK (then nothing is sealed). */
function draftsKey(sodium: Sodium, session: Session): Uint8Array | undefined {
  const kek = getDraftsKek(session.currentKeyFile);
  if (!kek || session.isLocked) return undefined;
  const part = subkey(sodium, session.vaultKey, SubkeyPurpose.drafts);
  const message = concatBytes(DOMAIN, part);
  try {
    return sodium.crypto_generichash(32, message, kek);
  } finally {
    sodium.memzero(part);
    sodium.memzero(message);
    sodium.memzero(kek);
  }
}

/**
 * Seals the forms' unsaved input as draft records, synchronously, for the lock's last page. A draft
 * that does not pass its schema or is too large is left out; nothing here may stop a lock.
 */
export function sealDrafts(sodium: Sodium, session: Session, inputs: readonly DraftInput[]): StoredRecord[] {
  if (inputs.length === 0 || session.mustSetPassphrase) return [];
  let key: Uint8Array | undefined;
  try {
    key = draftsKey(sodium, session);
  } catch {
    return [];
  }
  if (!key) return [];
  try {
    const records: StoredRecord[] = [];
    const savedAt = session.now().toISOString();
    for (const input of inputs) {
      const parsed = draftSchema.safeParse({ ...input, id: newId(), userId: session.user.id, savedAt });
      if (!parsed.success) continue;
      const draft = parsed.data;
      const sealed = seal(sodium, key, aad(session.vaultId, draft.id), utf8Encode(JSON.stringify(draft)));
      // A draft larger than a record may hold (a very large spreadsheet) is not kept.
      if (sealed.length <= MAX_SEALED_BYTES) records.push({ t: 'draft', id: draft.id, v: sealed });
    }
    return records;
  } finally {
    sodium.memzero(key);
  }
}

/**
 * The drafts this session's user may take back, oldest first. Expired drafts (anyone's), and drafts
 * no key opens any more (sealed before a new drafts KEK), are removed on the way.
 */
export async function openDrafts(sodium: Sodium, session: Session, maxAgeHours: number): Promise<Draft[]> {
  const sealed = session.drafts.sealed();
  if (sealed.size === 0 || session.mustSetPassphrase) return [];
  const key = draftsKey(sodium, session);
  const mine: Draft[] = [];
  const gone: string[] = [];
  try {
    for (const [id, bytes] of sealed) {
      let draft: Draft;
      try {
        if (!key) throw new Error('no drafts key');
        draft = draftSchema.parse(JSON.parse(new TextDecoder().decode(open(sodium, key, aad(session.vaultId, id), bytes))));
      } catch {
        gone.push(id);
        continue;
      }
      if (draft.id !== id || isDraftExpired(draft, session.now(), maxAgeHours)) gone.push(id);
      else if (draft.userId === session.user.id) mine.push(draft);
    }
  } finally {
    if (key) sodium.memzero(key);
  }
  if (gone.length > 0) await session.drafts.remove(gone);
  return mine.sort((a, b) => a.savedAt.localeCompare(b.savedAt));
}

/** A vault opened before drafts existed (or after duress) gets a drafts KEK in its key file. */
export async function prepareDrafts(session: Session, keyFiles: KeyFileAccess): Promise<void> {
  if (session.mustSetPassphrase || getDraftsKek(session.currentKeyFile)) return;
  const next = withDraftsKek(session.currentKeyFile);
  await keyFiles.write(session.vaultId, next);
  session.currentKeyFile = next;
}
