/**
 * Which user opened each open cursor of a cluster and with which command, so that every getMore is
 * checked as mongod checks it (same user, same namespace, privileges still held) before the backend
 * sees it. Cursors can move between a client's pooled connections, so the table is per cluster.
 */
import type { CursorOrigin } from "../authz/index.js";
import { IdleMap } from "../backends/idle-map.js";

/** What the gateway keeps about an open cursor. */
export interface TrackedCursor {
  readonly origin: CursorOrigin;
  /** listCollections cursors opened with `authorizedCollections` are filtered batch by batch. */
  readonly filterCollections: boolean;
}

// The embedded backend times idle cursors out after 10 minutes, as mongod does; entries idle for
// longer are dropped here too so the table cannot grow without bound.
const IDLE_LIMIT_MS = 15 * 60 * 1000;

/** The cluster's open cursors by id: added when the backend opens one, deleted when it is exhausted or killed. */
export class CursorOrigins extends IdleMap<string, TrackedCursor> {
  constructor() {
    super(IDLE_LIMIT_MS);
  }
}
