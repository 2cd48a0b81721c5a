import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateHybridIdentity, identityToRecipient } from 'age-encryption';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fromBase64, toBase64 } from '../../../src/core/crypto/bytes';
import { encodeMinisignPublicKey, parseMinisignPublicKey } from '../../../src/core/crypto/minisign';
import { MINIMAL_PROFILE, openBundle } from '../../../src/core/handoff';
import type { BrowserWindow, MessageBoxOptions } from 'electron';
import { electronFileDialogs, type DialogLike, type FileDialogs } from '../../../electron/main/handoff/dialogs';
import { dispatch } from '../../../electron/main/ipc';
import { mainTable, scriptedDialogs as scripted, TRUSTED } from './support';
import { DAY, NOW, party, samplePayload, sealedArchive, signer, type Party, type Signer } from '../handoff/helpers';

const ctx = TRUSTED;

let dir: string;
let org: Signer;
let partner: Party;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ws-handoff-main-'));
  org ??= await signer();
  partner ??= await party();
});

const table = (dialogs: FileDialogs, maxBundleBytes?: number) => mainTable(dir, dialogs, { now: () => NOW, maxBundleBytes });

async function exportRequest(overrides: { archive?: Uint8Array; recipients?: string[]; profile?: typeof MINIMAL_PROFILE; language?: string } = {}) {
  const archive = overrides.archive ?? (await sealedArchive({ from: org, to: [partner] }));
  return {
    archive: toBase64(archive),
    recipients: overrides.recipients ?? [partner.recipient],
    profile: overrides.profile ?? MINIMAL_PROFILE,
    orgSigningPublicKey: encodeMinisignPublicKey(org.publicKey),
    language: overrides.language ?? 'en',
  };
}

const mode = async (file: string) => (await stat(file)).mode & 0o777;

