import type { Core } from "../../core/index.js";
import type { NonceCountStore } from "./nonce-count-store.js";

/**
 * Nonce-counts kept in the core's store, shared by every API instance that uses the same database,
 * so a request replayed against another instance behind the load balancer is refused too.
 *
 * A nonce is recorded on its first authenticated use rather than when it is handed out: unauthenticated
 * requests (every digest exchange starts with one) then cost no database write.
 */
export class CoreNonceCountStore implements NonceCountStore {
  readonly #nonces: Core["digestNonces"];

  constructor(nonces: Core["digestNonces"]) {
    this.#nonces = nonces;
  }

  async advance(nonce: string, nc: number, expiresAt: number): Promise<boolean> {
    let outcome = await this.#nonces.use(nonce, nc);
    if (outcome === "unknown") {
      try {
        await this.#nonces.issue(nonce, new Date(expiresAt));
      } catch {
        // Another request with this nonce recorded it first; `use` below settles which count wins.
      }
      outcome = await this.#nonces.use(nonce, nc);
    }
    return outcome === "ok";
  }
}
