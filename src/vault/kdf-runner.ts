import { deriveKek, type DeriveOptions, type KdfParams } from '../core/crypto/kdf';
import type { Sodium } from '../core/crypto/sodium';

/**
 * Runs Argon2id. In the app it runs in a Web Worker so the unlock screen stays responsive
 * (THREAT-MODEL 4); unit tests in Node run it inline. The caller memzeroes the returned key.
 */
export interface KdfRunner {
  derive(secret: string | Uint8Array, params: KdfParams): Promise<Uint8Array>;
  dispose(): void;
}

export function inlineKdfRunner(sodium: Sodium, options: DeriveOptions = {}): KdfRunner {
  return {
    derive: async (secret, params) => deriveKek(sodium, secret, params, options),
    dispose: () => undefined,
  };
}

export interface KdfRequest {
  id: number;
  secret: string | Uint8Array;
  params: KdfParams;
}
export type KdfResponse = { id: number; ok: true; kek: Uint8Array } | { id: number; ok: false; message: string };

/** One worker, started on first use; messages carry an id so answers cannot be mixed up. */
export function workerKdfRunner(createWorker: () => Worker): KdfRunner {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve(k: Uint8Array): void; reject(e: Error): void }>();
  const start = (): Worker => {
    const w = createWorker();
    w.onmessage = (event: MessageEvent<KdfResponse>) => {
      const waiter = pending.get(event.data.id);
      if (!waiter) return;
      pending.delete(event.data.id);
      if (event.data.ok) waiter.resolve(event.data.kek);
      else waiter.reject(new Error(event.data.message));
    };
    w.onerror = () => {
      for (const waiter of pending.values()) waiter.reject(new Error('The key-derivation worker failed.'));
      pending.clear();
    };
    return w;
  };
  return {
    derive(secret, params) {
      worker ??= start();
      const id = nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage({ id, secret, params } satisfies KdfRequest);
      });
    },
    dispose() {
      worker?.terminate();
      worker = undefined;
      for (const waiter of pending.values()) waiter.reject(new Error('Locked.'));
      pending.clear();
    },
  };
}
