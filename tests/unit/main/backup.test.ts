import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encryptBackup } from '../../../src/core/crypto/backup';
import { fromBase64, randomBytes, toBase64 } from '../../../src/core/crypto/bytes';
import { newKdfParams } from '../../../src/core/crypto/kdf';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { backupHandlers, backupHeader } from '../../../electron/main/backup';
import type { FileDialogs } from '../../../electron/main/handoff/dialogs';
import { dispatch } from '../../../electron/main/ipc';
import { mainTable, scriptedDialogs as scripted, TRUSTED } from './support';

const ctx = TRUSTED;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ws-backup-main-'));
});

const table = (dialogs: FileDialogs) => mainTable(dir, dialogs);

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

/** A backup as the app writes it (core/crypto/backup.ts), to the recovery key and `extra` age keys. */
async function backupBytes(extra = 0, plain = randomBytes(100_000)): Promise<Uint8Array> {
  const ageRecipients = await Promise.all(Array.from({ length: extra }, async () => identityToRecipient(await generateX25519Identity())));
  return encryptBackup(sodium, plain, { backupKey: toBase64(sodium.crypto_box_keypair().publicKey), kdf: newKdfParams(), ageRecipients });
}

const request = (bytes: Uint8Array, language = 'en') => ({ suggestedName: 'waystation-2026-11-20.age', content: toBase64(bytes), language });

describe('backup.save', () => {
  it('writes the file atomically with mode 0600 where the admin picked, and returns its SHA-256', async () => {
    const target = path.join(dir, 'picked.age');
    const { dialogs, calls } = scripted({ save: target });
    const bytes = await backupBytes();
    const result = await dispatch(table(dialogs), 'backup.save', request(bytes), ctx);
    expect(result).toEqual({ ok: true, value: { status: 'saved', path: target, sha256: createHash('sha256').update(bytes).digest('hex') } });
    expect(calls.save).toEqual([['waystation-2026-11-20.age', 'bundle']]);
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes nothing when the dialog is cancelled, and reports a failed write without detail', async () => {
    const { dialogs } = scripted({});
    const bytes = await backupBytes();
    expect(await dispatch(table(dialogs), 'backup.save', request(bytes), ctx)).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(await readdir(dir)).toEqual([]);
    const missing = scripted({ save: path.join(dir, 'no-such-folder', 'b.age') });
    expect(await dispatch(table(missing.dialogs), 'backup.save', request(bytes), ctx)).toEqual({ ok: false, code: 'write-failed' });
  });

  it('refuses names that are not a neutral .age file name, and content that is not base64', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.age') });
    for (const suggestedName of ['../x.age', 'x.txt', '.age', 'a/b.age']) {
      expect(await dispatch(table(dialogs), 'backup.save', { suggestedName, content: 'AAAA', language: 'en' }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    }
    expect(await dispatch(table(dialogs), 'backup.save', { suggestedName: 'x.age', content: 'not base64!', language: 'en' }, ctx)).toMatchObject({ code: 'ipc-invalid-request' });
    expect(calls.save).toEqual([]);
  });

  it('says in the save dialog, in the UI language, that it is the whole vault and who can open it, counted from the age header', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'b.age') });
    await dispatch(table(dialogs), 'backup.save', request(await backupBytes(0)), ctx);
    await dispatch(table(dialogs), 'backup.save', request(await backupBytes(2)), ctx);
    await dispatch(table(dialogs), 'backup.save', request(await backupBytes(1), 'ru'), ctx);
    expect(calls.texts.map((t) => t.title)).toEqual(['Save a backup of the whole vault', 'Save a backup of the whole vault', 'Сохранить резервную копию всего хранилища']);
    expect(calls.texts[0]!.message).toBe('An encrypted backup of the whole vault: every person, stay, user and audit entry.');
    expect(calls.texts[0]!.detail).toMatch(/^It opens only with the vault's recovery key \(or enough of its key shares\)\.\n/);
    expect(calls.texts[1]!.detail).toMatch(/^It opens with the vault's recovery key \(or enough of its key shares\), and with any of 2 other age keys\.\n/);
    expect(calls.texts[2]!.detail).toMatch(/^Она открывается ключом восстановления хранилища \(или достаточным числом его частей\), а также дополнительным age-ключом\.\n/);
  });

  it('refuses, before any dialog, content that is not an age file to the recovery key and X25519 keys only', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.age') });
    const passphrase = new Encrypter();
    passphrase.setPassphrase('correct horse');
    // The refusal reads the stanza type, not the work factor: age's default (2^18) only costs time here.
    passphrase.setScryptWorkFactor(10);
    const header = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0x0a, new TextDecoder('latin1').decode(bytes).indexOf('\n--- ') + 1) + 1));
    const good = await backupBytes(1);
    const withStanza = (stanza: string) => new TextEncoder().encode(header(good).replace('-> X25519', `${stanza}\n-> X25519`) + 'payload');
    const cases: [string, Uint8Array][] = [
      ['plain text', new TextEncoder().encode('{"people":[{"alias":"Anna"}]}')],
      ['random bytes', randomBytes(1000)],
      ['a passphrase (scrypt) age file', await passphrase.encrypt(new TextEncoder().encode('people'))],
      ['an age file to an X25519 key only', await (async () => {
        const e = new Encrypter();
        e.addRecipient(await identityToRecipient(await generateX25519Identity()));
        return e.encrypt(new TextEncoder().encode('people'));
      })()],
      ['two recovery stanzas', withStanza(header(good).split('\n')[1]! + '\nAAAA')],
      ['another stanza type', withStanza('-> ssh-ed25519 abc def\nAAAA')],
      ['a header and no payload', new TextEncoder().encode(header(good))],
      ['a header that never ends', new TextEncoder().encode(header(good).replace('\n--- ', '\n'))],
    ];
    for (const [name, bytes] of cases) {
      expect([name, await dispatch(table(dialogs), 'backup.save', request(bytes), ctx)]).toEqual([
        name,
        { ok: false, code: 'not-a-backup' },
      ]);
    }
    expect(calls.save).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    expect(backupHeader(good)).toEqual({ ageKeys: 1 });
    expect(backupHeader(withStanza('-> X25519 abc\nAAAA'))).toEqual({ ageKeys: 2 });
  });
});

describe('backup.open', () => {
  it('reads the picked file back as base64', async () => {
    const source = path.join(dir, 'in.age');
    const bytes = randomBytes(5000);
    await writeFile(source, bytes);
    const { dialogs, calls } = scripted({ open: source });
    const result = await dispatch(table(dialogs), 'backup.open', {}, ctx);
    expect(result.ok && fromBase64((result.value as { bytes: string }).bytes)).toEqual(bytes);
    expect(calls.open).toEqual(['bundle']);
    expect(await dispatch(table(scripted({}).dialogs), 'backup.open', {}, ctx)).toEqual({ ok: true, value: { status: 'cancelled' } });
  });

  it('refuses a file over the size cap without reading it, and a folder', async () => {
    const source = path.join(dir, 'big.age');
    await writeFile(source, new Uint8Array(2048));
    const handlers = backupHandlers({ dialogs: scripted({ open: source }).dialogs, maxBytes: 1024 });
    await expect(handlers['backup.open']({})).rejects.toMatchObject({ code: 'file-too-large', message: 'the file is 2048 bytes; the limit is 1024' });
    const folder = backupHandlers({ dialogs: scripted({ open: dir }).dialogs });
    await expect(folder['backup.open']({})).rejects.toMatchObject({ code: 'file-unreadable' });
  });
});
