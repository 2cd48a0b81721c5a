import { BundleError } from './errors';

export interface JsonLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
}

// Keys that turn a later merge or spread into prototype pollution.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Parses untrusted JSON: strict UTF-8, size and nesting caps checked before JSON.parse, no prototype keys. */
export function parseUntrustedJson(bytes: Uint8Array, what: string, limits: JsonLimits): unknown {
  if (bytes.length > limits.maxBytes) throw new BundleError('invalid-content', `${what} is larger than ${limits.maxBytes} bytes`);
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleError('invalid-content', `${what} is not valid UTF-8`);
  }
  assertDepth(source, what, limits.maxDepth);
  try {
    return JSON.parse(source, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new BundleError('invalid-content', `${what} contains the forbidden key "${key}"`);
      return value;
    });
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new BundleError('invalid-content', `${what} is not valid JSON`);
  }
}

/** A linear scan, so nesting is refused before any recursive code (the reviver) sees it. */
function assertDepth(source: string, what: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw new BundleError('invalid-content', `${what} is nested deeper than ${maxDepth} levels`);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}
