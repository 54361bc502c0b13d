/**
 * The upstream backend: runs each authorized command on an upstream MongoDB deployment over the
 * gateway's own authenticated connections and hands back the server's reply unchanged.
 *
 * What it adds around the forwarding, and why:
 *  - Sessions: a client's lsid is replaced by an upstream lsid of its own per (owner, lsid)
 *    ({@link SessionMap}), so one user cannot reach another's session through the shared identity.
 *  - Cursors: upstream cursor ids are relayed as is and recorded with their owner, namespace and
 *    server ({@link CursorTable}); getMore and killCursors on a cursor of another owner fail with
 *    Unauthorized before anything is sent, an unknown id with CursorNotFound.
 *  - Transactions: commitTransaction/abortTransaction and the session fields (`txnNumber`,
 *    `autocommit`, `startTransaction`, `recoveryToken`) are forwarded with the mapped lsid. A
 *    transaction's later statements go only to the server it started on; after the pool moved to
 *    another server they fail with HostUnreachable and TransientTransactionError instead.
 *  - Link failures become HostUnreachable (6) or NetworkTimeout (89) replies with the error labels
 *    mongos adds, which drivers retry; the pool reconnects with backoff.
 */
import type { Document } from "bson";
import type { Logger } from "pino";
import type { Backend, CommandContext, RunCommandParams } from "../backend.js";
import { BackendError } from "../backend-error.js";
import { replyDocument, type BackendReply } from "../encoded-reply.js";
import { errorReply } from "../error-reply.js";
import { parseConnectionString, redactConnectionString, type UpstreamSettings } from "../../../shared/mongodb-uri.js";
import { ConnectionPool } from "./connection-pool.js";
import { cursorKey, CursorTable } from "./cursor-table.js";
import { outgoingCommand } from "./outgoing-command.js";
import { SessionMap } from "./session-map.js";
import { transactionStatement } from "./transaction-statement.js";
import { reasonOf, UpstreamLinkError } from "./upstream-error.js";
import type { UpstreamReply } from "./upstream-reply.js";
import { checkLogicalSessionId, ENDSESSIONS_CONTEXT } from "../session-id.js";

/** Error codes after which the upstream no longer holds the cursor. */
const CURSOR_GONE_CODES = new Set([43, 175, 237]);

/** A backend that forwards to an upstream MongoDB deployment. */
export class UpstreamBackend implements Backend {
  readonly #pool: ConnectionPool;
  readonly #sessions = new SessionMap();
  readonly #cursors = new CursorTable();
  readonly #log: Logger | undefined;
  #clusterTime: Document | undefined;
  /** The order of {@link #clusterTime}'s timestamp (see {@link UpstreamReply.clusterTimeOrder}). */
  #clusterTimeOrder = -1n;
  #closed = false;

  constructor(settings: UpstreamSettings, log?: Logger) {
    this.#pool = new ConnectionPool(settings);
    this.#log = log;
  }

