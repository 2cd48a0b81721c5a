/**
 * A read-only map that is cheap to "copy with a few changes": a shared frozen base plus a small
 * delta. Cloning a plain Map of 100,000 entries costs ~25 ms, which would make every incremental
 * apply as slow as a refold; here a change costs O(delta) and the base is rebuilt only when the delta
 * outgrows ~sqrt(size), so the amortised cost per change stays small.
 */
export class PMap<K, V> {
  static empty<K, V>(): PMap<K, V> {
    return new PMap<K, V>(new Map(), new Map(), 0);
  }

  /** Wraps `entries` without copying: the caller must not change it afterwards. */
  static adopt<K, V>(entries: ReadonlyMap<K, V>): PMap<K, V> {
    return new PMap(entries, new Map(), entries.size);
  }

  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly delta: ReadonlyMap<K, V>,
    readonly size: number,
  ) {}

  get(key: K): V | undefined {
    return this.delta.has(key) ? this.delta.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.delta.has(key) || this.base.has(key);
  }

  /** A new map with `changes` set; this one is left as it was. */
  withAll(changes: ReadonlyMap<K, V>): PMap<K, V> {
    if (changes.size === 0) return this;
    if (this.size === 0) return PMap.adopt(new Map(changes));
    let size = this.size;
    for (const key of changes.keys()) if (!this.has(key)) size++;
    if (this.delta.size + changes.size > Math.max(64, Math.sqrt(size))) {
      return PMap.adopt(new Map([...this.entries(), ...changes]));
    }
    return new PMap(this.base, new Map([...this.delta, ...changes]), size);
  }

  *entries(): IterableIterator<[K, V]> {
    for (const entry of this.base) if (!this.delta.has(entry[0])) yield entry;
    yield* this.delta;
  }

  *keys(): IterableIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}
