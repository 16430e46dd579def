/**
 * A least-recently-used map with a fixed number of entries, for values that never change once
 * known (a session's decoded public key, its immutable terms): memory stays bounded however many
 * sessions a replica sees, and an evicted entry is simply recomputed.
 *
 * @example
 * const keys = new BoundedCache<string, KeyObject>(10_000);
 * const key = keys.get(id) ?? keys.set(id, decode(id));
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used entry.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value` (evicting the least recently used entry when full) and returns it. */
  set(key: K, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return value;
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
