/** Forgets the entries of a map that were not used for longer than `idleMs`, looking at most once a `everyMs`. */
export class IdleSweep {
  readonly #idleMs: number;
  readonly #everyMs: number;
  #lastSweep = Date.now();

  constructor(idleMs: number, everyMs = 60_000) {
    this.#idleMs = idleMs;
    this.#everyMs = everyMs;
  }

  /** Deletes the idle entries of `entries`, unless a sweep ran less than `everyMs` ago. */
  run<K, V extends { lastUsed: number }>(entries: Map<K, V>): void {
    const now = Date.now();
    if (now - this.#lastSweep < this.#everyMs) return;
    this.#lastSweep = now;
    for (const [key, entry] of entries) if (now - entry.lastUsed > this.#idleMs) entries.delete(key);
  }
}
