/**
 * Clusters: a project's data-plane endpoints. Each one is a gateway listener on its own port in
 * front of one backend (the embedded document store by default).
 *
 * The gateways are not called from here: they read the clusters table (and hear `onChange` in the
 * same process), start a listener for each cluster and mark it IDLE once it accepts connections.
 * Operators see `connectionStrings.standard` only from then on, as Atlas shows it only for a
 * cluster that is up.
 */
import { EventEmitter } from "node:events";
import { isUniqueViolation } from "../store/constraint-errors.js";
import {
  deleteCluster,
  findCluster,
  insertCluster,
  listAllClusters,
  listProjectClusters,
  listTakenPorts,
  setClusterState,
  type ClusterRow,
} from "../store/repos/clusters.js";
import type { Store } from "../store/store.js";
import type { Clock } from "../shared/clock.js";
import { ConnectionStringError, parseConnectionString } from "../shared/mongodb-uri.js";
import { systemClock } from "../shared/clock.js";
import type { Core } from "./core.js";
import { CoreError } from "./core-error.js";
import { atlasTime, newId } from "./ids.js";
import { paginate } from "./paging.js";
import type { Actor, Page, PageRequest } from "./types.js";

/** A cluster's lifecycle states, Atlas's names. */
export const CLUSTER_STATES = ["CREATING", "IDLE"] as const;
/** One of {@link CLUSTER_STATES}. */
export type ClusterState = (typeof CLUSTER_STATES)[number];

/** Where a cluster's data lives. */
export const BACKEND_KINDS = ["embedded", "upstream"] as const;
/** One of {@link BACKEND_KINDS}. */
export type BackendKind = (typeof BACKEND_KINDS)[number];

/**
 * A cluster's backend as the API shows and accepts it (a certgate extension of Atlas's cluster):
 * `{embedded: {}}` or `{upstream: {connectionString, ...settings}}`.
 */
export type ClusterBackend = { embedded: Record<string, never> } | { upstream: { connectionString: string } & Record<string, unknown> };

/**
 * What every cluster is to its clients: a replica set (of one member, the gateway), as every Atlas
 * cluster is. The gateway's `hello` says the same (`hello-command.ts`; docs/decisions.md).
 */
export const CLUSTER_TYPE = "REPLICASET";

/** A cluster in Atlas's shape, plus `backend`. */
export interface Cluster {
  id: string;
  groupId: string;
  name: string;
  clusterType: typeof CLUSTER_TYPE;
  stateName: ClusterState;
  createDate: string;
  /** Absent until a gateway accepts connections for the cluster. */
  connectionStrings?: { standard: string };
  backend: ClusterBackend;
}

/** What the gateways need of a cluster (read without an operator). */
export interface ClusterRecord {
  id: string;
  projectId: string;
  name: string;
  port: number;
  backendKind: BackendKind;
  backendConfig: Record<string, unknown>;
  stateName: ClusterState;
}

/** The body of a create call after schema validation. */
export interface ClusterInput {
  name?: unknown;
  backend?: unknown;
}

/** What {@link createClusterService} is built from. */
export interface ClusterServiceOptions {
  core: Core;
  store: Store;
  clock?: Clock;
  /** Inclusive range of gateway ports to give clusters. */
  ports: { first: number; last: number };
  /** Host name in connection strings. */
  publicHost: string;
}

/** The cluster use cases. */
export interface ClusterService {
  create(actor: Actor, groupId: string, input: ClusterInput): Promise<Cluster>;
  list(actor: Actor, groupId: string, page?: PageRequest): Promise<Page<Cluster>>;
  get(actor: Actor, groupId: string, name: string): Promise<Cluster>;
  delete(actor: Actor, groupId: string, name: string): Promise<void>;
  /** Every cluster of the deployment, for the gateways. */
  listAll(): Promise<ClusterRecord[]>;
  /** Records that a gateway listens for the cluster (IDLE) or no longer does (CREATING). */
  setState(clusterId: string, state: ClusterState): Promise<void>;
  /** Subscribes to clusters created or deleted through this process; returns the unsubscribe function. */
  onChange(listener: () => void): () => void;
}

/** Atlas's rule for cluster names: ASCII letters, digits and hyphens, not starting with a hyphen. */
const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/;
const PORT_ATTEMPTS = 5;

/** The Atlas-style connection string of a cluster served at `host:port`. */
export function standardConnectionString(host: string, port: number): string {
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return `mongodb://${hostPart}:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external`;
}

function toRecord(row: ClusterRow): ClusterRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    name: row.name,
    port: Number(row.port),
    backendKind: row.backend_kind as BackendKind,
    backendConfig: JSON.parse(row.backend_config) as Record<string, unknown>,
    stateName: row.state_name as ClusterState,
  };
}

