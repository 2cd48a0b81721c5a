import { api, IpcResultSchema, type RequestOf, type ResponseOf, type WaystationBridge } from './core/api';
import { CHANNELS, type BridgeFunction } from './core/channels';
import { AppError, type Refusal } from './core/errors';

declare global {
  interface Window {
    waystation?: WaystationBridge;
  }
}

/** Main's refusal (or a missing shell), rethrown in the page as the AppError it describes. */
export class BridgeError extends AppError {
  constructor({ code, details }: Refusal) {
    super(code, `IPC refused: ${code}`, details);
    this.name = 'BridgeError';
  }
}

/** Calls main through the preload and validates the answer with the same schema main used. */
export async function call<F extends BridgeFunction>(
  fn: F,
  request: RequestOf<(typeof CHANNELS)[F]>,
): Promise<ResponseOf<(typeof CHANNELS)[F]>> {
  const bridge = window.waystation;
  if (!bridge) throw new BridgeError({ code: 'shell-unavailable' });
  const result = IpcResultSchema.parse(await bridge[fn](request as never));
  if (!result.ok) throw new BridgeError(result);
  return api[CHANNELS[fn]].response.parse(result.value) as ResponseOf<(typeof CHANNELS)[F]>;
}

export function onLockRequest(listener: () => void): () => void {
  return window.waystation?.onLockRequest(listener) ?? (() => undefined);
}
