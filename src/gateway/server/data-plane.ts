/**
 * Wires the data plane into `certgate start`: the cluster use cases (for the API), the gateways'
 * TLS identity, and the gateway itself once the API listens.
 */
import type { Logger } from "pino";
import { createClusterService, type ClusterService } from "../../core/clusters.js";
import type { Core } from "../../core/index.js";
import { parseKeyAlgorithm } from "../../pki/key-algorithms.js";
import type { MasterKey } from "../../pki/master-key.js";
import type { ServerConfig } from "../../shared/config.js";
import type { Store } from "../../store/store.js";
import { Gateway } from "./gateway.js";
import type { GatewayEvents } from "./gateway-events.js";
import { loadGatewayTls } from "./tls/gateway-tls.js";

/** The prepared data plane. */
export interface DataPlane {
  clusters: ClusterService;
  /** What the API's cluster routes need. */
  apiRoutes: { service: ClusterService; serverCaPem(): string | undefined };
  /** Starts the gateway listeners; `events` hear about connections, authentications and commands (metrics, audit). */
  start(events?: readonly Partial<GatewayEvents>[]): Promise<Gateway>;
}

/** Prepares the data plane of one `certgate start` process. */
export async function prepareDataPlane(
  config: ServerConfig,
  runtime: { core: Core; store: Store; masterKey: MasterKey },
  log: Logger,
): Promise<DataPlane> {
  const clusters = createClusterService({ core: runtime.core, store: runtime.store, ports: config.gatewayPorts, publicHost: config.gatewayHost });
  const hosts = [config.gatewayHost, "localhost", "127.0.0.1", "::1", ...(config.host === "0.0.0.0" || config.host === "::" ? [] : [config.host])];
  const tls = await loadGatewayTls({
    store: runtime.store,
    masterKey: runtime.masterKey,
    dataDir: config.dataDir,
    caKeyAlgorithm: parseKeyAlgorithm(config.caKeyAlgorithm),
    hosts,
    ...(config.gatewayTls ? { operatorFiles: config.gatewayTls } : {}),
  });
  return {
    clusters,
    apiRoutes: { service: clusters, serverCaPem: () => tls.caPem },
    start: (events) =>
      Gateway.start({ core: runtime.core, clusters, tls, host: config.host, dataDir: config.dataDir, log, ldapRecheckMs: config.ldapRecheckSeconds * 1000, ...(events ? { events } : {}) }),
  };
}
