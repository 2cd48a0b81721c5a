import { beforeAll, describe, expect, it } from 'vitest';
import { KdfParamsError, newKdfParams } from '../../../src/core/crypto/kdf';
import { loadSodium, type Sodium } from '../../../src/core/crypto/sodium';
import { answerKdfRequest, workerKdfRunner, type KdfRequest, type KdfResponse } from '../../../src/vault/kdf-runner';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

/** A Worker stand-in that runs the worker's own function and answers through a structured clone, as postMessage does. */
function fakeWorker(): Worker {
  const worker = {
    onmessage: null as ((event: MessageEvent<KdfResponse>) => void) | null,
    onerror: null,
    postMessage(request: KdfRequest) {
      const response = structuredClone(answerKdfRequest(sodium, request));
      queueMicrotask(() => worker.onmessage?.({ data: response } as MessageEvent<KdfResponse>));
    },
    terminate() {},
  };
  return worker as unknown as Worker;
}

describe('KDF worker runner', () => {
  it('derives through the worker', async () => {
    const runner = workerKdfRunner(fakeWorker);
    const kek = await runner.derive('a long passphrase here', newKdfParams());
    expect(kek).toHaveLength(32);
  });

  it('keeps the error class across the worker boundary: a tampered slot stays a KdfParamsError', async () => {
    const runner = workerKdfRunner(fakeWorker);
    const weak = { ...newKdfParams(), opsLimit: 1 };
    const error = await runner.derive('x', weak).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KdfParamsError);
    expect((error as Error).message).toMatch(/below the minimum/);
    await expect(runner.derive('', newKdfParams())).rejects.toBeInstanceOf(RangeError);
  });

  it('answers unknown error kinds as plain errors with their message', () => {
    const answer = answerKdfRequest({ ...sodium, crypto_pwhash: () => { throw new SyntaxError('odd'); } } as Sodium, { id: 7, secret: 'p', params: newKdfParams() });
    expect(answer).toEqual({ id: 7, ok: false, name: 'SyntaxError', message: 'odd' });
  });
});

describe('KDF worker warm-up', () => {
  it('starts the worker before the first derivation, and only one', async () => {
    let started = 0;
    const runner = workerKdfRunner(() => {
      started += 1;
      return fakeWorker();
    });
    await runner.warm();
    expect(started).toBe(1);
    expect(await runner.derive('a long passphrase here', newKdfParams())).toHaveLength(32);
    expect(started).toBe(1);
  });
});
