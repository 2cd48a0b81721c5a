import { api, isChannel, type IpcResult, type RequestOf, type ResponseOf } from '../../src/core/api';
import type { Channel } from '../../src/core/channels';

/**
 * One table: channel -> handler. `dispatch` is the whole IPC policy as a plain function (tested
 * under Node): unknown channel, foreign sender, malformed request or response are refused with a
 * short message that carries no data. Handlers may throw `RefusedError` to send their own message;
 * anything else becomes a generic failure so no internal detail or personal datum leaks.
 */
export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type HandlerTable = { [C in Channel]: Handler<C> };

export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

export interface DispatchContext {
  /** Main's verdict on the sending frame (window.ts isTrustedSender). */
  senderTrusted: boolean;
}

const refuse = (code: Exclude<IpcResult, { ok: true }>['code'], message: string): IpcResult => ({ ok: false, code, message });

export async function dispatch(table: HandlerTable, channel: unknown, rawRequest: unknown, ctx: DispatchContext): Promise<IpcResult> {
  if (!isChannel(channel)) return refuse('unknown-channel', 'Unknown request.');
  if (!ctx.senderTrusted) return refuse('untrusted-sender', 'Request from an untrusted page.');
  const spec = api[channel];
  const parsed = spec.request.safeParse(rawRequest);
  if (!parsed.success) return refuse('invalid-request', `Malformed request for ${channel}.`);
  let value: unknown;
  try {
    value = await (table[channel] as Handler<Channel>)(parsed.data as never);
  } catch (error) {
    if (error instanceof RefusedError) return refuse('refused', error.message.slice(0, 300));
    return refuse('failed', `${channel} failed.`);
  }
  const checked = spec.response.safeParse(value);
  if (!checked.success) return refuse('invalid-response', `Invalid response for ${channel}.`);
  return { ok: true, value: checked.data };
}

/** The minimal surface of Electron's ipcMain we need, so registration is testable too. */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, request: unknown) => Promise<IpcResult>): void;
}

/** One handler per channel of the contract; every message is first put to `isTrustedSender`. */
export function registerIpc<E>(ipcMain: IpcMainLike<E>, table: HandlerTable, isTrustedSender: (event: E) => boolean): void {
  for (const channel of Object.keys(api) as Channel[]) {
    ipcMain.handle(channel, (event, request) => dispatch(table, channel, request, { senderTrusted: isTrustedSender(event) }));
  }
}
