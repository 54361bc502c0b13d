/**
 * The gateway's pool of authenticated connections to one upstream server: up to `maxPoolSize`
 * connections, each lent to one command at a time, opened on demand, and after a failure retried
 * no sooner than an exponential backoff allows (200 ms doubling to 10 s) so that an unreachable
 * upstream is answered at once instead of being hammered by every command.
 *
 * Every connection goes to the same server: the first writable one among the connection string's
 * hosts (a standalone, the replica set's primary, or the first mongos). Cursors and sessions live on
 * a server, not on a connection, so any pooled connection may continue a cursor that another opened.
 */
import type { Document } from "bson";
import type { DocumentSequence } from "../../wire/index.js";
import type { UpstreamHost, UpstreamSettings } from "../../../shared/mongodb-uri.js";
import { establish, type EstablishedConnection } from "./handshake.js";
import type { UpstreamConnection } from "./upstream-connection.js";
import { reasonOf, UpstreamLinkError } from "./upstream-error.js";
import type { UpstreamReply } from "./upstream-reply.js";

const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 10_000;

interface Waiter {
  resolve(connection: UpstreamConnection): void;
  reject(error: Error): void;
}

/** The connection pool of one upstream backend. */
export class ConnectionPool {
  readonly #settings: UpstreamSettings;
  readonly #open = new Set<UpstreamConnection>();
  #idle: UpstreamConnection[] = [];
  #opening = 0;
  readonly #waiters: Waiter[] = [];
  #target: UpstreamHost | undefined;
  #backoffMs = 0;
  #nextAttemptAt = 0;
  #lastFailure: UpstreamLinkError | undefined;
  #closed = false;

  constructor(settings: UpstreamSettings) {
    this.#settings = settings;
  }

  /** `host:port` of the server the pool talks to, once one was selected. */
  get address(): string | undefined {
    return this.#target === undefined ? undefined : formatAddress(this.#target);
  }

  /** Connections open or being opened. */
  get size(): number {
    return this.#open.size + this.#opening;
  }

  /**
   * Runs one command on a pooled connection and resolves with the reply and the server that
   * answered. Link failures reject with {@link UpstreamLinkError}. With `pinnedTo`, the command is
   * sent only if the connection goes to that server (a transaction's statement after the pool moved
   * to another one would start a different transaction there, or find none); otherwise it rejects
   * with HostUnreachable without sending anything.
   */
  async run(body: Document, sequences: DocumentSequence[] = [], pinnedTo?: string): Promise<{ reply: UpstreamReply; address: string }> {
    const connection = await this.#acquire();
    try {
      if (pinnedTo !== undefined && connection.address !== pinnedTo) {
        throw new UpstreamLinkError("HostUnreachable", `upstream ${pinnedTo}, where this transaction started, is no longer the server the gateway uses (now ${connection.address})`);
      }
      return { reply: await connection.exchange(body, sequences), address: connection.address };
    } finally {
      this.#release(connection);
    }
  }

  /** Closes every connection; waiting and later commands reject. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error("the upstream backend is closed"));
    for (const connection of [...this.#open]) connection.close();
    this.#idle = [];
  }

  #acquire(): Promise<UpstreamConnection> {
    if (this.#closed) return Promise.reject(new Error("the upstream backend is closed"));
    const idle = this.#idle.pop();
    if (idle !== undefined) return Promise.resolve(idle);
    if (this.size < this.#settings.maxPoolSize) return this.#openOne();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  #release(connection: UpstreamConnection): void {
    if (connection.closed) return;
    // A connection that was busy while the pool moved to another server must not be reused either.
    if (this.#closed || (this.#target !== undefined && connection.address !== formatAddress(this.#target))) {
      connection.close();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter.resolve(connection);
    else this.#idle.push(connection);
  }

  async #openOne(): Promise<UpstreamConnection> {
    const now = Date.now();
    if (this.#lastFailure !== undefined && now < this.#nextAttemptAt) {
      const failure = this.#lastFailure;
      throw new UpstreamLinkError(failure.codeName, `${failure.message} (next attempt in ${this.#nextAttemptAt - now} ms)`);
    }
    this.#opening++;
    let established: EstablishedConnection;
    try {
      established = await this.#connectAny();
    } catch (error) {
      this.#opening--;
      const failure = error instanceof UpstreamLinkError ? error : new UpstreamLinkError("HostUnreachable", reasonOf(error), { cause: error });
      this.#backoffMs = this.#backoffMs === 0 ? FIRST_BACKOFF_MS : Math.min(this.#backoffMs * 2, MAX_BACKOFF_MS);
      this.#nextAttemptAt = Date.now() + this.#backoffMs;
      this.#lastFailure = failure;
      // Commands queued behind a full pool would otherwise wait for a connection that never comes.
      if (this.#open.size === 0) for (const waiter of this.#waiters.splice(0)) waiter.reject(failure);
      throw failure;
    }
    this.#opening--;
    this.#backoffMs = 0;
    this.#lastFailure = undefined;
    const { connection } = established;
    if (this.#closed) {
      connection.close();
      throw new Error("the upstream backend is closed");
    }
    this.#open.add(connection);
    connection.onClose(() => this.#forget(connection));
    return connection;
  }

  #forget(connection: UpstreamConnection): void {
    this.#open.delete(connection);
    this.#idle = this.#idle.filter((c) => c !== connection);
    if (this.#closed || this.#waiters.length === 0 || this.size >= this.#settings.maxPoolSize) return;
    const waiter = this.#waiters.shift();
    if (waiter === undefined) return;
    this.#openOne().then(waiter.resolve, waiter.reject);
  }

  /** Connects to the known server, or else finds a writable one among the configured hosts. */
  async #connectAny(): Promise<EstablishedConnection> {
    const reasons: string[] = [];
    const candidates = this.#target === undefined ? [...this.#settings.hosts] : [this.#target, ...this.#settings.hosts.filter((h) => !sameHost(h, this.#target))];
    const tried = new Set<string>();
    while (candidates.length > 0) {
      const host = candidates.shift() as UpstreamHost;
      const key = formatAddress(host);
      if (tried.has(key)) continue;
      tried.add(key);
      let established: EstablishedConnection;
      try {
        established = await establish(this.#settings, host.host, host.port);
      } catch (error) {
        if (this.#settings.hosts.length === 1 && error instanceof UpstreamLinkError) throw error;
        reasons.push(reasonOf(error));
        continue;
      }
      if (established.server.writable) {
        if (this.#target === undefined || !sameHost(this.#target, host)) this.#switchTo(host);
        return established;
      }
      established.connection.close();
      reasons.push(`${key} is not writable`);
      const primary = established.server.primary === undefined ? undefined : parseAddress(established.server.primary);
      if (primary !== undefined) candidates.unshift(primary);
    }
    throw new UpstreamLinkError("HostUnreachable", `no writable upstream server: ${reasons.join("; ")}`);
  }

  #switchTo(host: UpstreamHost): void {
    this.#target = host;
    // Connections to the previous server would send cursors and sessions to the wrong place.
    for (const connection of [...this.#idle]) if (connection.address !== formatAddress(host)) connection.close();
  }
}

function sameHost(a: UpstreamHost, b: UpstreamHost | undefined): boolean {
  return b !== undefined && a.host === b.host && a.port === b.port;
}

function formatAddress(host: UpstreamHost): string {
  return `${host.host.includes(":") ? `[${host.host}]` : host.host}:${host.port}`;
}

function parseAddress(address: string): UpstreamHost | undefined {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  return match ? { host: match[1], port: Number(match[2]) } : undefined;
}
