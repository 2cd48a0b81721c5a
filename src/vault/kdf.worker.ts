/// <reference lib="webworker" />
import '../zod-jitless';
import { loadSodium } from '../core/crypto/sodium';
import { answerKdfRequest, type KdfRequest, type KdfResponse } from './kdf-runner';

// Argon2id off the UI thread. The key goes back as a transferred buffer, so no copy stays here.
const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = async (event: MessageEvent<KdfRequest>) => {
  const { id } = event.data;
  let response: KdfResponse;
  try {
    const sodium = await loadSodium();
    response = answerKdfRequest(sodium, event.data);
    if ('secret' in event.data && event.data.secret instanceof Uint8Array) sodium.memzero(event.data.secret);
  } catch (error) {
    // loadSodium refuses a build without crypto_pwhash (docs/threat-model.md §5b): say so rather than hang.
    response = { id, ok: false, name: 'Error', message: error instanceof Error ? error.message : 'key derivation failed' };
  }
  scope.postMessage(response, 'kek' in response ? [response.kek.buffer] : []);
};
