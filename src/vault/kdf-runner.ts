import { deriveKek, KdfParamsError, type DeriveOptions, type KdfParams } from '../core/crypto/kdf';
import type { Sodium } from '../core/crypto/sodium';

/**
 * Runs Argon2id. In the app it runs in a Web Worker so the unlock screen stays responsive
 * (docs/threat-model.md §4); unit tests in Node run it inline. The caller memzeroes the returned key.
 */
export interface KdfRunner {
  derive(secret: string | Uint8Array, params: KdfParams): Promise<Uint8Array>;
  /**
   * Gets ready for a derivation (the worker started, libsodium loaded in it), so the one an unlock
   * makes pays for neither: the unlock screen calls it when it appears.
   */
  warm(): Promise<void>;
  dispose(): void;
}

export function inlineKdfRunner(sodium: Sodium, options: DeriveOptions = {}): KdfRunner {
  return {
    derive: async (secret, params) => deriveKek(sodium, secret, params, options),
    warm: async () => undefined,
    dispose: () => undefined,
  };
}

export type KdfRequest = { id: number; secret: string | Uint8Array; params: KdfParams } | { id: number; warm: true };
export type KdfResponse =
  | { id: number; ok: true; kek: Uint8Array }
  | { id: number; ok: true; warm: true }
  | { id: number; ok: false; name: string; message: string };

/** The worker's whole job, as a plain function (kdf.worker.ts only adds the messaging). */
export function answerKdfRequest(sodium: Sodium, request: KdfRequest): KdfResponse {
  if ('warm' in request) return { id: request.id, ok: true, warm: true };
  const { id, secret, params } = request;
  try {
    const kek = deriveKek(sodium, secret, params);
    return { id, ok: true, kek };
  } catch (error) {
    const e = error instanceof Error ? error : new Error('key derivation failed');
    return { id, ok: false, name: e.name, message: e.message };
  }
}

// Errors lose their class crossing postMessage; these are the ones callers tell apart (a tampered slot's
// KdfParamsError must not turn into a plain Error).
const ERROR_CLASSES: Record<string, new (message: string) => Error> = { KdfParamsError, RangeError, TypeError };

function rebuildError(name: string, message: string): Error {
  const Known = Object.hasOwn(ERROR_CLASSES, name) ? ERROR_CLASSES[name] : undefined;
  return Known ? new Known(message) : new Error(message);
}

/** One worker, started on first use; messages carry an id so answers cannot be mixed up. */
export function workerKdfRunner(createWorker: () => Worker): KdfRunner {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve(answer: Extract<KdfResponse, { ok: true }>): void; reject(e: Error): void }>();
  const start = (): Worker => {
    const w = createWorker();
    w.onmessage = (event: MessageEvent<KdfResponse>) => {
      const waiter = pending.get(event.data.id);
      if (!waiter) return;
      pending.delete(event.data.id);
      if (event.data.ok) waiter.resolve(event.data);
      else waiter.reject(rebuildError(event.data.name, event.data.message));
    };
    w.onerror = () => {
      for (const waiter of pending.values()) waiter.reject(new Error('The key-derivation worker failed.'));
      pending.clear();
    };
    return w;
  };
  const ask = (request: Omit<Extract<KdfRequest, { secret: unknown }>, 'id'> | { warm: true }) => {
    worker ??= start();
    const id = nextId++;
    return new Promise<Extract<KdfResponse, { ok: true }>>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker!.postMessage({ id, ...request } satisfies KdfRequest);
    });
  };
  return {
    async derive(secret, params) {
      const answer = await ask({ secret, params });
      if (!('kek' in answer)) throw new Error('key derivation failed');
      return answer.kek;
    },
    async warm() {
      await ask({ warm: true });
    },
    dispose() {
      worker?.terminate();
      worker = undefined;
      for (const waiter of pending.values()) waiter.reject(new Error('Locked.'));
      pending.clear();
    },
  };
}
