/**
 * Which user opened each open cursor of a cluster and with which command, so that every getMore is
 * checked as mongod checks it (same user, same namespace, privileges still held) before the backend
 * sees it. Cursors can move between a client's pooled connections, so the table is per cluster.
 */
import type { CursorOrigin } from "../authz/index.js";
import { IdleSweep } from "../backends/idle-sweep.js";

/** What the gateway keeps about an open cursor. */
export interface TrackedCursor {
  readonly origin: CursorOrigin;
  /** listCollections cursors opened with `authorizedCollections` are filtered batch by batch. */
  readonly filterCollections: boolean;
  lastUsed: number;
}

// The embedded backend times idle cursors out after 10 minutes, as mongod does; entries idle for
// longer are dropped here too so the table cannot grow without bound.
const IDLE_LIMIT_MS = 15 * 60 * 1000;

/** The cluster's open cursors by id. */
export class CursorOrigins {
  readonly #cursors = new Map<string, TrackedCursor>();
  readonly #idleSweep = new IdleSweep(IDLE_LIMIT_MS);

  /** Remembers a cursor the backend just opened. */
  open(id: string, origin: CursorOrigin, filterCollections: boolean): void {
    this.#sweep();
    this.#cursors.set(id, { origin, filterCollections, lastUsed: Date.now() });
  }

  /** The cursor's record, if it is open. */
  get(id: string): TrackedCursor | undefined {
    const found = this.#cursors.get(id);
    if (found) found.lastUsed = Date.now();
    return found;
  }

  /** Forgets a cursor that was exhausted or killed. */
  close(id: string): void {
    this.#cursors.delete(id);
  }

  /** Number of tracked cursors. */
  get size(): number {
    return this.#cursors.size;
  }

  #sweep(): void {
    this.#idleSweep.run(this.#cursors);
  }
}
