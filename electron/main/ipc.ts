import { api, isChannel, type IpcResult, type RequestOf, type ResponseOf } from '../../src/core/api';
import type { Channel } from '../../src/core/channels';
import { AppError, refusalOf, RefusalSchema, type ErrorCode } from '../../src/core/errors';

/**
 * One table: channel -> handler. `dispatch` is the whole IPC policy as a plain function (tested
 * under Node): unknown channel, foreign sender, malformed request or response are refused with a
 * code and nothing else. A handler refuses by throwing an AppError (src/core/errors.ts), whose code
 * and safe details cross; anything else becomes 'failed', so no internal detail or personal datum leaks.
 */
export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
export type HandlerTable = { [C in Channel]: Handler<C> };

export interface DispatchContext {
  /** Main's verdict on the sending frame (window.ts isTrustedSender). */
  senderTrusted: boolean;
}

const refuse = (code: ErrorCode): IpcResult => ({ ok: false, code });

/** A thrown AppError as it may cross; details that do not pass the schema are dropped, the code stays. */
function refusalFrom(error: unknown): IpcResult {
  const checked = RefusalSchema.safeParse(refusalOf(error));
  if (checked.success) return { ok: false, ...checked.data };
  return refuse(error instanceof AppError ? error.code : 'failed');
}

export async function dispatch(table: HandlerTable, channel: unknown, rawRequest: unknown, ctx: DispatchContext): Promise<IpcResult> {
  if (!isChannel(channel)) return refuse('ipc-unknown-channel');
  if (!ctx.senderTrusted) return refuse('ipc-untrusted-sender');
  const spec = api[channel];
  const parsed = spec.request.safeParse(rawRequest);
  if (!parsed.success) return refuse('ipc-invalid-request');
  let value: unknown;
  try {
    value = await (table[channel] as Handler<Channel>)(parsed.data as never);
  } catch (error) {
    return refusalFrom(error);
  }
  const checked = spec.response.safeParse(value);
  if (!checked.success) return refuse('ipc-invalid-response');
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
