/**
 * The upstream cursors opened through this backend, by id: who owns each, on which namespace, in
 * which session and on which server. Upstream cursor ids are relayed to clients unchanged; this
 * table is what makes them usable only by their owner (backend contract, principle 5) and only on
 * the server that holds them.
 */
import { int64Key } from "../int64-key.js";
import { IdleSweep } from "../idle-sweep.js";

/** What is known of one open upstream cursor. */
export interface UpstreamCursor {
  readonly owner: string;
  readonly ns: string;
  /** The server (`host:port`) that holds the cursor. */
  readonly address: string;
  /** The session key ({@link SessionMap.keyOf}) the cursor was opened in. */
  readonly session: string | undefined;
  lastUsed: number;
}

// mongod times idle cursors out after 10 minutes; entries idle for longer are dropped here too.
const IDLE_LIMIT_MS = 15 * 60 * 1000;

/** The key a cursor id is stored under. */
export const cursorKey = int64Key;

/** The open cursors of one upstream backend. */
export class CursorTable {
  readonly #cursors = new Map<string, UpstreamCursor>();
  readonly #idleSweep = new IdleSweep(IDLE_LIMIT_MS);

  /** Records a cursor an upstream reply just opened. */
  open(id: string, cursor: Omit<UpstreamCursor, "lastUsed">): void {
    this.#sweep();
    this.#cursors.set(id, { ...cursor, lastUsed: Date.now() });
  }

  /** The cursor's record, marking it used. */
  get(id: string): UpstreamCursor | undefined {
    const found = this.#cursors.get(id);
    if (found !== undefined) found.lastUsed = Date.now();
    return found;
  }

  /** Forgets a cursor that was exhausted, killed or lost. */
  close(id: string): void {
    this.#cursors.delete(id);
  }

  /** Forgets every cursor of an ended session. */
  closeSession(session: string): void {
    for (const [id, cursor] of this.#cursors) if (cursor.session === session) this.#cursors.delete(id);
  }

  /** Number of open cursors. */
  get size(): number {
    return this.#cursors.size;
  }

  #sweep(): void {
    this.#idleSweep.run(this.#cursors);
  }
}
