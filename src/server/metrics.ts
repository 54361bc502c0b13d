/**
 * Prometheus metrics (`prom-client`): the gateway's connections, handshakes, authentications and
 * commands (as a `GatewayEvents` listener), certificates issued and revoked through the Admin API, the
 * key pool's depth, the alert worker's runs and deliveries, the store's query latency, and Node's
 * process metrics (event-loop lag among them). Names and labels are listed in docs/operations.md.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { FastifyInstance } from "fastify";
import type { GatewayEvents } from "../gateway/server/gateway-events.js";
import type { KeyPool } from "../pki/key-pool.js";
import type { AlertWorkerObserver } from "../alerts/index.js";
import type { StoreQueryObserver } from "../store/index.js";

/** The registry and the listeners that feed it. */
export interface CertgateMetrics {
  registry: Registry;
  gatewayEvents: Partial<GatewayEvents>;
  /** Counts certificates issued and revoked by the Admin API's responses. */
  watchApi(app: FastifyInstance): void;
  /** Reports the depth of `keyPool` (each pool counted once, however often it is given). */
  watchKeyPool(keyPool: KeyPool): void;
  /** Times the store's queries. */
  storeQuery: StoreQueryObserver;
  /** Counts the alert worker's runs and delivery attempts. */
  alertWorker: AlertWorkerObserver;
}

type Labels = readonly string[];

/** The counters: name, help and label names. */
const COUNTERS = {
  connectionsOpened: ["certgate_gateway_connections_opened_total", "Client connections accepted after the TLS handshake", ["cluster"]],
  handshakeFailures: ["certgate_gateway_tls_handshake_failures_total", "TLS handshakes refused", ["cluster", "reason"]],
  authentications: ["certgate_gateway_authentications_total", "X.509 authentications", ["cluster", "result", "reason"]],
  commands: ["certgate_gateway_commands_total", "Commands answered", ["cluster", "command", "outcome"]],
  unauthorized: ["certgate_gateway_authorization_refusals_total", "Commands refused with Unauthorized (13)", ["cluster", "command"]],
  revocations: ["certgate_gateway_live_revocations_total", "Open connections closed because their certificate was revoked", ["cluster"]],
  issued: ["certgate_pki_certificates_issued_total", "Managed certificates issued through the Admin API", []],
  revoked: ["certgate_pki_certificates_revoked_total", "Managed certificates revoked through the Admin API", []],
  alertRuns: ["certgate_alerts_evaluations_total", "Runs of the alert worker (conditions evaluated, due notifications sent)", ["result"]],
  alertDeliveries: ["certgate_alerts_deliveries_total", "Alert notification delivery attempts", ["channel", "outcome"]],
} as const satisfies Record<string, readonly [string, string, Labels]>;

/** The histograms: name, help, label names and bucket bounds in seconds. */
const HISTOGRAMS = {
  commandSeconds: ["certgate_gateway_command_duration_seconds", "Time from a command's arrival to its reply", ["cluster"], [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]],
  storeQuerySeconds: ["certgate_store_query_duration_seconds", "Time the store took to answer a query", ["result"], [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5]],
  alertRunSeconds: ["certgate_alerts_evaluation_duration_seconds", "Time one run of the alert worker took", [], [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30]],
} as const satisfies Record<string, readonly [string, string, Labels, readonly number[]]>;

function declared<K extends string, T>(table: Record<K, unknown>, make: (key: K) => T): Record<K, T> {
  return Object.fromEntries(Object.keys(table).map((key) => [key, make(key as K)])) as Record<K, T>;
}

/** Creates the metrics. */
export function createMetrics(): CertgateMetrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: "certgate_" });
  const counter = declared(COUNTERS, (key) => {
    const [name, help, labelNames] = COUNTERS[key];
    return new Counter({ name, help, labelNames, registers });
  });
  const histogram = declared(HISTOGRAMS, (key) => {
    const [name, help, labelNames, buckets] = HISTOGRAMS[key];
    return new Histogram({ name, help, labelNames, buckets: [...buckets], registers });
  });
  const open = new Gauge({ name: "certgate_gateway_connections_open", help: "Client connections open now", labelNames: ["cluster"], registers });
  const keyPools = new Set<KeyPool>();
  new Gauge({
    name: "certgate_pki_key_pool_ready",
    help: "Pre-generated user keys ready now",
    labelNames: ["algorithm"],
    registers,
    collect() {
      const ready = new Map<string, number>();
      for (const keyPool of keyPools) {
        for (const [algorithm, stats] of Object.entries(keyPool.stats().algorithms)) if (stats.size > 0) ready.set(algorithm, (ready.get(algorithm) ?? 0) + stats.ready);
      }
      for (const [algorithm, count] of ready) this.set({ algorithm }, count);
    },
  });
  return {
    registry,
    watchKeyPool: (keyPool) => void keyPools.add(keyPool),
    storeQuery: ({ seconds, ok }) => histogram.storeQuerySeconds.observe({ result: ok ? "ok" : "error" }, seconds),
    alertWorker: {
      evaluation(seconds, ok) {
        counter.alertRuns.inc({ result: ok ? "ok" : "error" });
        histogram.alertRunSeconds.observe(seconds);
      },
      delivery: (channel, outcome) => counter.alertDeliveries.inc({ channel, outcome }),
    },
    gatewayEvents: {
      connectionOpened: (cluster) => {
        open.inc({ cluster });
        counter.connectionsOpened.inc({ cluster });
      },
      connectionClosed: (cluster) => open.dec({ cluster }),
      handshakeRefused: (r) => counter.handshakeFailures.inc({ cluster: r.cluster, reason: r.reason }),
      authentication: (e) => counter.authentications.inc({ cluster: e.cluster, result: e.ok ? "success" : "failure", reason: e.ok ? "" : (e.reason ?? "other") }),
      command: (e) => {
        counter.commands.inc({ cluster: e.cluster, command: e.command, outcome: e.outcome });
        histogram.commandSeconds.observe({ cluster: e.cluster }, e.seconds);
        if (e.outcome === "unauthorized") counter.unauthorized.inc({ cluster: e.cluster, command: e.command });
      },
      revocationApplied: (cluster) => counter.revocations.inc({ cluster }),
    },
    watchApi(app) {
      app.addHook("onResponse", async (request, reply) => {
        const route = request.routeOptions.url ?? "";
        if (!route.endsWith("/databaseUsers/:username/certs") && !route.endsWith("/databaseUsers/:username/certs/:serial")) return;
        if (request.method === "POST" && reply.statusCode === 201) counter.issued.inc();
        if (request.method === "DELETE" && reply.statusCode === 200) counter.revoked.inc();
      });
    },
  };
}