describe('handoff.export (main process)', () => {
  it('checks, encrypts and writes the bundle atomically with mode 0600 at the picked path', async () => {
    const target = path.join(dir, 'picked.age');
    const { dialogs, calls } = scripted({ save: target });
    const result = await dispatch(table(dialogs), 'handoff.export', await exportRequest(), ctx);
    expect(result).toMatchObject({ ok: true, value: { status: 'saved', path: target, people: 3 } });
    const value = (result as { value: { bundleId: string; sha256: string } }).value;

    // A neutral suggested name: date and bundle-id prefix, nothing about partner or people.
    expect(calls.save).toEqual([[`bundle-2026-03-01-${value.bundleId.slice(0, 8)}.age`, 'bundle']]);
    expect(await mode(target)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['picked.age']);
    const written = new Uint8Array(await readFile(target));
    expect(createHash('sha256').update(written).digest('hex')).toBe(value.sha256);
    const opened = await openBundle(written, { identities: [partner.identity], trustedSigners: [org.publicKey], now: NOW, alreadyImported: () => false });
    expect(opened.manifest.bundleId).toBe(value.bundleId);
    expect(opened.payload).toEqual(samplePayload());
  });

  it('replaces an existing file at the picked path (the dialog confirmed it) without leaving a temp file', async () => {
    const target = path.join(dir, 'old.age');
    await writeFile(target, 'previous content', { mode: 0o644 });
    const result = await dispatch(table(scripted({ save: target }).dialogs), 'handoff.export', await exportRequest(), ctx);
    expect(result).toMatchObject({ ok: true, value: { status: 'saved' } });
    expect(await mode(target)).toBe(0o600);
    expect((await readFile(target)).subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect(await readdir(dir)).toEqual(['old.age']);
  });

  it('refuses a field the partner profile does not allow, naming it, before any dialog', async () => {
    const named = { people: samplePayload(2).people.map((p) => ({ ...p, legalName: 'Real Name' })) };
    const archive = await sealedArchive({ from: org, to: [partner], payload: named, profile: { ...MINIMAL_PROFILE, legalName: true } });
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.age') });
    const result = await dispatch(table(dialogs), 'handoff.export', await exportRequest({ archive }), ctx);
    expect(result).toEqual({ ok: false, code: 'bundle-invalid-content', details: { field: 'legalName' } });
    expect(calls.save).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
    // The same archive passes for a partner whose profile allows legal names.
    const allowed = await dispatch(table(dialogs), 'handoff.export', await exportRequest({ archive, profile: { ...MINIMAL_PROFILE, legalName: true } }), ctx);
    expect(allowed).toMatchObject({ ok: true, value: { status: 'saved' } });
  });

  it('refuses what the organisation did not sign, other recipients, expired bundles and mixed recipient kinds', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.age') });
    const handlers = table(dialogs);
    const refusal = async (request: unknown) => dispatch(handlers, 'handoff.export', request, ctx);

    const foreign = await sealedArchive({ from: await signer(), to: [partner] });
    expect(await refusal(await exportRequest({ archive: foreign }))).toEqual({ ok: false, code: 'bundle-unknown-signer' });
    const other = await party();
    expect(await refusal(await exportRequest({ recipients: [other.recipient] }))).toEqual({ ok: false, code: 'bundle-wrong-recipient' });
    const expired = await sealedArchive({ from: org, to: [partner], created: new Date(NOW.getTime() - 3 * DAY), expires: new Date(NOW.getTime() - DAY) });
    expect(await refusal(await exportRequest({ archive: expired }))).toEqual({ ok: false, code: 'bundle-expired' });
    const pq = await identityToRecipient(await generateHybridIdentity());
    expect(await refusal(await exportRequest({ recipients: [partner.recipient, pq] }))).toEqual({ ok: false, code: 'seal-recipients' });
    expect(await refusal({ ...(await exportRequest()), orgSigningPublicKey: 'not a key' })).toEqual({ ok: false, code: 'handoff-sender-key' });
    expect(await refusal({ ...(await exportRequest()), archive: 'QUJD' })).toEqual({ ok: false, code: 'bundle-damaged' });
    expect(await dispatch(handlers, 'handoff.export', { ...(await exportRequest()), extra: 1 }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    expect(calls.save).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a cancelled save dialog is a clear "cancelled" and writes nothing', async () => {
    const result = await dispatch(table(scripted({}).dialogs), 'handoff.export', await exportRequest(), ctx);
    expect(result).toEqual({ ok: true, value: { status: 'cancelled' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a path that cannot be written is refused as write-failed, leaving nothing behind', async () => {
    await mkdir(path.join(dir, 'a-folder'));
    for (const target of [path.join(dir, 'a-folder'), path.join(dir, 'missing', 'x.age')]) {
      const result = await dispatch(table(scripted({ save: target }).dialogs), 'handoff.export', await exportRequest(), ctx);
      expect(result).toEqual({ ok: false, code: 'write-failed' });
    }
    expect(await readdir(dir)).toEqual(['a-folder']);
    expect(await readdir(path.join(dir, 'a-folder'))).toEqual([]);
  });
});

describe('handoff.open (main process)', () => {
  it('returns the picked file as base64, with its name', async () => {
    const file = path.join(dir, 'from-partner.age');
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) & 255);
    await writeFile(file, bytes);
    const { dialogs, calls } = scripted({ open: file });
    expect(await dispatch(table(dialogs), 'handoff.open', {}, ctx)).toEqual({ ok: true, value: { status: 'opened', fileName: 'from-partner.age', bytes: toBase64(bytes) } });
    expect(calls.open).toHaveLength(1);
  });

  it('carries bundles of many MiB both ways (past where a single base64 regex overflows the stack)', async () => {
    const file = path.join(dir, 'big.age');
    const bytes = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i += 4096) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
    await writeFile(file, bytes);
    const opened = (await dispatch(table(scripted({ open: file }).dialogs), 'handoff.open', {}, ctx)) as { ok: boolean; value: { bytes: string } };
    expect(opened.ok).toBe(true);
    expect(Buffer.from(fromBase64(opened.value.bytes)).equals(bytes)).toBe(true);

    // 300 people with 10,000 characters of random notes each: an archive of several MiB.
    const payload = { people: samplePayload(300).people.map((p) => ({ ...p, notes: randomBytes(7500).toString('base64') })) };
    const profile = { ...MINIMAL_PROFILE, notes: true };
    const archive = await sealedArchive({ from: org, to: [partner], payload, profile });
    const target = path.join(dir, 'many.age');
    const result = await dispatch(table(scripted({ save: target }).dialogs), 'handoff.export', { ...(await exportRequest({ profile })), archive: toBase64(archive) }, ctx);
    expect(archive.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(result).toMatchObject({ ok: true, value: { status: 'saved', people: 300 } });
  });

  it('refuses a file over the cap by its size, without reading it', async () => {
    const file = path.join(dir, 'huge.age');
    await writeFile(file, '');
    // Sparse 64 GiB: reading it would take minutes and all the memory; the stat answers at once.
    await truncate(file, 64 * 1024 ** 3);
    const started = Date.now();
    const result = await dispatch(table(scripted({ open: file }).dialogs), 'handoff.open', {}, ctx);
    expect(result).toEqual({ ok: false, code: 'file-too-large' });
    expect(Date.now() - started).toBeLessThan(2000);
    const small = table(scripted({ open: file }).dialogs, 10);
    await truncate(file, 11);
    expect(await dispatch(small, 'handoff.open', {}, ctx)).toEqual({ ok: false, code: 'file-too-large' });
    await truncate(file, 10);
    expect(await dispatch(small, 'handoff.open', {}, ctx)).toMatchObject({ ok: true, value: { status: 'opened' } });
  });

  it('refuses folders, named pipes and missing files without hanging; cancel is "cancelled"', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const file of [dir, fifo, path.join(dir, 'missing.age')]) {
      expect(await dispatch(table(scripted({ open: file }).dialogs), 'handoff.open', {}, ctx)).toEqual({ ok: false, code: 'file-unreadable' });
    }
    expect(await dispatch(table(scripted({}).dialogs), 'handoff.open', {}, ctx)).toEqual({ ok: true, value: { status: 'cancelled' } });
  });
});

describe('handoff.savePublicKey (main process)', () => {
  it('writes the organisation public keys in canonical form, mode 0600', async () => {
    const agePath = path.join(dir, 'org.age.pub');
    const keyPath = path.join(dir, 'org.minisign.pub');
    const age = scripted({ save: agePath });
    expect(await dispatch(table(age.dialogs), 'handoff.savePublicKey', { kind: 'age-recipient', language: 'en', text: ` ${partner.recipient.toUpperCase()}\n` }, ctx)).toEqual({
      ok: true,
      value: { status: 'saved', path: agePath },
    });
    expect(age.calls.save).toEqual([['waystation.age.pub', 'public-key']]);
    expect(await readFile(agePath, 'utf8')).toBe(`${partner.recipient}\n`);
    expect(await mode(agePath)).toBe(0o600);

    const text = encodeMinisignPublicKey(org.publicKey).split('\n')[1]!;
    const key = scripted({ save: keyPath });
    expect(await dispatch(table(key.dialogs), 'handoff.savePublicKey', { kind: 'minisign', text, language: 'en' }, ctx)).toMatchObject({ ok: true, value: { status: 'saved' } });
    expect(key.calls.save).toEqual([['waystation.minisign.pub', 'public-key']]);
    expect(await readFile(keyPath, 'utf8')).toBe(encodeMinisignPublicKey(org.publicKey));
    expect(parseMinisignPublicKey(await readFile(keyPath, 'utf8'))).toEqual(org.publicKey);
  });

  it('refuses anything that is not a public key, before any dialog; cancel writes nothing', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.pub') });
    for (const [kind, text] of [
      ['age-recipient', 'AGE-SECRET-KEY-1QQQ'],
      ['age-recipient', `${partner.recipient}\n${partner.recipient}`],
      ['minisign', 'untrusted comment: x\nhello'],
    ] as const) {
      expect(await dispatch(table(dialogs), 'handoff.savePublicKey', { kind, text, language: 'en' }, ctx)).toEqual({ ok: false, code: 'invalid-public-key' });
    }
    expect(calls.save).toEqual([]);
    expect(await dispatch(table(scripted({}).dialogs), 'handoff.savePublicKey', { kind: 'age-recipient', language: 'en', text: partner.recipient }, ctx)).toEqual({
      ok: true,
      value: { status: 'cancelled' },
    });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('the save dialog of an export: text main wrote from the bundle it checked', () => {
  // Recipient ids computed here from the recipient strings, not by the code under test (docs/bundle-format.md).
  const idOf = (recipient: string) => createHash('sha256').update(recipient.toLowerCase()).digest('hex').slice(0, 16);
  const groups = (hex: string) => hex.match(/.{4}/g)!.join(' ');
  const expires = new Date(NOW.getTime() + 30 * DAY).toISOString().slice(0, 10);

  async function exportOf(people: number, language: string) {
    const second = await party();
    const profile = { ...MINIMAL_PROFILE, notes: true };
    const payload = { people: samplePayload(people).people.map((p) => ({ ...p, notes: 'note' })) };
    const archive = await sealedArchive({ from: org, to: [partner, second], payload, profile });
    const { dialogs, calls } = scripted({ save: path.join(dir, `${language}.age`) });
    const request = await exportRequest({ archive, profile, recipients: [partner.recipient, second.recipient], language });
    expect(await dispatch(table(dialogs), 'handoff.export', request, ctx)).toMatchObject({ ok: true, value: { status: 'saved', people } });
    return { text: calls.texts[0]!, ids: [idOf(partner.recipient), idOf(second.recipient)] };
  }

  it('names how many people, which fields, the recipient ids it encrypted to and the expiry', async () => {
    const { text, ids } = await exportOf(7, 'en');
    expect(text).toEqual({
      title: 'Save a handoff bundle',
      message: 'A handoff bundle with the records of 7 people, encrypted for a partner.',
      detail: [
        'Only the holder of one of these keys can open it. Compare with the recipient ids you checked with the partner:',
        `    ${groups(ids[0]!)}`,
        `    ${groups(ids[1]!)}`,
        'Each record: alias, birth year, languages, needs, stay dates and outcome; also notes.',
        `The bundle expires on ${expires}.`,
        'If this is not what you meant to send, choose Cancel.',
      ].join('\n'),
      save: 'Choose where to save…',
      cancel: 'Cancel',
    });
    // Nothing the renderer wrote reaches the dialog, not even the signed sender name.
    expect(JSON.stringify(text)).not.toContain('Northern Lights');
  });

  it('is worded from main\'s own Russian table when the UI is in Russian', async () => {
    const { text, ids } = await exportOf(22, 'ru');
    expect(text.title).toBe('Сохранить пакет передачи');
    expect(text.message).toBe('Пакет передачи с записями 22 человек, зашифрованный для партнёра.');
    expect(text.detail).toContain(`:\n    ${groups(ids[0]!)}\n    ${groups(ids[1]!)}\n`);
    expect(text.detail).toContain('; а также заметки.');
    expect(text.detail).toContain(`истекает ${expires}.`);
    expect(text.cancel).toBe('Отмена');
  });

  it('takes no dialog text from the renderer: a title, message or detail in the request, or an unknown language, is refused before any dialog', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'x.age') });
    for (const extra of [{ message: 'Settings backup' }, { title: 'Settings' }, { detail: 'Nothing personal' }, { language: 'de' }, { language: undefined }]) {
      expect(await dispatch(table(dialogs), 'handoff.export', { ...(await exportRequest()), ...extra }, ctx)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    }
    expect(calls.save).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a public key is saved with its recipient id or fingerprint, computed by main', async () => {
    const { dialogs, calls } = scripted({ save: path.join(dir, 'k.pub') });
    await dispatch(table(dialogs), 'handoff.savePublicKey', { kind: 'age-recipient', text: partner.recipient, language: 'en' }, ctx);
    await dispatch(table(dialogs), 'handoff.savePublicKey', { kind: 'minisign', text: encodeMinisignPublicKey(org.publicKey), language: 'ru' }, ctx);
    expect(calls.texts[0]!.message).toBe(`Your organisation's public age key (recipient id ${groups(idOf(partner.recipient))}). Partners encrypt bundles for you to it.`);
    const line = Buffer.from(encodeMinisignPublicKey(org.publicKey).split('\n')[1]!, 'base64');
    const fingerprint = createHash('sha256').update(line).digest('hex').slice(0, 32);
    expect(calls.texts[1]!.message).toBe(`Открытый ключ подписи вашей организации (отпечаток ${groups(fingerprint)}). По нему партнёры проверяют ваши пакеты.`);
  });
});

describe('electronFileDialogs', () => {
  const text = { title: 'T', message: 'M', detail: 'D', save: 'Choose…', cancel: 'Cancel' };

  it('shows main\'s text in a message box first (Cancel by default), then the modal save dialog with the same title and message', async () => {
    const win = { id: 1 } as unknown as BrowserWindow;
    const dialog: DialogLike = {
      showMessageBox: vi.fn().mockResolvedValueOnce({ response: 1 }).mockResolvedValueOnce({ response: 1 }).mockResolvedValueOnce({ response: 0 }),
      showSaveDialog: vi.fn().mockResolvedValueOnce({ canceled: false, filePath: '/tmp/a.age' }).mockResolvedValueOnce({ canceled: true, filePath: '' }),
      showOpenDialog: vi.fn().mockResolvedValueOnce({ canceled: false, filePaths: ['/tmp/b.age'] }).mockResolvedValueOnce({ canceled: true, filePaths: [] }),
    };
    const dialogs = electronFileDialogs(dialog, () => win);
    expect(await dialogs.save('bundle-x.age', 'bundle', text)).toBe('/tmp/a.age');
    expect(await dialogs.save('bundle-x.age', 'bundle', text)).toBeUndefined();
    // Cancel in the message box: no save dialog at all.
    expect(await dialogs.save('bundle-x.age', 'bundle', text)).toBeUndefined();
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(2);
    expect(vi.mocked(dialog.showMessageBox).mock.calls[0]).toEqual([
      win,
      { type: 'warning', title: 'T', message: 'M', detail: 'D', buttons: ['Cancel', 'Choose…'], defaultId: 0, cancelId: 0, noLink: true, signal: expect.any(AbortSignal) },
    ]);
    expect(vi.mocked(dialog.showSaveDialog).mock.calls[0]).toEqual([
      win,
      expect.objectContaining({ title: 'T', message: 'M', defaultPath: 'bundle-x.age', properties: ['createDirectory', 'showOverwriteConfirmation'] }),
    ]);
    expect(await dialogs.open('bundle')).toBe('/tmp/b.age');
    expect(await dialogs.open('bundle')).toBeUndefined();
    expect(vi.mocked(dialog.showOpenDialog).mock.calls[0]).toEqual([win, expect.objectContaining({ properties: ['openFile'] })]);
    await expect(electronFileDialogs(dialog, () => undefined).open('bundle')).rejects.toThrow('no window');
  });

  it('a lock closes the confirmation box, and a path picked after a lock is not used', async () => {
    const win = { id: 1 } as unknown as BrowserWindow;
    let boxSignal: AbortSignal | undefined;
    let pick: (value: { canceled: boolean; filePath: string }) => void = () => undefined;
    const dialog: DialogLike = {
      // Like Electron: an aborted box resolves as if cancelled.
      showMessageBox: vi.fn((_w: BrowserWindow, options: MessageBoxOptions) => {
        boxSignal = options.signal;
        return new Promise<{ response: number }>((resolve) => options.signal?.addEventListener('abort', () => resolve({ response: 0 })));
      }),
      showSaveDialog: vi.fn(() => new Promise<{ canceled: boolean; filePath: string }>((resolve) => (pick = resolve))),
      showOpenDialog: vi.fn(),
    };
    const dialogs = electronFileDialogs(dialog, () => win);
    const inBox = dialogs.save('a.age', 'bundle', text);
    await vi.waitFor(() => expect(boxSignal).toBeDefined());
    dialogs.cancelPending();
    expect(boxSignal!.aborted).toBe(true);
    expect(await inBox).toBeUndefined();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();

    vi.mocked(dialog.showMessageBox).mockResolvedValueOnce({ response: 1 });
    const inSave = dialogs.save('b.age', 'bundle', text);
    await vi.waitFor(() => expect(dialog.showSaveDialog).toHaveBeenCalled());
    dialogs.cancelPending();
    pick({ canceled: false, filePath: '/tmp/b.age' });
    expect(await inSave).toBeUndefined();
  });
});
