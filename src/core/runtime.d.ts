/**
 * The few globals core uses that every process it runs in provides alike (Node, the renderer, the
 * vault worker). Core's own typecheck sees only these and plain ECMAScript, so any other DOM or Node
 * global in src/core fails it; the other projects get the same names from their DOM or Node types.
 */

/* eslint-disable no-var -- only `var` declares a global that is also a property of globalThis */

interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { new (): TextEncoder };

interface TextDecoder {
  decode(input?: ArrayBufferView | ArrayBuffer): string;
}
declare var TextDecoder: { new (label?: string, options?: { fatal?: boolean }): TextDecoder };

declare function atob(data: string): string;
declare function btoa(data: string): string;

interface Crypto {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}
declare var crypto: Crypto;
