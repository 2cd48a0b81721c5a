/// <reference lib="webworker" />
import { deriveKek } from '../core/crypto/kdf';
import { loadSodium } from '../core/crypto/sodium';
import type { KdfRequest, KdfResponse } from './kdf-runner';

// Argon2id off the UI thread. The key goes back as a transferred buffer, so no copy stays here.
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<KdfRequest>) => {
  const { id, secret, params } = event.data;
  try {
    const sodium = await loadSodium();
    const kek = deriveKek(sodium, secret, params);
    if (secret instanceof Uint8Array) sodium.memzero(secret);
    scope.postMessage({ id, ok: true, kek } satisfies KdfResponse, [kek.buffer]);
  } catch (error) {
    scope.postMessage({ id, ok: false, message: error instanceof Error ? error.message : 'key derivation failed' } satisfies KdfResponse);
  }
};
