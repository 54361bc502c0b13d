/**
 * The periodic LDAP re-check of one cluster's open connections: certgate's counterpart of mongod's
 * LDAP user cache refresh (`ldapUserCacheInvalidationInterval`, since MongoDB 5.2
 * `ldapUserCacheRefreshInterval`; 30 s by default), so that a person taken out of an LDAP group
 * loses the privileges on connections already open, without any change in the project.
 *
 * One timer per cluster listener, not one per connection. Each round asks every connection that LDAP
 * authorized to run its LDAP step again with answers no older than the round's start (`freshSince`),
 * so the group cache cannot hide a change, yet all connections of one user share one LDAP round trip.
 * A round still waiting on LDAP when the next one is due makes that one skip: a slow server never has
 * rounds piling up, and no round's answer is dropped for a newer round's.
 */

/** A connection as the timer sees it. */
export interface LdapRecheckTarget {
  /**
   * Runs the connection's LDAP step again with answers asked at or after `freshSince`; `undefined`
   * when the connection has nothing to re-check (LDAP did not authorize it, or it is not authenticated).
   */
  recheckLdapPeriodically(freshSince: number): Promise<void> | undefined;
}

/** The re-check timer of one cluster listener. */
export class LdapRecheckTimer {
  readonly #timer: NodeJS.Timeout;
  readonly #targets: () => Iterable<LdapRecheckTarget>;
  #running = false;

  /** Starts re-checking `targets()` every `intervalMs`; the timer does not keep the process alive. */
  constructor(intervalMs: number, targets: () => Iterable<LdapRecheckTarget>) {
    if (!Number.isInteger(intervalMs) || intervalMs < 1) throw new RangeError(`the LDAP re-check interval must be a positive number of ms, got ${intervalMs}`);
    this.#targets = targets;
    this.#timer = setInterval(() => void this.#round(), intervalMs).unref();
  }

  /** Stops the timer; a round in progress finishes on its own. */
  stop(): void {
    clearInterval(this.#timer);
  }

  async #round(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      const freshSince = Date.now();
      const pending: Promise<void>[] = [];
      for (const target of this.#targets()) {
        const checking = target.recheckLdapPeriodically(freshSince);
        if (checking !== undefined) pending.push(checking);
      }
      // Failures are logged by the re-check itself; one must not stop the others or the timer.
      await Promise.allSettled(pending);
    } finally {
      this.#running = false;
    }
  }
}
