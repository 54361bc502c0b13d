/**
 * Client sessions mapped to upstream sessions. Upstream, every command comes from the gateway's one
 * identity, so a client's `lsid` forwarded as is would let another user who learns it join the
 * session (its transaction numbers, its cursors). Each (owner, client lsid) pair gets its own random
 * upstream lsid instead: a session stays bound to the principal that started it, as mongod binds a
 * session to the user that created it. Not to one client connection, because drivers reuse pooled
 * sessions across their connections.
 */
import { Binary, UUID, type Document } from "bson";
import { sessionKey } from "../backend.js";
import { IdleMap } from "../idle-map.js";

/** mongod's default logicalSessionTimeoutMinutes: an unused upstream session is gone after it. */
const IDLE_LIMIT_MS = 30 * 60 * 1000;

interface MappedSession {
  readonly lsid: Document;
  /** The session's newest transaction that the gateway saw start, and the server it started on. */
  transaction?: { readonly txnNumber: string; readonly address: string };
}

/** The session table of one upstream backend. */
export class SessionMap {
  readonly #sessions = new IdleMap<string, MappedSession>(IDLE_LIMIT_MS);

  /** The key of a client lsid for `owner`, or undefined when `lsid` is not `{id: Binary}`. */
  static keyOf(owner: string, lsid: unknown): string | undefined {
    if (lsid === null || typeof lsid !== "object" || !((lsid as Document).id instanceof Binary)) return undefined;
    return `${owner}\u0000${sessionKey(lsid as { id: Binary })}`;
  }

  /** The upstream lsid for a client session, created on first use. */
  upstreamFor(key: string): Document {
    return this.#sessions.getOrAdd(key, () => ({ lsid: { id: new UUID().toBinary() } })).lsid;
  }

  /** The upstream lsid of a known session, without creating one. */
  peek(key: string): Document | undefined {
    return this.#sessions.peek(key)?.lsid;
  }

  /**
   * Records that transaction `txnNumber` of a mapped session started on `address`. A transaction
   * lives on the server that started it, so its later statements must go there or nowhere.
   */
  startTransaction(key: string, txnNumber: string, address: string): void {
    const session = this.#sessions.peek(key);
    if (session !== undefined) session.transaction = { txnNumber, address };
  }

  /** The server transaction `txnNumber` of a session started on, when the gateway saw it start. */
  transactionServer(key: string, txnNumber: string): string | undefined {
    const transaction = this.#sessions.peek(key)?.transaction;
    return transaction?.txnNumber === txnNumber ? transaction.address : undefined;
  }

  /** Forgets an ended session. */
  end(key: string): void {
    this.#sessions.delete(key);
  }

  /** Number of mapped sessions. */
  get size(): number {
    return this.#sessions.size;
  }
}
