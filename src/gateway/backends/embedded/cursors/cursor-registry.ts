import { randomBytes } from "node:crypto";
import { calculateObjectSize, Long, type Document } from "bson";
import { BackendError } from "../../backend-error.js";

/** mongod's default number of documents in a find/aggregate first batch. */
export const DEFAULT_FIRST_BATCH = 101;
/** The most bytes of documents put in one batch, leaving room for the reply envelope under 16 MiB. */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;
/** mongod's `cursorTimeoutMillis` default: idle cursors are closed after ten minutes. */
export const CURSOR_IDLE_MS = 10 * 60 * 1000;

/** A batch of results and the cursor id to continue from (0 when exhausted). */
export interface Batch {
  readonly docs: Document[];
  readonly id: Long;
}

interface OpenCursor {
  readonly ns: string;
  readonly owner: string;
  readonly sessionId: string | undefined;
  readonly source: Iterator<Document>;
  peeked: Document | undefined;
  /** Set once the source reported done; some sources misbehave when pulled again after that. */
  exhausted: boolean;
  lastUsed: number;
}

/** Who opens or continues a cursor. */
export interface CursorCaller {
  readonly owner: string;
  readonly sessionId?: string | undefined;
  /** May kill other owners' cursors (mongod's `killAnyCursor` action). */
  readonly killAnyCursor?: boolean | undefined;
}

/**
 * CursorRegistry keeps the cursors left open between a first batch and its getMores.
 * A cursor is a pull-based iterator over results; the registry batches it (by count and
 * by bytes), checks ownership, and closes cursors that sat idle past the timeout.
 */
export class CursorRegistry {
  readonly #cursors = new Map<bigint, OpenCursor>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * Takes the first batch from `source` and keeps the rest open unless exhausted or
   * `singleBatch`. `batchSize` 0 returns an empty first batch and leaves every result to getMore.
   */
  open(ns: string, caller: CursorCaller, source: Iterator<Document>, options: { batchSize?: number; singleBatch?: boolean }): Batch {
    this.#sweep();
    const cursor: OpenCursor = { ns, owner: caller.owner, sessionId: caller.sessionId, source, peeked: undefined, exhausted: false, lastUsed: this.#now() };
    const limit = options.batchSize ?? DEFAULT_FIRST_BATCH;
    const docs = limit === 0 ? [] : fill(cursor, limit);
    const exhausted = limit !== 0 && !hasMore(cursor);
    if (exhausted || options.singleBatch) return { docs, id: Long.ZERO };
    const id = newCursorId(this.#cursors);
    this.#cursors.set(id, cursor);
    return { docs, id: Long.fromBigInt(id) };
  }

  /**
   * The next batch of cursor `id`. Checked in mongod's order: the cursor exists
   * (CursorNotFound), belongs to the namespace named in getMore, then to the caller
   * (both Unauthorized).
   */
  getMore(id: Long, ns: string, caller: CursorCaller, batchSize?: number): Batch {
    this.#sweep();
    const key = id.toBigInt();
    const cursor = this.#cursors.get(key);
    if (!cursor) throw new BackendError("CursorNotFound", `cursor id ${id.toString()} not found`);
    if (cursor.ns !== ns) {
      throw new BackendError("Unauthorized", `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
    }
    if (cursor.owner !== caller.owner) {
      throw new BackendError("Unauthorized", `cursor id ${id.toString()} was not created by the authenticated user`);
    }
    cursor.lastUsed = this.#now();
    try {
      const docs = fill(cursor, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
      if (hasMore(cursor)) return { docs, id };
      this.#cursors.delete(key);
      return { docs, id: Long.ZERO };
    } catch (err) {
      this.#cursors.delete(key);
      throw err;
    }
  }

  /**
   * Kills the listed cursors of `ns`. A cursor of another owner, unless the caller may kill
   * any cursor, fails the whole command with Unauthorized before anything is killed, as
   * mongod's killCursors authorization check does (the gateway may restate the message as
   * mongod's "not authorized on <db> to execute command ...").
   */
  kill(ns: string, ids: readonly Long[], caller: CursorCaller): { killed: Long[]; notFound: Long[] } {
    for (const id of ids) {
      const cursor = this.#cursors.get(id.toBigInt());
      if (cursor && cursor.ns === ns && cursor.owner !== caller.owner && !caller.killAnyCursor) {
        throw new BackendError("Unauthorized", `not authorized to kill cursor id ${id.toString()}, which was created by another user`);
      }
    }
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const cursor = this.#cursors.get(id.toBigInt());
      if (cursor && cursor.ns === ns) {
        this.#cursors.delete(id.toBigInt());
        killed.push(id);
      } else notFound.push(id);
    }
    return { killed, notFound };
  }

  /** Closes the cursors a session opened (endSessions), only those of the same owner. */
  killSession(sessionId: string, owner: string): number {
    let n = 0;
    for (const [id, cursor] of this.#cursors) {
      if (cursor.sessionId === sessionId && cursor.owner === owner) {
        this.#cursors.delete(id);
        n++;
      }
    }
    return n;
  }

  /** Closes every cursor whose namespace is in `db` (and, when given, is exactly `ns`). */
  killNamespace(db: string, ns?: string): void {
    for (const [id, cursor] of this.#cursors) {
      if (ns ? cursor.ns === ns : cursor.ns.startsWith(`${db}.`)) this.#cursors.delete(id);
    }
  }

  /** How many cursors are open. */
  get size(): number {
    return this.#cursors.size;
  }

  /** Closes every cursor. */
  clear(): void {
    this.#cursors.clear();
  }

  #sweep(): void {
    const cutoff = this.#now() - CURSOR_IDLE_MS;
    for (const [id, cursor] of this.#cursors) if (cursor.lastUsed < cutoff) this.#cursors.delete(id);
  }
}

function fill(cursor: OpenCursor, limit: number): Document[] {
  const docs: Document[] = [];
  let bytes = 0;
  while (docs.length < limit) {
    const doc = cursor.peeked ?? next(cursor);
    cursor.peeked = undefined;
    if (doc === undefined) break;
    const size = calculateObjectSize(doc);
    if (docs.length > 0 && bytes + size > MAX_BATCH_BYTES) {
      cursor.peeked = doc;
      break;
    }
    docs.push(doc);
    bytes += size;
  }
  return docs;
}

function hasMore(cursor: OpenCursor): boolean {
  cursor.peeked ??= next(cursor);
  return cursor.peeked !== undefined;
}

function next(cursor: OpenCursor): Document | undefined {
  if (cursor.exhausted) return undefined;
  const r = cursor.source.next();
  if (r.done) cursor.exhausted = true;
  return r.done ? undefined : r.value;
}

function newCursorId(taken: Map<bigint, OpenCursor>): bigint {
  for (;;) {
    const id = randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn;
    if (id !== 0n && !taken.has(id)) return id;
  }
}
