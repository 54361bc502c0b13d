/**
 * The TLS listener of one cluster: mutual TLS 1.2+ against the project's CAs (managed and
 * customer), one {@link GatewayConnection} per client, and live trust updates.
 *
 * The trust set is swapped with `setSecureContext` (and the context handed out by SNICallback), so
 * new handshakes use it at once while established connections keep running; those whose
 * certificate is no longer trusted are then closed by their own re-check. A customer bundle holding
 * an intermediate without its root must work too: the SNI path builds its context with
 * `tls.createSecureContext({allowPartialTrustChain})`, and the default context, which clients
 * connecting by IP address get, has the option applied after each rebuild
 * (`tls/partial-trust-chain.ts`).
 *
 * Connections that LDAP authorized are re-checked on one timer per listener (`ldap-recheck-timer.ts`).
 */
import { constants as cryptoConstants } from "node:crypto";
import tls, { type SecureContext, type TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import type { ObjectId } from "bson";
import type { Logger } from "pino";
import type { ClusterRecord } from "../../core/clusters.js";
import type { DatabaseUser } from "../../core/index.js";
import type { LdapRolesRequest, LdapRolesResult } from "../../ldap/index.js";
import type { GatewayLimits } from "../../shared/gateway-limits.js";
import type { Backend } from "../backends/backend.js";
import type { ClusterRuntime } from "./cluster-runtime.js";
import { CursorOrigins } from "./cursor-origins.js";
import { allowPartialTrustChainByDefault } from "./tls/partial-trust-chain.js";
import { GatewayConnection } from "./gateway-connection.js";
import { LdapRecheckTimer } from "./ldap-recheck-timer.js";
import type { ProjectAccess } from "./project-access.js";
import type { GatewayTlsIdentity } from "../../pki/deployment-server-ca.js";
import { LookupCache } from "./lookup-cache.js";
import { handshakeRefusalReason, type GatewayEvents } from "./gateway-events.js";
import { presentedCertificate } from "./presented-certificate.js";

function remoteOf(socket: TLSSocket): string {
  return `${socket.remoteAddress ?? "unknown"}:${socket.remotePort ?? 0}`;
}

function localOf(socket: TLSSocket): string {
  return `${socket.localAddress ?? "unknown"}:${socket.localPort ?? 0}`;
}

/** What a cluster listener is started with. */
export interface ClusterListenerOptions {
  cluster: ClusterRecord;
  backend: Backend;
  tls: GatewayTlsIdentity;
  /** Address to bind. */
  host: string;
  access: ProjectAccess;
  findUser(projectId: string, userName: string): Promise<DatabaseUser | undefined>;
  /** The project's LDAP authorization of a client (one `LdapAuthorizer` per gateway). */
  ldapRoles(request: LdapRolesRequest): Promise<LdapRolesResult>;
  /** Period of the LDAP re-check of open connections (`CERTGATE_LDAP_RECHECK_SECONDS`). */
  ldapRecheckMs: number;
  /** Handshake and idle timeouts (`CERTGATE_GATEWAY_*`, see gateway-limits.ts). */
  limits: Pick<GatewayLimits, "handshakeTimeoutMs" | "unauthenticatedIdleMs">;
  serverMembershipKey: string;
  processId: ObjectId;
  log: Logger;
  /** The refusal log, metrics and audit log. */
  events: GatewayEvents;
  nextConnectionId(): number;
}

/** A listening cluster. */
export class ClusterListener {
  readonly cluster: ClusterRecord;
  readonly #options: ClusterListenerOptions;
  readonly #server: tls.Server;
  readonly #connections = new Set<GatewayConnection>();
  readonly #runtime: ClusterRuntime;
  readonly #users: LookupCache<DatabaseUser>;
  #ldapRecheck: LdapRecheckTimer | undefined;
  #access: ProjectAccess;
  #context: SecureContext;

  private constructor(options: ClusterListenerOptions) {
    this.cluster = options.cluster;
    this.#options = options;
    this.#access = options.access;
    this.#context = this.#secureContext(options.access);
    const users = new LookupCache((userName) => options.findUser(options.cluster.projectId, userName), false);
    this.#users = users;
    this.#runtime = {
      cluster: options.cluster,
      backend: options.backend,
      cursors: new CursorOrigins(),
      access: () => this.#access,
      findUser: (userName) => users.get(userName),
      ldapRoles: (request) => options.ldapRoles(request),
      serverMembershipKey: options.serverMembershipKey,
      processId: options.processId,
      log: options.log,
      events: options.events,
    };
    this.#server = tls.createServer({
      ...this.#tlsOptions(options.access),
      // Verified in #accept instead of by the handshake, so a refusal can name the certificate it refused.
      requestCert: true,
      rejectUnauthorized: false,
      // Replies are small single writes; Nagle could hold one behind an unacknowledged segment
      // until the client's delayed ACK. mongod sets TCP_NODELAY on its sockets too.
      noDelay: true,
      // A client that opens TCP and then dawdles through the handshake is dropped after this long.
      handshakeTimeout: options.limits.handshakeTimeoutMs,
      SNICallback: (_name, done) => done(null, this.#context),
    });
    this.#applyPartialTrustChain();
    this.#server.on("secureConnection", (socket: TLSSocket) => this.#accept(socket));
    this.#server.on("tlsClientError", (error: NodeJS.ErrnoException, socket: TLSSocket) => {
      // With a listener here Node leaves the socket open (a handshake timeout only reports itself).
      socket.destroy();
      // A client (or a load balancer's TCP check) that hangs up mid-handshake is not a refusal.
      if (error.code === "ECONNRESET") return options.log.debug({ cluster: options.cluster.name, reason: error.message }, "TLS handshake abandoned");
      options.events.handshakeRefused({ cluster: options.cluster.name, remote: remoteOf(socket), local: localOf(socket), reason: "TLS protocol", detail: error.code ?? error.message });
    });
  }

  /** Binds the cluster's port and starts accepting connections. */
  static async start(options: ClusterListenerOptions): Promise<ClusterListener> {
    const listener = new ClusterListener(options);
    await new Promise<void>((resolve, reject) => {
      listener.#server.once("error", reject);
      listener.#server.listen(options.cluster.port, options.host, () => {
        listener.#server.off("error", reject);
        resolve();
      });
    });
    listener.#ldapRecheck = new LdapRecheckTimer(options.ldapRecheckMs, () => listener.#connections);
    return listener;
  }

  /** The bound port. */
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** The project access new handshakes and open connections are checked against. */
  get access(): ProjectAccess {
    return this.#access;
  }

  /** Number of open client connections. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** The open client connections (diagnostics and tests). */
  get connections(): ReadonlySet<GatewayConnection> {
    return this.#connections;
  }

  /** Forgets the project's users at once when a change is heard, before its new access is loaded. */
  invalidateUsers(): void {
    this.#users.invalidate();
  }

  /** Applies a project change to new handshakes and to every open connection. */
  async applyAccess(access: ProjectAccess): Promise<void> {
    this.#users.invalidate();
    if (access.trustKey !== this.#access.trustKey) {
      this.#context = this.#secureContext(access);
      this.#server.setSecureContext(this.#tlsOptions(access));
      this.#applyPartialTrustChain();
    }
    this.#access = access;
    const names = new Set<string>();
    for (const connection of this.#connections) if (connection.userName !== undefined) names.add(connection.userName);
    const users = new Map<string, DatabaseUser | undefined>();
    await Promise.all([...names].map(async (name) => users.set(name, await this.#runtime.findUser(name))));
    for (const connection of [...this.#connections]) {
      const name = connection.userName;
      connection.applyAccess(access, name === undefined ? undefined : users.get(name));
    }
  }

  /** Stops listening, closes every connection and the backend. */
  async close(): Promise<void> {
    this.#ldapRecheck?.stop();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const connection of [...this.#connections]) connection.close();
    await closed;
    await this.#options.backend.close();
  }

  #accept(socket: TLSSocket): void {
    if (!socket.authorized) {
      this.#refuse(socket);
      return;
    }
    socket.setNoDelay(true);
    const clusterName = this.cluster.name;
    const events = this.#options.events;
    const connection = new GatewayConnection(socket, this.#runtime, this.#options.nextConnectionId(), (c) => {
      if (this.#connections.delete(c)) events.connectionClosed(clusterName);
    }, this.#options.limits);
    this.#connections.add(connection);
    events.connectionOpened(clusterName);
  }

  /** Closes a connection whose certificate the handshake did not verify, saying why. */
  #refuse(socket: TLSSocket): void {
    const raw = socket.getPeerCertificate()?.raw;
    const remote = remoteOf(socket);
    const local = localOf(socket);
    socket.destroy();
    const detail = String(socket.authorizationError ?? "unverified");
    this.#options.events.handshakeRefused({
      cluster: this.cluster.name,
      remote,
      local,
      reason: handshakeRefusalReason(detail, raw !== undefined),
      detail: raw === undefined ? "no client certificate" : detail,
      ...(raw === undefined ? {} : presentedCertificate([raw])),
    });
  }

  /**
   * No stateless session tickets: MongoDB drivers open each connection with a full handshake and never
   * resume (the Node driver only resumes a session the application hands it), so sealing tickets is
   * work no client uses, measured at about a tenth of a new connection's CPU. A full handshake also
   * means every connection's certificate is checked against the trust set of the moment.
   */
  #tlsOptions(access: ProjectAccess): tls.SecureContextOptions {
    return { key: this.#options.tls.keyPem, cert: this.#options.tls.certPem, ca: [...access.caPems], minVersion: "TLSv1.2", secureOptions: cryptoConstants.SSL_OP_NO_TICKET };
  }

  #applyPartialTrustChain(): void {
    if (!allowPartialTrustChainByDefault(this.#server)) {
      this.#options.log.warn({ cluster: this.cluster.name }, "this Node.js cannot allow partial chains on the default TLS context: clients that send no server name need the root of an intermediate-only customer CA bundle");
    }
  }

  #secureContext(access: ProjectAccess): SecureContext {
    return tls.createSecureContext({ ...this.#tlsOptions(access), allowPartialTrustChain: true } as tls.SecureContextOptions);
  }
}
