import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromBase64 } from '../../../src/core/crypto/bytes';
import { decodePage, type Page } from '../../../src/vault/page-codec';
import { open, type ItemAad } from '../../../src/core/crypto/envelope';
import { subkey, SubkeyPurpose } from '../../../src/core/crypto/kdf';
import { getNextPeopleKek, getPeopleKek, getRecoverySecret, getSlotSecret, parseKeyFile, type KeyFile } from '../../../src/core/crypto/keyfile';
import { personWrapKey } from '../../../src/core/crypto/people-keys';
import { parseRecoveryKey } from '../../../src/core/crypto/recovery-code';
import { type KeySlot, unwrapWithKek, WrongPassphraseError, WrongRecoveryKeyError } from '../../../src/core/crypto/slots';
import type { Sodium } from '../../../src/core/crypto/sodium';
import { newId } from '../../../src/core/model/ids';
import { addUser } from '../../../src/vault/services/users';
import type { VaultRow } from '../../../src/vault/db';
import { TAIL_MERGE_AT } from '../../../src/vault/page-log';
import { createVault } from '../../../src/vault/services/create';
import { captureIndexedDbWrites, type Captured } from './capture';
import { firstUnlock, PASS, person, testVault, type TestVault } from './helpers';
import { newNeed } from '../../../src/core/occupancy';

/** Needs known long before any day these tests look at. */
const KNOWN = '2000-01-01T00:00:00.000Z';

/*
 * Forgetting a person is crypto-shredding (docs/threat-model.md §5a): IndexedDB keeps every version
 * of every row it was ever given (LevelDB appends; merged and deleted pages survive in its files), so
 * the proof assumes the attacker has all of them. Every row the vault ever handed to IndexedDB is
 * captured below, then an attacker holding everything that is left after the forget (every
 * passphrase, the recovery key, the key-file folder as it is now) opens all they can, recursively,
 * and must not read the forgotten person. The same attack run before the forget, and on a person
 * who is kept, must read them: otherwise the attack proves nothing.
 */

/** What an attacker holds besides the captured rows: every key file in the folder, and every secret a user could be made to give up. */
interface Loot {
  keyFiles: KeyFile[];
  passphrases: string[];
  recoveryKeys: Uint8Array[];
}

async function keyFilesIn(dir: string): Promise<KeyFile[]> {
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
async function attack(t: TestVault, rows: readonly Captured[], loot: Loot): Promise<string[]> {
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
  const vaultKeys: Uint8Array[] = [];
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

const found = (texts: readonly string[], canaries: readonly string[]) => canaries.filter((c) => texts.some((t) => t.includes(c)));

describe('forgetting a person, proven against everything LevelDB may keep (docs/threat-model.md §5a)', () => {
  let capture: ReturnType<typeof captureIndexedDbWrites>;
  beforeEach(() => {
    capture = captureIndexedDbWrites();
  });
  afterEach(() => capture.restore());

  it('no key or secret left after the forget opens any version of the forgotten identity; a kept person stays readable', async () => {
    const t = await testVault();
    const { deps } = t;
    const { session: admin, recoveryCode } = await createVault(deps, { adminName: 'Ada', passphrase: PASS });
    const { oneTimePassphrase } = await addUser(deps, admin, { name: 'Oleg', role: 'operator' });
    admin.lock();
    const operatorPass = 'quiet lantern over seven hills';
    const session = await firstUnlock(deps, oneTimePassphrase, operatorPass);

    // Unique canaries: the forgotten person's every identifying field, and a control kept in the vault.
    const gone = { alias: 'Zyxwvu Forgotten', legalName: 'Qoppa Sampiova', phone: '+7 913 555 0177', notes: 'Crossed at Verkhniy Lars' };
    const kept = { alias: 'Jubilant Kept', legalName: 'Wenceslas Keptovich', phone: '+7 912 444 0188', notes: 'Arrived by the night bus' };
    const forgotten = person({ alias: gone.alias });
    const control = person({ alias: kept.alias, legalName: kept.legalName, phone: kept.phone, notes: kept.notes });
    // First written as an import (one page with other people), then edited: each version is a separate sealed row.
    await session.batch.write({ people: [forgotten, control, person({ alias: 'Bystander' })] }, { action: 'import.spreadsheet', details: {} });
    await session.people.put({ ...forgotten, legalName: gone.legalName });
    await session.people.put({ ...forgotten, legalName: gone.legalName, phone: gone.phone, notes: gone.notes });
    const houseId = newId();
    await session.events.append({ id: newId(), type: 'arrival', at: '2026-10-01T12:00:00.000Z', recordedAt: '2026-10-01T12:00:00.000Z', personId: forgotten.id, houseId, bedId: newId() });
    // Enough pages to merge the tail, so the pages that first held the identity are deleted rows by now.
    for (let i = 0; i < TAIL_MERGE_AT; i++) await session.recordAudit('report.view', {});
    const livePages = new Set((await deps.db.pages.toArray()).map((p) => p.id));
    const capturedPages = capture.rows.filter((r) => r.store === 'pages').map((r) => (r.value as { id: string }).id);
    expect(capturedPages.some((id) => !livePages.has(id)), 'some captured pages were merged away').toBe(true);

    const loot = (keyFiles: KeyFile[]): Loot => ({
      keyFiles,
      passphrases: [PASS, operatorPass, oneTimePassphrase],
      recoveryKeys: [parseRecoveryKey(recoveryCode)],
    });
    const keyDirBefore = await keyFilesIn(t.keyDir);
    const before = await attack(t, capture.rows, loot(keyDirBefore));
    expect(found(before, Object.values(gone)), 'before the forget, the attack reads the person').toEqual(Object.values(gone));

    await session.people.forget([forgotten.id]);
    await session.people.put({ ...control, needs: [newNeed('legal', 'open', KNOWN)] });
    session.lock();

    const after = await attack(t, capture.rows, loot(await keyFilesIn(t.keyDir)));
    expect(found(after, Object.values(kept)), 'the kept person is read, so the attack can see').toEqual(Object.values(kept));
    expect(found(after, Object.values(gone)), 'nothing of the forgotten person opens').toEqual([]);
    // In clear, nowhere: not in any captured row, nor in the key files.
    const raw = capture.rows.map((r) => JSON.stringify(r.value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)));
    expect(found(raw, [...Object.values(gone), ...Object.values(kept)])).toEqual([]);
  });
});
