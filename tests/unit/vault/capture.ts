/**
 * What LevelDB may keep: IndexedDB appends every version of every row it is given, and merged or
 * deleted rows survive in its files. Tests that attack the vault as someone who holds the disk
 * capture every value written to any object store and take their rows from here.
 */
export interface Captured {
  store: string;
  value: unknown;
}

/** Records every value written to any object store (add, put, cursor update): what LevelDB would keep. */
export function captureIndexedDbWrites(): { rows: Captured[]; restore(): void } {
  const rows: Captured[] = [];
  const storeProto = globalThis.IDBObjectStore.prototype as unknown as Record<'add' | 'put', (this: IDBObjectStore, value: unknown, key?: IDBValidKey) => IDBRequest>;
  const cursorProto = globalThis.IDBCursor.prototype as unknown as Record<'update', (this: IDBCursor, value: unknown) => IDBRequest>;
  const originals = { add: storeProto.add, put: storeProto.put, update: cursorProto.update };
  for (const op of ['add', 'put'] as const) {
    const inner = originals[op];
    storeProto[op] = function (value, key) {
      rows.push({ store: this.name, value: structuredClone(value) });
      return inner.call(this, value, key);
    };
  }
  cursorProto.update = function (value) {
    const source = this.source as IDBObjectStore | IDBIndex;
    rows.push({ store: 'objectStore' in source ? source.objectStore.name : source.name, value: structuredClone(value) });
    return originals.update.call(this, value);
  };
  return {
    rows,
    restore() {
      storeProto.add = originals.add;
      storeProto.put = originals.put;
      cursorProto.update = originals.update;
    },
  };
}
