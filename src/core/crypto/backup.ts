/**
 * Encryption of backup files (age format, so `age -d` reads them with an admin's own identity).
 *
 * A backup is encrypted to the vault's recovery key even though the app never keeps that key: the
 * recovery slot's kek (Argon2id of the recovery key, run anyway when the slot is made) seeds an
 * X25519 key pair, and its public half is stored in the slot as `backupKey`:
 *   seed    = BLAKE2b-256("waystation/backup/v1" || recovery kek)
 *   keypair = crypto_box_seed_keypair(seed)
 * The file key is sealed to it in a custom age stanza, which standard age tools skip:
 *   -> waystation.app/recovery <salt, base64> <opsLimit> <memLimitBytes>
 *   crypto_box_seal(file key, backupKey)
 * The stanza carries the slot's Argon2id parameters so the recovery key alone opens the file; a
 * tampered stanza with weak parameters is refused by deriveKek like a tampered slot. An admin may add
 * X25519 age recipients of their own (post-quantum ones are refused: this stanza would undo them).
 *
 *   backupKeyPair(sodium, recoveryKek), encryptBackup(sodium, plain, to), decryptBackup(bytes, with)
 *   BackupOpenError
 */
import { Decrypter, Encrypter, Stanza, type Identity, type Recipient } from 'age-encryption';
import { concatBytes, fromBase64, utf8Encode } from './bytes';
import { KdfParamsSchema, type KdfParams } from './kdf';
import type { Sodium } from './sodium';
import { AppError } from '../errors';

const STANZA = 'waystation.app/recovery';
const SEED_DOMAIN = utf8Encode('waystation/backup/v1');
const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

export class BackupOpenError extends AppError {
  constructor(message: string) {
    super('backup-unreadable', message);
    this.name = 'BackupOpenError';
  }
}

export function backupKeyPair(sodium: Sodium, recoveryKek: Uint8Array): { publicKey: Uint8Array; privateKey: Uint8Array } {
  const message = concatBytes(SEED_DOMAIN, recoveryKek);
  const seed = sodium.crypto_generichash(32, message, null);
  try {
    return sodium.crypto_box_seed_keypair(seed);
  } finally {
    sodium.memzero(seed);
    sodium.memzero(message);
  }
}

function recoveryRecipient(sodium: Sodium, backupKey: Uint8Array, kdf: KdfParams): Recipient {
  return {
    wrapFileKey: (fileKey) => [new Stanza([STANZA, kdf.salt, String(kdf.opsLimit), String(kdf.memLimitBytes)], sodium.crypto_box_seal(fileKey, backupKey))],
  };
}

/** Derives from the stanza's parameters, so the caller runs Argon2id (in its worker) only for a backup that has this stanza. */
function recoveryIdentity(sodium: Sodium, deriveKek: (kdf: KdfParams) => Promise<Uint8Array>): Identity {
  return {
    async unwrapFileKey(stanzas) {
      const stanza = stanzas.find((s) => s.args[0] === STANZA);
      if (!stanza) return null;
      const [, salt, ops, mem] = stanza.args;
      const kdf = KdfParamsSchema.safeParse({ alg: 'argon2id13', salt, opsLimit: Number(ops), memLimitBytes: Number(mem) });
      if (!kdf.success || stanza.args.length !== 4) throw new BackupOpenError('The backup file is damaged.');
      const kek = await deriveKek(kdf.data);
      const pair = backupKeyPair(sodium, kek);
      sodium.memzero(kek);
      try {
        return sodium.crypto_box_seal_open(stanza.body, pair.publicKey, pair.privateKey);
      } catch {
        return null;
      } finally {
        sodium.memzero(pair.privateKey);
      }
    },
  };
}

/** Whether a backup can be encrypted to `recipient`: an X25519 age recipient (age1…, lower case) whose checksum holds. */
export function isBackupRecipient(recipient: string): boolean {
  if (!X25519_RECIPIENT.test(recipient)) return false;
  try {
    new Encrypter().addRecipient(recipient);
    return true;
  } catch {
    return false;
  }
}

export async function encryptBackup(
  sodium: Sodium,
  plain: Uint8Array,
  to: { backupKey: string; kdf: KdfParams; ageRecipients: readonly string[] },
): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recoveryRecipient(sodium, fromBase64(to.backupKey), to.kdf));
  for (const r of to.ageRecipients) {
    if (!X25519_RECIPIENT.test(r)) throw new BackupOpenError('Only X25519 age recipients (age1…) can be added to a backup.');
    encrypter.addRecipient(r);
  }
  return encrypter.encrypt(plain);
}

/** Throws BackupOpenError when nothing given opens the file (wrong key, or not a backup). */
export async function decryptBackup(
  sodium: Sodium,
  bytes: Uint8Array,
  using: { deriveRecoveryKek: (kdf: KdfParams) => Promise<Uint8Array> } | { ageIdentity: string },
): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  decrypter.addIdentity('ageIdentity' in using ? using.ageIdentity : recoveryIdentity(sodium, using.deriveRecoveryKek));
  try {
    return await decrypter.decrypt(bytes);
  } catch (error) {
    if (error instanceof BackupOpenError) throw error;
    throw new BackupOpenError('This file does not open with what was given: a wrong key, or not a backup of this app.');
  }
}
