/**
 * The data plane of one process: a listener per cluster, started and stopped as clusters come and
 * go, and each project's trust kept current.
 *
 * Changes reach open connections within a second two ways: the core's in-process change events
 * (changes made through this process) and a poll of the store's per-project change counters every
 * 500 ms (changes made by other instances). The clusters table is polled every second the same way.
 */
import { setTimeout as delay } from "node:timers/promises";
import { ObjectId } from "bson";
import type { Logger } from "pino";
import type { ClusterRecord, ClusterService } from "../../core/clusters.js";
import type { Core } from "../../core/index.js";
import { LdapAuthorizer, LdapGroupResolver, type ProjectLdapAuthz } from "../../ldap/index.js";
import { certificateSubjectDn, clusterMembershipKey } from "../../pki/dn/index.js";
import { DEFAULT_LDAP_RECHECK_SECONDS } from "../../shared/config.js";
import { DEFAULT_GATEWAY_LIMITS, type GatewayLimits } from "../../shared/gateway-limits.js";
import { DEFAULT_BACKEND_FACTORIES, type BackendFactories } from "./backend-factories.js";
import { ClusterListener } from "./cluster-listener.js";
import type { GatewayConnection } from "./gateway-connection.js";
import { LookupCache } from "./lookup-cache.js";
import { loadProjectAccess, loadRevokedSerials, type ProjectAccess } from "./project-access.js";
import type { GatewayTlsIdentity } from "../../pki/deployment-server-ca.js";
import { combineGatewayEvents, type GatewayEvents } from "./gateway-events.js";
import { refusalLog } from "./refusal-log.js";

/** What {@link Gateway.start} needs. */
export interface GatewayOptions {
  core: Core;
  clusters: ClusterService;
  tls: GatewayTlsIdentity;
  /** Address the listeners bind. */
  host: string;
  dataDir: string;
  log: Logger;
  backends?: BackendFactories;
  /** How often other instances' changes are polled; 500 ms by default. */
  changePollMs?: number;
  /**
   * Period of the LDAP re-check of open connections, and how long an LDAP group answer is reused
   * (`CERTGATE_LDAP_RECHECK_SECONDS`); 30 s by default, as mongod's LDAP user cache.
   */
  ldapRecheckMs?: number;
  /** Time, memory and connection limits; the defaults of `gateway-limits.ts` unless given. */
  limits?: GatewayLimits;
  /** Listeners besides the refusal log, which is always on: metrics, the audit log. */
  events?: readonly Partial<GatewayEvents>[];
}

const CLUSTER_POLL_MS = 1000;
const START_RETRY_MS = 10_000;
/** Wait before reading a project's revoked set again after the store failed. */
const REVOKED_RETRY_MS = 2000;

/** The running data plane. */
export class Gateway {
  readonly #options: GatewayOptions;
  readonly #listeners = new Map<string, ClusterListener>();
  readonly #starting = new Set<string>();
  readonly #failedAt = new Map<string, number>();
  readonly #access = new Map<string, ProjectAccess>();
  readonly #accessLoads = new Map<string, Promise<ProjectAccess>>();
  readonly #refreshing = new Map<string, Promise<void>>();
  readonly #refreshAgain = new Set<string>();
  readonly #versions = new Map<string, number>();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #unsubscribe: Array<() => void> = [];
  readonly #membershipKey: string;
  readonly #processId = new ObjectId();
  /** One LDAP authorizer per gateway, so its cache and server circuits serve every cluster. */
  readonly #ldap: LdapAuthorizer;
  /** Each project's LDAP authorization (mostly "off"), so a new connection does not read it from the store. */
  readonly #ldapSettings: LookupCache<ProjectLdapAuthz>;
  readonly #ldapRecheckMs: number;
  readonly #limits: GatewayLimits;
  readonly #events: GatewayEvents;
  #connectionIds = 0;
  #syncing: Promise<void> | undefined;
  #polling = false;
  #closed = false;

