/**
 * Group commit: the writes of every command that runs in one turn of the event loop share one SQLite
 * transaction, committed (one fsync of the WAL) before any of those commands is answered. Each
 * command's writes still run in a savepoint of their own (better-sqlite3 nests transactions that
 * way), so a command that fails rolls back alone. With many clients writing at once, N fsyncs become
 * one; a client alone waits no longer than before, because the commit runs in the same turn's check
 * phase (`setImmediate`).
 *
 * Visibility: a command that runs after another's write in the same turn sees that write before it is
 * on disk, as mongod's "local" read concern shows writes before they are journaled. No write is
 * acknowledged before its commit; if the commit fails, the whole group is rolled back and every
 * command in it is answered with an error.
 */

/** The transaction control {@link GroupCommit} needs from the store. */
export interface GroupTransactionControl {
  begin(): void;
  commit(): void;
  rollback(): void;
}

export class GroupCommit {
  readonly #control: GroupTransactionControl;
  readonly #onRollback: (err: unknown) => void;
  #committed: Promise<void> | undefined;
  #settle: ((err?: unknown) => void) | undefined;
  #groups = 0;

  /** `onRollback` runs after a failed commit was rolled back (to drop cached catalog state). */
  constructor(control: GroupTransactionControl, onRollback: (err: unknown) => void) {
    this.#control = control;
    this.#onRollback = onRollback;
  }

  /** Whether a group transaction is open (its writes not yet committed). */
  get open(): boolean {
    return this.#settle !== undefined;
  }

  /** The open group's number (each group opened gets the next), or undefined while none is open. */
  get openGroup(): number | undefined {
    return this.open ? this.#groups : undefined;
  }

  /**
   * Opens the current turn's group transaction unless it is open already; returns the promise of
   * its commit, which rejects with the commit's error.
   */
  join(): Promise<void> {
    if (this.#committed !== undefined) return this.#committed;
    this.#control.begin();
    this.#groups += 1;
    this.#committed = new Promise<void>((resolve, reject) => {
      this.#settle = (err) => (err === undefined ? resolve() : reject(err instanceof Error ? err : new Error(String(err))));
    });
    // Every joiner handles the rejection itself; this keeps an unobserved one from crashing the process.
    this.#committed.catch(() => undefined);
    setImmediate(() => this.flush());
    return this.#committed;
  }

  /** Commits the open group now (before a synchronous write, or on close). */
  flush(): void {
    const settle = this.#settle;
    if (settle === undefined) return;
    this.#settle = undefined;
    this.#committed = undefined;
    try {
      this.#control.commit();
    } catch (err) {
      try {
        this.#control.rollback();
      } finally {
        this.#onRollback(err);
        settle(err);
      }
      return;
    }
    settle();
  }
}
