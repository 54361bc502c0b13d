/**
 * One client connection: frames the socket's bytes into requests, runs them one at a time (mongod
 * serves a connection sequentially, and replies must keep their order), writes the replies, and
 * re-checks the connection's identity and user whenever the project changes (and its LDAP roles
 * periodically, see `ldap-recheck-timer.ts`).
 *
 * Backpressure, as mongod's one-thread-per-connection loop has it: while a request is being served the
 * socket is paused, and the next request is read only once the previous reply has been handed to the
 * kernel ('drain'). A client that never reads its replies therefore holds at most one reply and the
 * requests of one received chunk in the gateway's memory. A large reply goes to the socket in slices
 * (`sliced-write.ts`), so at most one slice of it is encrypted ahead of the client's reading. Before authentication a connection may not
 * send a message larger than {@link PRE_AUTH_MAX_MESSAGE_BYTES}, and one that stays silent for the
 * configured idle time is closed.
 */
import type { TLSSocket } from "node:tls";
import type { DatabaseUser, DatabaseUserRole } from "../../core/index.js";
import type { WireError} from "../wire/index.js";
import { encodeReply, hasFlag, MessageReader, OP_MSG_FLAGS, type WireMessage } from "../wire/index.js";
import type { ClusterRuntime, ConnectionState } from "./cluster-runtime.js";
import type { LdapRecheckTarget } from "./ldap-recheck-timer.js";
import { EncodedReply, type BackendReply } from "../backends/encoded-reply.js";
import { mongodErrorReply } from "../backends/error-codes.js";
import { dispatchCommand } from "./dispatch-command.js";
import { refusalOf } from "./refused-message-reply.js";
import { identifyPeerCached, identifySocketPeer } from "./peer-identity-cache.js";
import type { ProjectAccess } from "./project-access.js";
import { keepLdapRoles, recheckLdap, type LdapCheckedGrant } from "./ldap-grant.js";
import { grantFor } from "./user-grant.js";
import { commandEvent } from "./command-event.js";
import { dialedAddress } from "./dialed-address.js";
import { writeInSlices } from "./sliced-write.js";

function sameRoles(a: readonly DatabaseUserRole[], b: readonly DatabaseUserRole[] | undefined): boolean {
  return b !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The largest message accepted before authentication. The handshake's `hello` (with client metadata,
 * at most 512 bytes in drivers, and speculative authentication) is far smaller; mongod's own limit on
 * client metadata is 512 bytes.
 */
export const PRE_AUTH_MAX_MESSAGE_BYTES = 64 * 1024;

/** Connection settings from the gateway's limits. */
export interface ConnectionLimits {
  /** A connection that has not authenticated is closed after this long without traffic. */
  readonly unauthenticatedIdleMs: number;
}

let lastRequestId = 0;
function nextRequestId(): number {
  lastRequestId = (lastRequestId + 1) | 0;
  return lastRequestId;
}

/** A live client connection of one cluster. */
export class GatewayConnection implements LdapRecheckTarget {
  readonly state: ConnectionState;
  readonly #socket: TLSSocket;
  readonly #runtime: ClusterRuntime;
  readonly #reader = new MessageReader();
  /** Requests read and not yet served, in order. */
  readonly #waiting: Array<WireMessage | { readonly refusal: Buffer }> = [];
  #serving = false;
  /** Size of the reply being written in slices, until its last slice is handed to the kernel. */
  #replyBeingWritten = 0;
  #closed = false;
  /** The last LDAP re-check could not reach the server. */
  #ldapUnreachable = false;
  readonly #onClose: (connection: GatewayConnection) => void;

