/** A small LRU map whose entries also expire: bounded in size and in staleness. */

interface Slot<V> {
  value: V;
  expiresAt: number;
}

/** LRU cache with a per-entry time to live; `now` is injectable for tests of expiry. */
export class BoundedCache<K, V> {
  private readonly slots = new Map<K, Slot<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (maxEntries < 1) throw new RangeError("maxEntries must be at least 1");
  }

  /** The live value for `key`, refreshed as most recently used; `undefined` when absent or expired. */
  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    this.slots.delete(key);
    if (slot.expiresAt <= this.now()) return undefined;
    this.slots.set(key, slot);
    return slot.value;
  }

  /** Stores `value`, evicting the least recently used entry when full. */
  set(key: K, value: V): void {
    this.slots.delete(key);
    while (this.slots.size >= this.maxEntries) {
      const oldest = this.slots.keys().next();
      if (oldest.done === true) break;
      this.slots.delete(oldest.value);
    }
    this.slots.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  /** How many entries are held (expired ones included until touched or evicted). */
  get size(): number {
    return this.slots.size;
  }
}
