/**
 * How a cluster's backend is opened, by backend kind. The embedded document store is built in;
 * another kind (the upstream MongoDB forwarder) plugs in by adding its factory to the map given
 * to the gateway.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { GatewayLimits } from "../../shared/gateway-limits.js";
import type { BackendKind, ClusterRecord } from "../../core/clusters.js";
import type { Backend } from "../backends/backend.js";
import { WorkerBackend } from "../backends/embedded/worker/worker-backend.js";
import { UpstreamBackend } from "../backends/upstream/upstream-backend.js";

/** What a factory gets besides the cluster. */
export interface BackendEnvironment {
  /** The deployment's data directory. */
  dataDir: string;
  log: Logger;
  limits: GatewayLimits;
}

/** Opens the backend of one cluster. */
export type BackendFactory = (cluster: ClusterRecord, env: BackendEnvironment) => Promise<Backend>;

/** The factories by backend kind; a kind without one cannot be served by this gateway. */
export type BackendFactories = Partial<Record<BackendKind, BackendFactory>>;

/**
 * Each embedded cluster keeps its data in `<dataDir>/clusters/<clusterId>.sqlite` and runs its commands
 * on a worker thread of its own, under the gateway's time and memory limits.
 */
export const openEmbeddedClusterBackend: BackendFactory = async (cluster, env) => {
  const dir = join(env.dataDir, "clusters");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return WorkerBackend.open({
    path: join(dir, `${cluster.id}.sqlite`),
    maxTimeMs: env.limits.maxTimeMs,
    memoryLimitMb: env.limits.workerMemoryMb,
    niceSteps: env.limits.workerNice,
    longOperationMs: env.limits.longOperationMs,
    retryRecordsPerUser: env.limits.retryRecordsPerUser,
    retryRecordBytesPerUser: env.limits.retryRecordMbPerUser * 1024 * 1024,
    onInternalError: (err, command) => env.log.error({ err, command, cluster: cluster.name }, "embedded backend internal error"),
    onWorkerRestart: (reason) => env.log.warn({ cluster: cluster.name, reason }, "embedded backend worker stopped and replaced"),
  });
};

/** An upstream cluster forwards to the deployment named by its `backend.upstream.connectionString`. */
export const openUpstreamClusterBackend: BackendFactory = async (cluster, env) => UpstreamBackend.open(cluster.backendConfig, env.log.child({ cluster: cluster.name }));

/** The factories a gateway uses unless told otherwise. */
export const DEFAULT_BACKEND_FACTORIES: BackendFactories = { embedded: openEmbeddedClusterBackend, upstream: openUpstreamClusterBackend };
