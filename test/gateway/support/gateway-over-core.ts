/**
 * A gateway over a given (often instrumented) core, with one cluster created and IDLE: for tests that
 * watch how the gateway reads the core (reloads, revoked-set loading).
 */
import assert from "node:assert/strict";
import { pino } from "pino";
import { createClusterService } from "../../../src/core/clusters.js";
import type { Core } from "../../../src/core/index.js";
import { Gateway } from "../../../src/gateway/server/gateway.js";
import { loadGatewayTls } from "../../../src/server/gateway-tls.js";
import type { Store } from "../../../src/store/index.js";
import type { CoreFixture } from "../../support/core-harness.js";
import { eventually } from "./eventually.js";

export interface GatewayOverCore {
  gateway: Gateway;
  clusterId: string;
  port: number;
}

/** Starts the gateway (polling changes every 20 ms) on `ports` and creates cluster `clusterName` in the fixture's project. */
export async function startGatewayOverCore(options: {
  core: Core;
  store: Store;
  fixture: CoreFixture;
  dataDir: string;
  ports: { first: number; last: number };
  clusterName: string;
}): Promise<GatewayOverCore> {
  const { core, store, fixture, dataDir, clusterName } = options;
  const clusters = createClusterService({ core, store, ports: options.ports, publicHost: "localhost" });
  const tls = await loadGatewayTls({ store, masterKey: fixture.masterKey, dataDir, caKeyAlgorithm: "EC_P256", hosts: ["localhost", "127.0.0.1"] });
  const gateway = await Gateway.start({ core, clusters, tls, host: "127.0.0.1", dataDir, log: pino({ level: "silent" }), changePollMs: 20 });
  const clusterId = (await clusters.create(fixture.owner, fixture.projectId, { name: clusterName })).id;
  const { value: standard } = await eventually(async () => {
    const cluster = await clusters.get(fixture.owner, fixture.projectId, clusterName);
    assert.ok(cluster.connectionStrings, "the cluster is not IDLE yet");
    return cluster.connectionStrings.standard;
  }, 10_000);
  return { gateway, clusterId, port: Number(new URL(standard).port) };
}
