import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createKeyFileStore } from '../../../electron/main/keyfile';
import { api } from '../../../src/core/api';
import { CHANNELS } from '../../../src/core/channels';
import { createHandlers } from '../../../electron/main/handlers';
import { dispatch, RefusedError, registerIpc, type HandlerTable } from '../../../electron/main/ipc';
import { isTrustedSenderUrl } from '../../../electron/main/window';

const table = createHandlers({
  app: { name: 'Waystation', version: '1.2.3', platform: 'linux', packaged: true },
  keyFiles: createKeyFileStore(path.join(tmpdir(), 'ws-ipc-unused')),
  clipboard: { writeText: () => undefined, readText: () => '' },
  handoff: { dialogs: { save: async () => undefined, open: async () => undefined }, now: () => new Date() },
});
const trusted = { senderUrl: 'app://waystation/index.html', isTrustedSender: (u: string) => isTrustedSenderUrl(u) };

describe('IPC dispatch', () => {
  it('answers app.info with validated data', async () => {
    expect(await dispatch(table, 'app.info', {}, trusted)).toEqual({
      ok: true,
      value: { name: 'Waystation', version: '1.2.3', platform: 'linux', packaged: true },
    });
  });

  it('refuses an unknown channel, including prototype names', async () => {
    for (const channel of ['fs.read', '__proto__', 'constructor', 'toString', 42, undefined]) {
      expect(await dispatch(table, channel, {}, trusted)).toEqual({ ok: false, code: 'unknown-channel', message: 'Unknown request.' });
    }
  });

  it('refuses a malformed request', async () => {
    for (const bad of [null, 'x', [], { extra: true }]) {
      expect(await dispatch(table, 'app.info', bad, trusted)).toMatchObject({ ok: false, code: 'invalid-request' });
    }
  });

  it('refuses a sender that is not the app page', async () => {
    for (const senderUrl of [undefined, 'https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', 'devtools://devtools/x']) {
      expect(await dispatch(table, 'app.info', {}, { ...trusted, senderUrl })).toMatchObject({ ok: false, code: 'untrusted-sender' });
    }
  });

  it('refuses a handler response that breaks the schema, and hides internal errors', async () => {
    const broken = { 'app.info': () => ({ name: 'x', version: '1', platform: 'beos', packaged: false }) } as unknown as HandlerTable;
    expect(await dispatch(broken, 'app.info', {}, trusted)).toMatchObject({ ok: false, code: 'invalid-response' });
    const throwing = { 'app.info': () => { throw new Error('secret path /home/alice/vault'); } } as unknown as HandlerTable;
    const failed = await dispatch(throwing, 'app.info', {}, trusted);
    expect(failed).toEqual({ ok: false, code: 'failed', message: 'app.info failed.' });
    const refusing = { 'app.info': () => { throw new RefusedError('Not allowed for this role.'); } } as unknown as HandlerTable;
    expect(await dispatch(refusing, 'app.info', {}, trusted)).toEqual({ ok: false, code: 'refused', message: 'Not allowed for this role.' });
  });

  it('registers exactly the channels of the contract and checks the sender frame', async () => {
    const handle = vi.fn();
    registerIpc({ handle }, table, (u) => isTrustedSenderUrl(u));
    expect(handle.mock.calls.map((c) => c[0]).sort()).toEqual(Object.keys(api).sort());
    expect(Object.values(CHANNELS).sort()).toEqual(Object.keys(api).sort());
    const listener = handle.mock.calls[0]![1];
    expect(await listener({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ code: 'untrusted-sender' });
    expect(await listener({ senderFrame: null }, {})).toMatchObject({ code: 'untrusted-sender' });
    expect(await listener({ senderFrame: { url: 'app://waystation/index.html#/about' } }, {})).toMatchObject({ ok: true });
  });
});
