/** Types of baseline.js for the bench page (the module itself is plain JavaScript, see there). */
export function write(name: string, key: Uint8Array, rows: readonly { id: string; t: string; v?: unknown }[]): Promise<{ bulkPutMs: number }>;
export function read(name: string, key: Uint8Array): Promise<{ readAllMs: number; rows: number }>;
export function dexieVersion(): string;
