import { systemClock, type Clock } from "../../shared/clock.js";

/**
 * A map that forgets entries nobody used for longer than `idleMs`, so a table keyed by what clients
 * open (cursors, sessions) cannot grow without bound when clients leave without closing. Adding an
 * entry looks for idle ones, at most once every `everyMs`.
 */
export class IdleMap<K, V> {
  readonly #entries = new Map<K, { readonly value: V; lastUsed: number }>();
  readonly #idleMs: number;
  readonly #everyMs: number;
  readonly #clock: Clock;
  #lastSweep: number;

  constructor(idleMs: number, { everyMs = 60_000, clock = systemClock }: { everyMs?: number; clock?: Clock } = {}) {
    this.#idleMs = idleMs;
    this.#everyMs = everyMs;
    this.#clock = clock;
    this.#lastSweep = this.#now();
  }

  /** Stores `value` under `key`, used now. */
  set(key: K, value: V): void {
    this.#sweep();
    this.#entries.set(key, { value, lastUsed: this.#now() });
  }

  /** The value under `key`, marking it used. */
  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    entry.lastUsed = this.#now();
    return entry.value;
  }

  /** The value under `key`, created by `create` when there is none; either way used now. */
  getOrAdd(key: K, create: () => V): V {
    this.#sweep();
    const found = this.get(key);
    if (found !== undefined) return found;
    const value = create();
    this.#entries.set(key, { value, lastUsed: this.#now() });
    return value;
  }

  /** The value under `key`, without marking it used. */
  peek(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** Forgets `key`. */
  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Forgets every entry whose value `matches`. */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.#entries) if (matches(entry.value)) this.#entries.delete(key);
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  #sweep(): void {
    const now = this.#now();
    if (now - this.#lastSweep < this.#everyMs) return;
    this.#lastSweep = now;
    for (const [key, entry] of this.#entries) if (now - entry.lastUsed > this.#idleMs) this.#entries.delete(key);
  }
}