function parseBackend(value: unknown): { kind: BackendKind; config: Record<string, unknown> } {
  if (value === undefined) return { kind: "embedded", config: {} };
  const keys = value !== null && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
  const [kind] = keys;
  if (keys.length !== 1 || (kind !== "embedded" && kind !== "upstream")) {
    throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute backend specified: give exactly one of embedded or upstream.", ["backend"]);
  }
  const config = (value as Record<string, unknown>)[kind];
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute backend.${kind} specified: it must be an object.`, [`backend.${kind}`]);
  }
  if (kind === "embedded" && Object.keys(config).length > 0) {
    throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute backend.embedded specified: the embedded backend takes no settings.", ["backend.embedded"]);
  }
  if (kind === "upstream") {
    const connectionString = (config as Record<string, unknown>).connectionString;
    if (typeof connectionString !== "string" || !/^mongodb(\+srv)?:\/\/./.test(connectionString)) {
      throw new CoreError(
        "INVALID_ATTRIBUTE",
        "Invalid attribute backend.upstream.connectionString specified: a mongodb:// or mongodb+srv:// URI is required.",
        ["backend.upstream.connectionString"],
      );
    }
    // The gateway's parser decides here too, so a string it cannot use is refused now instead of
    // leaving the cluster CREATING.
    try {
      parseConnectionString(connectionString);
    } catch (error) {
      if (!(error instanceof ConnectionStringError)) throw error;
      throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute backend.upstream.connectionString specified: ${error.message}.`, [
        "backend.upstream.connectionString",
      ]);
    }
  }
  return { kind, config: config as Record<string, unknown> };
}

/** Builds the cluster use cases over the store. */
export function createClusterService(options: ClusterServiceOptions): ClusterService {
  const { core, store } = options;
  const clock = options.clock ?? systemClock;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);

  const toCluster = (row: ClusterRow): Cluster => {
    const record = toRecord(row);
    const backend: ClusterBackend =
      record.backendKind === "embedded" ? { embedded: {} } : { upstream: record.backendConfig as { connectionString: string } };
    return {
      id: row.id,
      groupId: row.project_id,
      name: row.name,
      clusterType: CLUSTER_TYPE,
      stateName: record.stateName,
      createDate: atlasTime(row.created_at),
      ...(record.stateName === "IDLE" ? { connectionStrings: { standard: standardConnectionString(options.publicHost, record.port) } } : {}),
      backend,
    };
  };

  const mustFind = async (groupId: string, name: string): Promise<ClusterRow> => {
    const row = await findCluster(store.db, groupId, name);
    if (row === undefined) throw new CoreError("CLUSTER_NOT_FOUND", `No cluster named ${name} exists in group ${groupId}.`, [name, groupId]);
    return row;
  };

  const freePort = async (): Promise<number> => {
    const taken = await listTakenPorts(store.db);
    for (let port = options.ports.first; port <= options.ports.last; port++) if (!taken.has(port)) return port;
    throw new CoreError(
      "GATEWAY_PORTS_EXHAUSTED",
      `Every gateway port from ${options.ports.first} to ${options.ports.last} is taken; widen CERTGATE_GATEWAY_PORTS or delete a cluster.`,
    );
  };

  return {
    async create(actor, groupId, input) {
      await core.authorize(actor, groupId, "CLUSTERS_WRITE");
      const name = input.name;
      if (typeof name !== "string" || name === "") throw new CoreError("MISSING_ATTRIBUTE", "The required attribute name was not specified.", ["name"]);
      if (!CLUSTER_NAME.test(name)) {
        throw new CoreError(
          "INVALID_ATTRIBUTE",
          "Invalid attribute name specified: cluster names have 1 to 64 ASCII letters, digits and hyphens and do not start with a hyphen.",
          ["name"],
        );
      }
      const backend = parseBackend(input.backend);
      for (let attempt = 1; ; attempt++) {
        if (await findCluster(store.db, groupId, name)) {
          throw new CoreError("DUPLICATE_CLUSTER_NAME", `A cluster named ${name} is already present in group ${groupId}.`, [name, groupId]);
        }
        const row: ClusterRow = {
          id: newId(),
          project_id: groupId,
          name,
          port: await freePort(),
          backend_kind: backend.kind,
          backend_config: JSON.stringify(backend.config),
          state_name: "CREATING",
          created_at: clock.now().toISOString(),
        };
        try {
          await insertCluster(store.db, row);
          emitter.emit("change");
          return toCluster(row);
        } catch (error) {
          // Another instance took the same port or name between our read and our insert: look again.
          if (!isUniqueViolation(error) || attempt >= PORT_ATTEMPTS) throw error;
        }
      }
    },
    async list(actor, groupId, page) {
      await core.authorize(actor, groupId, "PROJECT_READ");
      return paginate((await listProjectClusters(store.db, groupId)).map(toCluster), page);
    },
    async get(actor, groupId, name) {
      await core.authorize(actor, groupId, "PROJECT_READ");
      return toCluster(await mustFind(groupId, name));
    },
    async delete(actor, groupId, name) {
      await core.authorize(actor, groupId, "CLUSTERS_WRITE");
      const row = await mustFind(groupId, name);
      await deleteCluster(store.db, row.id);
      emitter.emit("change");
    },
    setState: (clusterId, state) => setClusterState(store.db, clusterId, state),
    listAll: async () => (await listAllClusters(store.db)).map(toRecord),
    onChange(listener) {
      emitter.on("change", listener);
      return () => emitter.off("change", listener);
    },
  };
}