  constructor(socket: TLSSocket, runtime: ClusterRuntime, connectionId: number, onClose: (connection: GatewayConnection) => void, limits: ConnectionLimits) {
    this.#socket = socket;
    this.#runtime = runtime;
    this.#onClose = onClose;
    const { chain, result: identified } = identifySocketPeer(socket, runtime.access(), new Date());
    this.state = {
      connectionId,
      remote: `${socket.remoteAddress ?? "unknown"}:${socket.remotePort ?? 0}`,
      local: `${socket.localAddress ?? "unknown"}:${socket.localPort ?? 0}`,
      dialed: dialedAddress(socket),
      chain,
      identity: identified.ok ? identified.identity : undefined,
      identityFailure: identified.ok ? undefined : identified.reason,
      auth: null,
      clientMetadataSeen: false,
    };
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", (error) => {
      runtime.log.debug({ connectionId, reason: error.message }, "connection error");
      this.close();
    });
    socket.on("close", () => this.close());
    socket.setTimeout(limits.unauthenticatedIdleMs, () => {
      if (this.state.auth !== null) {
        socket.setTimeout(0); // authenticated connections may stay idle, as with mongod
        return;
      }
      runtime.log.info({ connectionId, remote: this.state.remote }, "closing a connection that stayed idle without authenticating");
      this.close();
    });
  }

  /** True while a reply waits for the client to read (diagnostics and tests). */
  get awaitingDrain(): boolean {
    return this.#socket.writableNeedDrain;
  }

  /** Bytes handed to the socket (and so to TLS) that the kernel has not taken yet. */
  get socketBytes(): number {
    return this.#socket.writableLength;
  }

  /** Bytes of requests read but not yet served, and of replies not yet taken by the kernel (at most one slice counted twice). */
  get bufferedBytes(): number {
    const requests = this.#reader.bufferedBytes + this.#waiting.reduce((sum, m) => sum + ("refusal" in m ? m.refusal.length : m.header.messageLength), 0);
    return requests + this.#replyBeingWritten + this.#socket.writableLength;
  }

  /** The `$external` name this connection's user is stored under, when authenticated. */
  get userName(): string | undefined {
    return this.state.auth === null ? undefined : this.state.identity?.userName;
  }

  /** Closes the connection; pending requests are dropped. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.destroy();
    this.#onClose(this);
  }

  /**
   * Applies a project change: a certificate that no longer verifies (its CA was removed) or was
   * revoked closes the connection; a user that was deleted or no longer qualifies loses its
   * authentication (its next command is refused); changed roles apply from the next command.
   */
  applyAccess(access: ProjectAccess, user: DatabaseUser | undefined): void {
    if (this.#closed) return;
    const identified = identifyPeerCached(this.state.chain, access, new Date());
    if (!identified.ok) {
      if (this.state.identity !== undefined) {
        this.#runtime.log.info({ connectionId: this.state.connectionId, reason: identified.reason }, "closing a connection whose certificate is no longer trusted");
        this.close();
      }
      this.state.identityFailure = identified.reason;
      return;
    }
    this.state.identity = identified.identity;
    this.state.identityFailure = undefined;
    if (this.state.auth === null) return;
    const checked = grantFor(identified.identity, user, access, this.#runtime.cluster.name);
    const grant = keepLdapRoles(checked, this.state.ldapRoles, access);
    if (grant.ok) {
      this.state.auth = grant.auth;
      void recheckLdap(this.state, checked, identified.identity, this.#runtime, (ldap) => this.#applyLdap(ldap));
      return;
    }
    this.#runtime.log.info({ connectionId: this.state.connectionId, reason: grant.reason }, "connection lost its authentication");
    if (access.revokedSerials.has(identified.identity.serial) && identified.identity.anchorKind === "managed") {
      this.#runtime.events.revocationApplied(this.#runtime.cluster.name);
      this.close();
      return;
    }
    this.state.auth = null;
  }

  /**
   * The periodic LDAP re-check of a connection that LDAP authorized (others are left alone): gained or
   * lost roles apply from the next command, a user LDAP no longer authorizes loses its authentication.
   * The grant is rebuilt from the stored user as after a project change, so this answer is complete
   * even when it supersedes a project change's re-check still in flight (LDAP just turned off, say).
   */
  recheckLdapPeriodically(freshSince: number): Promise<void> | undefined {
    const { auth, identity, ldapRoles } = this.state;
    if (this.#closed || auth === null || identity === undefined || ldapRoles === undefined) return undefined;
    const runtime = this.#runtime;
    return runtime.findUser(identity.userName).then(
      (user) => {
        const grant = grantFor(identity, user, runtime.access(), runtime.cluster.name);
        const apply = (ldap: LdapCheckedGrant) => {
          if (ldap.ok && ldap.ldapRoles !== undefined && sameRoles(ldap.ldapRoles, this.state.ldapRoles)) {
            this.#ldapUnreachable = false; // unchanged roles: nothing to recompile
            return;
          }
          this.#applyLdap(ldap);
        };
        return recheckLdap(this.state, grant, identity, runtime, apply, freshSince);
      },
      (error: unknown) => runtime.log.error({ err: error, connectionId: this.state.connectionId }, "periodic LDAP re-check could not read the user"),
    );
  }

  /**
   * The answer of a background LDAP re-check: new roles, or the loss of the authentication. An LDAP
   * server that cannot be asked refuses new clients but does not take open connections' roles away.
   */
  #applyLdap(ldap: LdapCheckedGrant): void {
    if (this.#closed || this.state.auth === null) return;
    if (!ldap.ok && ldap.ldapUnavailable === true) {
      // Once per outage and connection: re-checks run every interval while the server stays away.
      if (!this.#ldapUnreachable) this.#runtime.log.warn({ connectionId: this.state.connectionId, reason: ldap.reason }, "LDAP cannot be asked: the connection keeps its roles");
      this.#ldapUnreachable = true;
      return;
    }
    this.#ldapUnreachable = false;
    if (ldap.ok) {
      this.state.auth = ldap.auth;
      this.state.ldapRoles = ldap.ldapRoles;
      return;
    }
    this.#runtime.log.info({ connectionId: this.state.connectionId, reason: ldap.reason }, "connection lost its authentication");
    this.state.auth = null;
  }

  #onData(chunk: Buffer): void {
    for (const result of this.#reader.push(chunk)) {
      if (!result.ok) {
        const refusal = refusalOf(result.error, result.frame, nextRequestId());
        if (!refusal.answer) {
          this.#protocolError(result.error);
          return;
        }
        const reply = refusal.reply;
        if (reply !== undefined) this.#waiting.push({ refusal: reply });
        continue;
      }
      if (this.state.auth === null && result.frame.length > PRE_AUTH_MAX_MESSAGE_BYTES) {
        this.#tooLargeBeforeAuth(result.frame.length);
        return;
      }
      this.#waiting.push(result.message);
    }
    if (this.state.auth === null && this.#reader.bufferedBytes > PRE_AUTH_MAX_MESSAGE_BYTES) {
      this.#tooLargeBeforeAuth(this.#reader.bufferedBytes);
      return;
    }
    if (this.#waiting.length > 0) this.#socket.pause();
    void this.#serveWaiting();
  }

  /** Serves the waiting requests one by one, each after the previous reply drained; then reads again. */
  async #serveWaiting(): Promise<void> {
    if (this.#serving) return;
    this.#serving = true;
    try {
      for (let message = this.#waiting.shift(); message !== undefined && !this.#closed; message = this.#waiting.shift()) {
        if ("refusal" in message) this.#socket.write(message.refusal);
        else await this.#serve(message);
        if (this.#socket.writableNeedDrain) await this.#drained();
      }
    } finally {
      this.#serving = false;
    }
    if (!this.#closed) this.#socket.resume();
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#socket.off("drain", done);
        this.#socket.off("close", done);
        resolve();
      };
      this.#socket.on("drain", done);
      this.#socket.on("close", done);
    });
  }

  #tooLargeBeforeAuth(bytes: number): void {
    this.#runtime.log.info({ connectionId: this.state.connectionId, bytes }, "closing an unauthenticated connection that sent an oversized message");
    this.close();
  }

  #protocolError(error: WireError): void {
    // A message that cannot be read leaves the client and the gateway disagreeing about the stream
    // (or about the request being answered), so mongod's answer applies: close the connection.
    this.#runtime.log.info({ connectionId: this.state.connectionId, code: error.code, reason: error.message }, "closing a connection after a malformed message");
    this.close();
  }

  async #serve(message: WireMessage): Promise<void> {
    if (this.#closed) return;
    let reply: BackendReply;
    const started = performance.now();
    try {
      reply = await dispatchCommand(message, this.state, this.#runtime);
      this.#runtime.events.command(commandEvent(message, reply, this.state, this.#runtime.cluster.name, (performance.now() - started) / 1000));
    } catch (error) {
      this.#runtime.log.error({ err: error, connectionId: this.state.connectionId }, "request failed");
      this.close();
      return;
    }
    if (this.#closed) return;
    if (message.kind === "OP_MSG" && hasFlag(message.msg.flagBits, OP_MSG_FLAGS.moreToCome)) return;
    const frame = this.#encode(message, reply);
    const slicing = writeInSlices(this.#socket, frame);
    if (slicing === undefined) return;
    this.#replyBeingWritten = frame.length;
    try {
      await slicing;
    } finally {
      this.#replyBeingWritten = 0;
    }
  }

  #encode(message: WireMessage, reply: BackendReply): Buffer {
    try {
      return encodeReply(message, nextRequestId(), reply instanceof EncodedReply ? reply.body : reply);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return encodeReply(message, nextRequestId(), mongodErrorReply("BSONObjectTooLarge", `reply cannot be sent: ${reason}`));
    }
  }
}
