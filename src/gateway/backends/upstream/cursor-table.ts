/**
 * The upstream cursors opened through this backend, by id: who owns each, on which namespace, in
 * which session and on which server. Upstream cursor ids are relayed to clients unchanged; this
 * table is what makes them usable only by their owner (backend contract, principle 5) and only on
 * the server that holds them.
 */
import { int64Key } from "../int64-key.js";
import { IdleMap } from "../idle-map.js";

/** What is known of one open upstream cursor. */
export interface UpstreamCursor {
  readonly owner: string;
  readonly ns: string;
  /** The server (`host:port`) that holds the cursor. */
  readonly address: string;
  /** The session key ({@link SessionMap.keyOf}) the cursor was opened in. */
  readonly session: string | undefined;
}

// mongod times idle cursors out after 10 minutes; entries idle for longer are dropped here too.
const IDLE_LIMIT_MS = 15 * 60 * 1000;

/** The key a cursor id is stored under. */
export const cursorKey = int64Key;

/** The open cursors of one upstream backend: added when a reply opens one, deleted when it is exhausted, killed or lost. */
export class CursorTable extends IdleMap<string, UpstreamCursor> {
  constructor() {
    super(IDLE_LIMIT_MS);
  }

  /** Forgets every cursor of an ended session. */
  closeSession(session: string): void {
    this.deleteWhere((cursor) => cursor.session === session);
  }
}
