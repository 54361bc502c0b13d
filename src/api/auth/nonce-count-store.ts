/**
 * Replay protection for digest authentication: every request made with one nonce must carry a
 * higher nonce-count (`nc`) than the last one accepted (RFC 7616 §3.4). A store performs that check
 * and the update as one atomic step, so several API instances can share one.
 */
export interface NonceCountStore {
  /**
   * Records `nc` for `nonce` if it is higher than any count accepted before, and answers whether it was.
   * Called only for nonces whose signature and age were already verified. `expiresAt` (ms since the
   * epoch) is when the entry may be forgotten: the nonce is refused after that anyway.
   */
  advance(nonce: string, nc: number, expiresAt: number): Promise<boolean>;
}

/**
 * A nonce-count store in this process's memory: right for one API instance. Entries are dropped once
 * their nonce has expired, so memory stays proportional to the nonces used within one lifetime.
 */
export class MemoryNonceCountStore implements NonceCountStore {
  readonly #entries = new Map<string, { nc: number; expiresAt: number }>();
  readonly #now: () => number;
  #nextSweep = 0;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Entries currently held. */
  get size(): number {
    return this.#entries.size;
  }

  advance(nonce: string, nc: number, expiresAt: number): Promise<boolean> {
    this.#sweep();
    const seen = this.#entries.get(nonce);
    if (seen && nc <= seen.nc) return Promise.resolve(false);
    this.#entries.set(nonce, { nc, expiresAt });
    return Promise.resolve(true);
  }

  #sweep(): void {
    const now = this.#now();
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 10_000;
    for (const [nonce, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(nonce);
    }
  }
}
