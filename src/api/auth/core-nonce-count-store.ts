import type { Core } from "../../core/index.js";
import type { NonceCountStore } from "./nonce-count-store.js";

/**
 * Nonce-counts kept in the core's store, shared by every API instance that uses the same database,
 * so a request replayed against another instance behind the load balancer is refused too.
 *
 * A nonce is recorded on its first authenticated use rather than when it is handed out: unauthenticated
 * requests (every digest exchange starts with one) then cost no database write, and that first use is
 * one write that records the nonce and its count together.
 */
export class CoreNonceCountStore implements NonceCountStore {
  readonly #nonces: Core["digestNonces"];

  constructor(nonces: Core["digestNonces"]) {
    this.#nonces = nonces;
  }

  advance(nonce: string, nc: number, expiresAt: number): Promise<boolean> {
    return this.#nonces.useOrRecord(nonce, nc, new Date(expiresAt));
  }
}
