/**
 * A circuit per LDAP server: after a server fails to answer, new lookups against it fail at once for
 * `openMs` instead of each waiting for its own timeout, so a dead server costs one timeout rather than
 * one per connecting client. When the period ends the next lookup tries the server again (half-open);
 * its success closes the circuit, its failure opens it for another period. Servers are independent.
 */

/** Per-server failure memory. */
export class ServerCircuits {
  private readonly openUntil = new Map<string, { until: number; reason: string }>();

  constructor(
    private readonly openMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Why `server` must not be tried now, or `undefined` when it may be. */
  blocked(server: string): string | undefined {
    const state = this.openUntil.get(server);
    if (state === undefined) return undefined;
    if (state.until <= this.now()) return undefined;
    return state.reason;
  }

  /** Records that `server` answered. */
  succeeded(server: string): void {
    this.openUntil.delete(server);
  }

  /** Records that `server` could not be reached. */
  failed(server: string, reason: string): void {
    this.openUntil.set(server, { until: this.now() + this.openMs, reason });
  }
}