  /**
   * Opens a backend for a cluster's `backend.upstream` configuration. The connection is not
   * required to succeed here, so a cluster whose upstream is down still listens and answers
   * HostUnreachable until the upstream returns; the first attempt's outcome is logged.
   */
  static open(config: Record<string, unknown>, log?: Logger): UpstreamBackend {
    const uri = config.connectionString;
    if (typeof uri !== "string") throw new Error("backend.upstream.connectionString is missing");
    const settings = parseConnectionString(uri);
    const backend = new UpstreamBackend(settings, log);
    const where = redactConnectionString(uri);
    if (settings.ignoredOptions.length > 0) log?.info({ upstream: where, options: settings.ignoredOptions }, "upstream connection string options that a forwarder leaves to its clients");
    void backend.#pool.run({ ping: 1, $db: "admin" }).then(
      ({ address }) => log?.info({ upstream: where, address }, "upstream backend connected"),
      (error: unknown) => log?.warn({ upstream: where, reason: reasonOf(error) }, "upstream backend cannot connect yet"),
    );
    return backend;
  }

  /** The server commands go to, once one was selected. */
  get address(): string | undefined {
    return this.#pool.address;
  }

  /** Open cursors and mapped sessions, for tests and metrics. */
  get stats(): { cursors: number; sessions: number; connections: number } {
    return { cursors: this.#cursors.size, sessions: this.#sessions.size, connections: this.#pool.size };
  }

  /** Runs a command and decodes its reply (callers other than the gateway: tests). */
  async runCommand(params: RunCommandParams): Promise<Document> {
    return replyDocument(await this.runCommandEncoded(params));
  }

  /** Runs a command; the upstream's reply comes as the bytes it sent, unless the gateway had to edit it. */
  async runCommandEncoded({ command, context }: RunCommandParams): Promise<BackendReply> {
    if (this.#closed) throw new Error("the upstream backend is closed");
    const name = Object.keys(command)[0] ?? "";
    const session = SessionMap.keyOf(context.owner, command.lsid);
    try {
      if (name === "getMore") return await this.#getMore(command, context, session);
      if (name === "killCursors") return await this.#killCursors(command, context, session);
      if (name === "endSessions") return await this.#endSessions(command, context);
      const { reply, address } = await this.#send(command, session);
      this.#recordCursor(reply, context, address, session);
      return reply.forClient();
    } catch (error) {
      if (error instanceof UpstreamLinkError) return error.reply(command);
      if (this.#closed) throw error;
      if (!(error instanceof BackendError)) this.#log?.error({ err: error, command: name }, "upstream backend internal error");
      return errorReply(error);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#pool.close();
  }

  async #send(command: Document, session: string | undefined): Promise<{ reply: UpstreamReply; address: string }> {
    const lsid = session === undefined ? undefined : this.#sessions.upstreamFor(session);
    const out = outgoingCommand(command, lsid, this.#clusterTime);
    const statement = session === undefined ? undefined : transactionStatement(command);
    // commitTransaction/abortTransaction may go to another server: a new primary knows the outcome
    // of a committed transaction, and another mongos recovers it from the recoveryToken.
    const pinnedTo = session !== undefined && statement?.role === "continue" ? this.#sessions.transactionServer(session, statement.txnNumber) : undefined;
    const result = await this.#pool.run(out.body, out.sequences, pinnedTo);
    if (session !== undefined && statement?.role === "start") this.#sessions.startTransaction(session, statement.txnNumber, result.address);
    this.#gossip(result.reply);
    return result;
  }

  /** Keeps the newest `$clusterTime` seen, decoding only one that is newer than the one kept. */
  #gossip(reply: UpstreamReply): void {
    const order = reply.clusterTimeOrder;
    if (order === undefined || order <= this.#clusterTimeOrder) return;
    const seen = reply.clusterTimeDocument();
    if (seen === undefined) return;
    this.#clusterTime = seen;
    this.#clusterTimeOrder = order;
  }

  #recordCursor(reply: UpstreamReply, context: CommandContext, address: string, session: string | undefined): void {
    const cursor = reply.summary.cursor;
    if (cursor?.ns === undefined || cursor.id === "0") return;
    this.#cursors.set(cursor.id, { owner: context.owner, ns: cursor.ns, address, session });
  }

  async #getMore(command: Document, context: CommandContext, session: string | undefined): Promise<BackendReply> {
    const id = cursorKey(command.getMore);
    // A non-integer id reaches no cursor; the upstream words the type error.
    if (id === undefined) return (await this.#send(command, session)).reply.forClient();
    const cursor = this.#cursors.get(id);
    if (cursor === undefined) throw new BackendError("CursorNotFound", `cursor id ${id} not found`);
    if (cursor.owner !== context.owner) throw new BackendError("Unauthorized", `cursor id ${id} was not created by the authenticated user`);
    const ns = `${context.db}.${String(command.collection)}`;
    if (cursor.ns !== ns) throw new BackendError("Unauthorized", `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
    if (cursor.address !== this.#pool.address) {
      this.#cursors.delete(id);
      throw new BackendError("CursorNotFound", `cursor id ${id} not found: it was opened on upstream ${cursor.address}, which the gateway no longer uses`);
    }
    const { reply } = await this.#send(command, session);
    const { cursor: next, code } = reply.summary;
    if (next?.id === "0" || CURSOR_GONE_CODES.has(code ?? 0)) this.#cursors.delete(id);
    return reply.forClient();
  }

  async #killCursors(command: Document, context: CommandContext, session: string | undefined): Promise<Document> {
    const ids: unknown = command.cursors;
    if (!Array.isArray(ids)) return (await this.#send(command, session)).reply.forClient();
    const ns = `${context.db}.${String(command.killCursors)}`;
    const forwarded: unknown[] = [];
    const notFound: unknown[] = [];
    for (const value of ids) {
      const id = cursorKey(value);
      const cursor = id === undefined ? undefined : this.#cursors.get(id);
      if (cursor === undefined || cursor.ns !== ns) notFound.push(value);
      else if (cursor.owner !== context.owner && context.killAnyCursor !== true) {
        throw new BackendError("Unauthorized", `not authorized to kill cursor id ${String(id)}, which was created by another user`);
      } else forwarded.push(value);
    }
    if (forwarded.length === 0) return { cursorsKilled: [], cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
    const reply = (await this.#send({ ...command, cursors: forwarded }, session)).reply.document();
    for (const field of ["cursorsKilled", "cursorsNotFound"]) {
      const listed: unknown = reply[field];
      if (Array.isArray(listed)) for (const value of listed) this.#cursors.delete(cursorKey(value) ?? "");
    }
    if (notFound.length > 0 && Array.isArray(reply.cursorsNotFound)) reply.cursorsNotFound = [...(reply.cursorsNotFound as unknown[]), ...notFound];
    return reply;
  }

  async #endSessions(command: Document, context: CommandContext): Promise<BackendReply> {
    const listed: unknown = command.endSessions;
    if (!Array.isArray(listed)) return (await this.#send(command, undefined)).reply.forClient();
    const upstream: Document[] = [];
    for (const lsid of listed) checkLogicalSessionId(lsid, ENDSESSIONS_CONTEXT);
    for (const lsid of listed) {
      const key = SessionMap.keyOf(context.owner, lsid);
      const mapped = key === undefined ? undefined : this.#sessions.peek(key);
      if (key === undefined || mapped === undefined) continue;
      upstream.push(mapped);
      this.#sessions.end(key);
      this.#cursors.closeSession(key);
    }
    // Sessions this gateway never forwarded do not exist upstream; mongod answers ok for unknown ones too.
    if (upstream.length === 0) return { ok: 1 };
    return (await this.#send({ ...command, endSessions: upstream }, undefined)).reply.forClient();
  }
}