  private constructor(options: GatewayOptions) {
    this.#options = options;
    this.#events = combineGatewayEvents(refusalLog(options.log), ...(options.events ?? []));
    this.#ldapRecheckMs = options.ldapRecheckMs ?? DEFAULT_LDAP_RECHECK_SECONDS * 1000;
    this.#limits = options.limits ?? DEFAULT_GATEWAY_LIMITS;
    this.#ldapSettings = new LookupCache((projectId) => options.core.dataPlane.loadLdapAuthorization(projectId), true);
    // The cache keeps group answers exactly one re-check interval: a new connection gets an answer no
    // older than an open one's, and the periodic re-check asks for answers newer than its round anyway.
    const resolver = new LdapGroupResolver({ ttlMs: this.#ldapRecheckMs });
    this.#ldap = new LdapAuthorizer((projectId) => this.#ldapSettings.get(projectId), resolver);
    this.#membershipKey = clusterMembershipKey(certificateSubjectDn(options.tls.certPem));
  }

  /** Starts a listener for every existing cluster and begins watching for changes. */
  static async start(options: GatewayOptions): Promise<Gateway> {
    const gateway = new Gateway(options);
    gateway.#versions.clear();
    for (const [projectId, version] of await options.core.dataPlane.changeVersions()) gateway.#versions.set(projectId, version);
    await gateway.sync();
    gateway.#unsubscribe.push(options.core.onChange((event) => gateway.#changed(event.projectId, event.version)));
    // The core builds a project's new CRL only after this gateway has applied the revocation.
    gateway.#unsubscribe.push(options.core.onRevocationsApplied((projectId) => gateway.#reloaded(projectId)));
    gateway.#unsubscribe.push(options.clusters.onChange(() => void gateway.sync()));
    gateway.#timers.push(setInterval(() => void gateway.sync(), CLUSTER_POLL_MS).unref());
    gateway.#timers.push(setInterval(() => void gateway.#pollChanges(), options.changePollMs ?? 500).unref());
    return gateway;
  }

  /** The listener of a cluster, if it is being served. */
  listener(clusterId: string): ClusterListener | undefined {
    return this.#listeners.get(clusterId);
  }

  /** Brings the listeners in line with the clusters table. */
  sync(): Promise<void> {
    if (this.#syncing) return this.#syncing.then(() => this.sync());
    this.#syncing = this.#syncOnce().finally(() => {
      this.#syncing = undefined;
    });
    return this.#syncing;
  }

  /** The open client connections of every cluster (diagnostics and tests). */
  get connections(): GatewayConnection[] {
    return [...this.#listeners.values()].flatMap((listener) => [...listener.connections]);
  }

  /** Stops every listener and watcher. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    await this.#syncing?.catch(() => undefined);
    const listeners = [...this.#listeners.values()];
    this.#listeners.clear();
    await Promise.all(listeners.map((listener) => listener.close()));
  }

  async #syncOnce(): Promise<void> {
    if (this.#closed) return;
    let clusters: ClusterRecord[];
    try {
      clusters = await this.#options.clusters.listAll();
    } catch (err) {
      this.#options.log.error({ err }, "gateway could not list the clusters");
      return;
    }
    const wanted = new Map(clusters.map((cluster) => [cluster.id, cluster]));
    for (const [id, listener] of [...this.#listeners]) {
      if (!wanted.has(id)) {
        this.#listeners.delete(id);
        this.#options.log.info({ cluster: listener.cluster.name, port: listener.cluster.port }, "gateway listener stopped");
        await listener.close();
      }
    }
    await Promise.all(clusters.filter((cluster) => !this.#listeners.has(cluster.id)).map((cluster) => this.#startCluster(cluster)));
  }

  async #startCluster(cluster: ClusterRecord): Promise<void> {
    const failedAt = this.#failedAt.get(cluster.id);
    if (this.#starting.has(cluster.id) || (failedAt !== undefined && Date.now() - failedAt < START_RETRY_MS)) return;
    const factory = (this.#options.backends ?? DEFAULT_BACKEND_FACTORIES)[cluster.backendKind];
    if (factory === undefined) {
      this.#failedAt.set(cluster.id, Date.now());
      this.#options.log.error({ cluster: cluster.name, backend: cluster.backendKind }, "this gateway has no backend of that kind; the cluster stays CREATING");
      return;
    }
    this.#starting.add(cluster.id);
    try {
      const access = await this.#projectAccess(cluster.projectId);
      const backend = await factory(cluster, { dataDir: this.#options.dataDir, log: this.#options.log, limits: this.#limits });
      let listener: ClusterListener;
      try {
        listener = await ClusterListener.start({
          cluster,
          backend,
          tls: this.#options.tls,
          host: this.#options.host,
          access,
          findUser: (projectId, userName) => this.#options.core.dataPlane.findDatabaseUser(projectId, "$external", userName),
          ldapRoles: (request) => this.#ldap.resolveLdapRoles(request),
          ldapRecheckMs: this.#ldapRecheckMs,
          limits: this.#limits,
          serverMembershipKey: this.#membershipKey,
          processId: this.#processId,
          log: this.#options.log,
          events: this.#events,
          nextConnectionId: () => ++this.#connectionIds,
        });
      } catch (err) {
        await backend.close();
        throw err;
      }
      if (this.#closed) {
        await listener.close();
        return;
      }
      this.#listeners.set(cluster.id, listener);
      this.#failedAt.delete(cluster.id);
      if (cluster.stateName !== "IDLE") await this.#options.clusters.setState(cluster.id, "IDLE");
      this.#options.log.info({ cluster: cluster.name, port: cluster.port, projectId: cluster.projectId }, "gateway listening");
    } catch (err) {
      this.#failedAt.set(cluster.id, Date.now());
      this.#options.log.error({ err, cluster: cluster.name, port: cluster.port }, "gateway listener could not start");
    } finally {
      this.#starting.delete(cluster.id);
    }
  }

  /**
   * A change committed at `version` of the project's counter: reloads unless a reload at that version
   * or later has started already (one change, one reload, whether the event or the poll sees it first).
   */
  #changed(projectId: string, version: number | undefined): void {
    if (version !== undefined) {
      if (version <= (this.#versions.get(projectId) ?? 0)) return;
      this.#versions.set(projectId, version);
    }
    void this.#refresh(projectId);
  }

  /** The project's access, loaded on first use; its revoked set is then filled in the background. */
  #projectAccess(projectId: string): Promise<ProjectAccess> {
    const known = this.#access.get(projectId);
    if (known) return Promise.resolve(known);
    let loading = this.#accessLoads.get(projectId);
    if (loading === undefined) {
      loading = loadProjectAccess(this.#options.core, projectId).then((access) => {
        this.#access.set(projectId, access);
        void this.#fillRevokedSerials(projectId, access);
        return access;
      });
      this.#accessLoads.set(projectId, loading);
      void loading.then(
        () => this.#accessLoads.delete(projectId),
        () => this.#accessLoads.delete(projectId),
      );
    }
    return loading;
  }

  /** Reads the project's revoked set in the background, trying again after a failure until it is complete. */
  async #fillRevokedSerials(projectId: string, access: ProjectAccess): Promise<void> {
    const stopped = () => this.#closed;
    while (!access.revokedSerials.complete && !stopped()) {
      try {
        await loadRevokedSerials(this.#options.core, projectId, access.revokedSerials, stopped);
      } catch (err) {
        this.#options.log.error({ err, projectId }, "gateway could not read the project's revoked certificates; authentications ask the store until it can");
        await delay(REVOKED_RETRY_MS, undefined, { ref: false });
      }
    }
  }

  /** Reloads a project's access and hands it to its listeners; concurrent calls coalesce. */
  #refresh(projectId: string): Promise<void> {
    // Synchronously, so a connection authenticating while the new access loads reads the store.
    this.#forgetLookups(projectId);
    const running = this.#refreshing.get(projectId);
    if (running) {
      this.#refreshAgain.add(projectId);
      return running;
    }
    const task = (async () => {
      do {
        this.#refreshAgain.delete(projectId);
        if (!this.#access.has(projectId) || this.#closed) return;
        try {
          const access = await loadProjectAccess(this.#options.core, projectId, this.#access.get(projectId));
          this.#access.set(projectId, access);
          if (access.version > (this.#versions.get(projectId) ?? 0)) this.#versions.set(projectId, access.version);
          const listeners = [...this.#listeners.values()].filter((listener) => listener.cluster.projectId === projectId);
          await Promise.all(listeners.map((listener) => listener.applyAccess(access)));
        } catch (err) {
          this.#options.log.error({ err, projectId }, "gateway could not reload the project's trust");
        }
      } while (this.#refreshAgain.has(projectId));
    })().finally(() => this.#refreshing.delete(projectId));
    this.#refreshing.set(projectId, task);
    return task;
  }

  /** Resolves once the project's running reload (if any, with the reloads it coalesced) has ended. */
  async #reloaded(projectId: string): Promise<void> {
    await this.#refreshing.get(projectId);
  }

  #forgetLookups(projectId: string): void {
    this.#ldapSettings.invalidate(projectId);
    for (const listener of this.#listeners.values()) if (listener.cluster.projectId === projectId) listener.invalidateUsers();
  }

  async #pollChanges(): Promise<void> {
    if (this.#polling || this.#closed) return;
    this.#polling = true;
    try {
      const versions = await this.#options.core.dataPlane.changeVersions();
      for (const [projectId, version] of versions) this.#changed(projectId, version);
    } catch (err) {
      this.#options.log.error({ err }, "gateway could not poll for changes");
    } finally {
      this.#polling = false;
    }
  }
}
