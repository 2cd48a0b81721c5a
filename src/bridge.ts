import { api, IpcResultSchema, type RequestOf, type ResponseOf, type WaystationBridge } from './core/api';
import { CHANNELS, type BridgeFunction } from './core/channels';

declare global {
  interface Window {
    waystation?: WaystationBridge;
  }
}

export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** Calls main through the preload and validates the answer with the same schema main used. */
export async function call<F extends BridgeFunction>(
  fn: F,
  request: RequestOf<(typeof CHANNELS)[F]>,
): Promise<ResponseOf<(typeof CHANNELS)[F]>> {
  const bridge = window.waystation;
  if (!bridge) throw new BridgeError('no-bridge', 'The app shell is not available.');
  const result = IpcResultSchema.parse(await bridge[fn](request as never));
  if (!result.ok) throw new BridgeError(result.code, result.message);
  return api[CHANNELS[fn]].response.parse(result.value) as ResponseOf<(typeof CHANNELS)[F]>;
}

export function onLockRequest(listener: () => void): () => void {
  return window.waystation?.onLockRequest(listener) ?? (() => undefined);
}
