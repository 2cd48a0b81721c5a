/**
 * k-of-n recovery shares (docs/threat-model.md §5): Shamir's secret sharing (the audited
 * `shamir-secret-sharing` package, GF(256)) of the 20-byte recovery key. Any k shares rebuild the
 * recovery key, which opens the recovery slot; fewer than k say nothing about it.
 *
 * Share code payload (25 bytes): setId (2 random bytes, same for all shares of one split) || k (1) ||
 * index (1, the 1-based number printed on the share) || Shamir share (21: 20 bytes + x-coordinate).
 * Printed as a checked code (checked-code.ts, domain 'SH'): 44 characters in 11 groups of 4, so a
 * mistyped share is caught, and named, before combining.
 *
 *   splitRecoveryKey(key, { n, k }) -> Promise<{ index, code }[]>
 *   combineShares(codes) -> Promise<recovery key>; throws ShareError naming the share at fault
 *   ShareError { reason, shareNumber? }, SHARE_CODE_CHARS
 */
import { combine, split } from 'shamir-secret-sharing';
import { randomBytes } from './bytes';
import { CodeError, type CodeErrorReason, checkedCodeLength, decodeCheckedCode, encodeCheckedCode } from './checked-code';
import { RECOVERY_KEY_BYTES } from './recovery-code';
import { AppError } from '../errors';

const DOMAIN = 'SH';
const SET_ID_BYTES = 2;
const SHAMIR_SHARE_BYTES = RECOVERY_KEY_BYTES + 1;
const PAYLOAD_BYTES = SET_ID_BYTES + 2 + SHAMIR_SHARE_BYTES;
export const SHARE_CODE_CHARS = checkedCodeLength(PAYLOAD_BYTES);
const MAX_SHARES = 255;

export interface ShareCode {
  /** 1-based number to print on the share ("share 2 of 3"). */
  index: number;
  code: string;
}

export type ShareErrorReason = CodeErrorReason | 'duplicate' | 'mixed' | 'too-few';

export class ShareError extends AppError {
  readonly reason: ShareErrorReason;
  /** 1-based position in the list given to combineShares, when one share is at fault. */
  readonly shareNumber: number | undefined;
  constructor(reason: ShareErrorReason, message: string, shareNumber?: number) {
    super(`share-${reason}`, shareNumber === undefined ? message : `Share ${shareNumber}: ${message}`, shareNumber === undefined ? {} : { share: shareNumber });
    this.name = 'ShareError';
    this.reason = reason;
    this.shareNumber = shareNumber;
  }
}

export async function splitRecoveryKey(key: Uint8Array, { n, k }: { n: number; k: number }): Promise<ShareCode[]> {
  if (key.length !== RECOVERY_KEY_BYTES) throw new TypeError(`recovery key must be ${RECOVERY_KEY_BYTES} bytes`);
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 2 || n < k || n > MAX_SHARES) {
    throw new RangeError(`need 2 <= k <= n <= ${MAX_SHARES}`);
  }
  const setId = randomBytes(SET_ID_BYTES);
  const shares = await split(key, n, k);
  return shares.map((share, i) => {
    const payload = new Uint8Array(PAYLOAD_BYTES);
    payload.set(setId, 0);
    payload[SET_ID_BYTES] = k;
    payload[SET_ID_BYTES + 1] = i + 1;
    payload.set(share, SET_ID_BYTES + 2);
    return { index: i + 1, code: encodeCheckedCode(payload, DOMAIN) };
  });
}

interface ParsedShare {
  setId: number;
  k: number;
  index: number;
  share: Uint8Array;
}

function parseShare(code: string, shareNumber: number): ParsedShare {
  let payload: Uint8Array;
  try {
    payload = decodeCheckedCode(code, DOMAIN, PAYLOAD_BYTES);
  } catch (e) {
    if (e instanceof CodeError) throw new ShareError(e.reason, e.message, shareNumber);
    throw e;
  }
  return {
    setId: (payload[0]! << 8) | payload[1]!,
    k: payload[SET_ID_BYTES]!,
    index: payload[SET_ID_BYTES + 1]!,
    share: payload.slice(SET_ID_BYTES + 2),
  };
}

export async function combineShares(codes: readonly string[]): Promise<Uint8Array> {
  const parsed = codes.map((code, i) => parseShare(code, i + 1));
  const first = parsed[0];
  if (first === undefined) throw new ShareError('too-few', 'no shares given');
  const seen = new Map<number, number>();
  parsed.forEach((p, i) => {
    if (p.setId !== first.setId || p.k !== first.k) {
      throw new ShareError('mixed', 'belongs to a different set of shares than share 1', i + 1);
    }
    const earlier = seen.get(p.index);
    if (earlier !== undefined) throw new ShareError('duplicate', `is the same share as share ${earlier}`, i + 1);
    seen.set(p.index, i + 1);
  });
  if (parsed.length < first.k) {
    throw new ShareError('too-few', `${first.k} shares are needed, ${parsed.length} given`);
  }
  return combine(parsed.map((p) => p.share));
}
