import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createKeyFileStore } from '../../../electron/main/keyfile';
import { api } from '../../../src/core/api';
import { CHANNELS } from '../../../src/core/channels';
import { createHandlers } from '../../../electron/main/handlers';
import { dispatch, registerIpc, type HandlerTable } from '../../../electron/main/ipc';
import { AppError } from '../../../src/core/errors';
import { ForbiddenError } from '../../../src/core/roles';
import { isTrustedSender, senderFrameOf, type IpcEventLike } from '../../../electron/main/window';

const table = createHandlers({
  app: { name: 'Waystation', version: '1.2.3', platform: 'linux', packaged: true },
  keyFiles: createKeyFileStore(path.join(tmpdir(), 'ws-ipc-unused')),
  clipboard: { writeText: () => undefined, readText: () => '' },
  handoff: { dialogs: { save: async () => undefined, open: async () => undefined }, now: () => new Date() },
});
const trusted = { senderTrusted: true };

describe('IPC dispatch', () => {
  it('answers app.info with validated data', async () => {
    expect(await dispatch(table, 'app.info', {}, trusted)).toEqual({
      ok: true,
      value: { name: 'Waystation', version: '1.2.3', platform: 'linux', packaged: true },
    });
  });

  it('refuses an unknown channel, including prototype names', async () => {
    for (const channel of ['fs.read', '__proto__', 'constructor', 'toString', 42, undefined]) {
      expect(await dispatch(table, channel, {}, trusted)).toEqual({ ok: false, code: 'ipc-unknown-channel' });
    }
  });

  it('refuses a malformed request', async () => {
    for (const bad of [null, 'x', [], { extra: true }]) {
      expect(await dispatch(table, 'app.info', bad, trusted)).toMatchObject({ ok: false, code: 'ipc-invalid-request' });
    }
  });

  it('refuses a sender main does not trust, before reading the request', async () => {
    for (const request of [{}, { extra: true }]) {
      expect(await dispatch(table, 'app.info', request, { senderTrusted: false })).toEqual({ ok: false, code: 'ipc-untrusted-sender' });
    }
  });

  it('refuses a handler response that breaks the schema, and hides internal errors', async () => {
    const broken = { 'app.info': () => ({ name: 'x', version: '1', platform: 'beos', packaged: false }) } as unknown as HandlerTable;
    expect(await dispatch(broken, 'app.info', {}, trusted)).toMatchObject({ ok: false, code: 'ipc-invalid-response' });
    const throwing = { 'app.info': () => { throw new Error('secret path /home/alice/vault'); } } as unknown as HandlerTable;
    const failed = await dispatch(throwing, 'app.info', {}, trusted);
    expect(failed).toEqual({ ok: false, code: 'failed' });
  });

  it('sends a refusal as its code and safe details only, never its message', async () => {
    const refusing = { 'app.info': () => { throw new ForbiddenError('administration'); } } as unknown as HandlerTable;
    expect(await dispatch(refusing, 'app.info', {}, trusted)).toEqual({ ok: false, code: 'forbidden', details: { permission: 'administration' } });
    // Details that are not of the safe shape (free text, a path) are dropped; the code still crosses.
    const leaky = { 'app.info': () => { throw new AppError('write-failed', 'x', { path: '/home/alice/Safe houses.csv' }); } } as unknown as HandlerTable;
    expect(await dispatch(leaky, 'app.info', {}, trusted)).toEqual({ ok: false, code: 'write-failed' });
  });

  it('registers exactly the channels of the contract and puts every message to the sender check', async () => {
    const handle = vi.fn<(channel: string, listener: (event: IpcEventLike, request: unknown) => Promise<unknown>) => void>();
    const APP_CONTENTS = 7;
    registerIpc({ handle }, table, (event: IpcEventLike) => isTrustedSender(senderFrameOf(event, APP_CONTENTS)));
    expect(handle.mock.calls.map((c) => c[0]).sort()).toEqual(Object.keys(api).sort());
    expect(Object.values(CHANNELS).sort()).toEqual(Object.keys(api).sort());
    const page = 'app://waystation/index.html#/about';
    for (const [, listener] of handle.mock.calls) {
      expect(await listener({ sender: { id: APP_CONTENTS }, senderFrame: { url: 'https://evil.example/', parent: null } }, {})).toMatchObject({ code: 'ipc-untrusted-sender' });
      expect(await listener({ sender: { id: APP_CONTENTS }, senderFrame: { url: page, parent: { url: page } } }, {})).toMatchObject({ code: 'ipc-untrusted-sender' });
      expect(await listener({ sender: { id: APP_CONTENTS + 1 }, senderFrame: { url: page, parent: null } }, {})).toMatchObject({ code: 'ipc-untrusted-sender' });
      expect(await listener({ sender: { id: APP_CONTENTS }, senderFrame: null }, {})).toMatchObject({ code: 'ipc-untrusted-sender' });
    }
    const appInfo = handle.mock.calls.find(([channel]) => channel === CHANNELS.appInfo)![1];
    expect(await appInfo({ sender: { id: APP_CONTENTS }, senderFrame: { url: page, parent: null } }, {})).toMatchObject({ ok: true });
  });
});
