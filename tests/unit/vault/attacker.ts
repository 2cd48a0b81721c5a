import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fromBase64 } from '../../../src/core/crypto/bytes';
import { decodePage, type Page } from '../../../src/vault/page-codec';
import { open, type ItemAad } from '../../../src/core/crypto/envelope';
import { subkey, SubkeyPurpose } from '../../../src/core/crypto/kdf';
import { getNextPeopleKek, getPeopleKek, getRecoverySecret, getSlotSecret, parseKeyFile, type KeyFile } from '../../../src/core/crypto/keyfile';
import { personWrapKey } from '../../../src/core/crypto/people-keys';
import { type KeySlot, unwrapWithKek, WrongPassphraseError, WrongRecoveryKeyError } from '../../../src/core/crypto/slots';
import type { Sodium } from '../../../src/core/crypto/sodium';
import type { VaultRow } from '../../../src/vault/db';
import type { Captured } from './capture';
import type { TestVault } from './helpers';

/*
 * An attacker who holds every row LevelDB may keep (capture.ts) and some secrets (Loot), and opens
 * everything those allow, recursively. Used by the proofs that forgetting a person and removing a
 * user destroy access (docs/threat-model.md §5a, §24).
 */

/** What an attacker holds besides the captured rows: every key file in the folder, and every secret a user could be made to give up. */
export interface Loot {
  keyFiles: KeyFile[];
  passphrases: string[];
  recoveryKeys: Uint8Array[];
  /** Vault keys copied while the attacker still had access. */
  vaultKeys?: Uint8Array[];
}

export async function keyFilesIn(dir: string): Promise<KeyFile[]> {
  const files: KeyFile[] = [];
  for (const name of await readdir(dir)) files.push(parseKeyFile(new Uint8Array(await readFile(path.join(dir, name)))));
  return files;
}

const STORES = ['pages', 'head', 'people', 'personKeys', 'audit', 'orgKeys', 'keyslots'];
const ENVELOPE_MAGIC = [0x57, 0x01];
const isEnvelope = (b: Uint8Array) => b.length > 2 && b[0] === ENVELOPE_MAGIC[0] && b[1] === ENVELOPE_MAGIC[1];

interface Envelope {
  vaultId: string;
  /** Every id the item could be sealed under: its row or record id, its vault, the fixed 'org'. */
  ids: string[];
  data: Uint8Array;
  /** How many of the keys found so far (in the order found) were already tried on it: a round tries only the newer ones. */
  tried: number;
}

/**
 * Opens everything it can, as often as a newly found key allows: slots with every passphrase and
 * recovery key and every key-file secret; then every envelope with every key found so far (vault
 * keys, staff keys, their subkeys, person wrapping keys from every people KEK, the raw key-file
 * secrets, and every person key it unwraps), under any store, id and version the format uses.
 * Returns the text of every plaintext it opened.
 */
export async function attack(t: TestVault, rows: readonly Captured[], loot: Loot): Promise<string[]> {
  const { sodium, kdf } = t.deps;
  const keys = new Map<string, Uint8Array>();
  const addKey = (k: Uint8Array | undefined) => {
    if (k && k.length === 32) keys.set(Buffer.from(k).toString('hex'), k.slice());
  };
  const fileSecrets = loot.keyFiles.flatMap((kf) => [
    ...Object.keys(kf.slotSecrets).map((id) => getSlotSecret(kf, id)!),
    getRecoverySecret(kf),
    getPeopleKek(kf),
    ...(getNextPeopleKek(kf) ? [getNextPeopleKek(kf)!] : []),
  ]);
  fileSecrets.forEach(addKey);

  const vaultRows = rows.filter((r) => r.store === 'vaults').map((r) => r.value as VaultRow);
  const slots = new Map<string, { vaultId: string; slot: KeySlot }>();
  for (const row of vaultRows) for (const slot of row.slots) slots.set(`${row.id}/${slot.wrapped}`, { vaultId: row.id, slot });
  const vaultKeys: Uint8Array[] = [...(loot.vaultKeys ?? [])];
  for (const { vaultId, slot } of slots.values()) {
    const secrets: (string | Uint8Array)[] = slot.kind === 'recovery' ? loot.recoveryKeys : loot.passphrases;
    for (const secret of secrets) {
      const kek = await kdf.derive(secret, slot.kdf);
      for (const slotSecret of fileSecrets) {
        try {
          const payload = unwrapWithKek(sodium, { vaultId, slot, kek, slotSecret });
          if (payload.kind === 'keys') {
            vaultKeys.push(payload.vaultKey);
            addKey(payload.staffKey);
          }
        } catch (error) {
          if (!(error instanceof WrongPassphraseError || error instanceof WrongRecoveryKeyError)) throw error;
        }
      }
    }
  }
  for (const vaultKey of vaultKeys) {
    addKey(vaultKey);
    for (const purpose of Object.values(SubkeyPurpose)) addKey(subkey(sodium, vaultKey, purpose));
    for (const secret of fileSecrets) addKey(personWrapKey(sodium, vaultKey, secret));
  }

  const vaultIds = [...new Set(vaultRows.map((r) => r.id))];
  const pending: Envelope[] = [];
  for (const r of rows) {
    const v = r.value as { id?: string; vaultId?: string; data?: Uint8Array };
    if (r.store === 'pages' || r.store === 'heads') pending.push({ vaultId: v.vaultId!, ids: [v.id ?? v.vaultId!, v.vaultId!], data: v.data!, tried: 0 });
  }
  const texts: string[] = [];
  const decoder = new TextDecoder();
  let progress = true;
  while (progress) {
    progress = false;
    for (const envelope of pending.splice(0)) {
      const known = [...keys.values()];
      const plain = tryOpen(sodium, known.slice(envelope.tried), envelope, vaultIds);
      if (!plain) {
        envelope.tried = known.length;
        pending.push(envelope);
        continue;
      }
      progress = true;
      if (plain.length === 32) addKey(plain); // a person key
      const text = decoder.decode(plain);
      texts.push(text);
      for (const nested of nestedEnvelopes(plain)) pending.push({ vaultId: envelope.vaultId, ids: [nested.id, 'org'], data: nested.data, tried: 0 });
    }
  }
  return texts;
}

function tryOpen(sodium: Sodium, keys: Uint8Array[], envelope: Envelope, vaultIds: string[]): Uint8Array | undefined {
  for (const key of keys)
    for (const vaultId of new Set([envelope.vaultId, ...vaultIds]))
      for (const store of STORES)
        for (const itemId of new Set([...envelope.ids, vaultId]))
          for (const version of [1, 2]) {
            const aad: ItemAad = { vaultId, store, itemId, version };
            try {
              return open(sodium, key, aad, envelope.data);
            } catch {
              // not this key or place
            }
          }
  return undefined;
}

/** Sealed values inside an opened page: any record whose value is an envelope (bytes, or base64 of one). */
function nestedEnvelopes(plain: Uint8Array): { id: string; data: Uint8Array }[] {
  let page: Page;
  try {
    page = decodePage(plain).page;
  } catch {
    return [];
  }
  const found: { id: string; data: Uint8Array }[] = [];
  for (const record of page.records) {
    try {
      const data = record.v instanceof Uint8Array ? record.v : typeof record.v === 'string' ? fromBase64(record.v) : undefined;
      if (data && isEnvelope(data)) found.push({ id: record.id, data });
    } catch {
      // not base64: a plain value
    }
  }
  return found;
}

export const found = (texts: readonly string[], canaries: readonly string[]) => canaries.filter((c) => texts.some((t) => t.includes(c)));
