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
  /** Reports the depth of `keyPool`. */
  watchKeyPool(keyPool: KeyPool): void;
  /** Times the store's queries. */
  storeQuery: StoreQueryObserver;
  /** Counts the alert worker's runs and delivery attempts. */
  alertWorker: AlertWorkerObserver;
}

/** Creates the metrics. */
export function createMetrics(): CertgateMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "certgate_" });
  const open = new Gauge({ name: "certgate_gateway_connections_open", help: "Client connections open now", labelNames: ["cluster"], registers: [registry] });
  const opened = new Counter({ name: "certgate_gateway_connections_opened_total", help: "Client connections accepted after the TLS handshake", labelNames: ["cluster"], registers: [registry] });
  const handshakeFailures = new Counter({ name: "certgate_gateway_tls_handshake_failures_total", help: "TLS handshakes refused", labelNames: ["cluster", "reason"], registers: [registry] });
  const authentications = new Counter({ name: "certgate_gateway_authentications_total", help: "X.509 authentications", labelNames: ["cluster", "result", "reason"], registers: [registry] });
  const commands = new Counter({ name: "certgate_gateway_commands_total", help: "Commands answered", labelNames: ["cluster", "command", "outcome"], registers: [registry] });
  const latency = new Histogram({
    name: "certgate_gateway_command_duration_seconds",
    help: "Time from a command's arrival to its reply",
    labelNames: ["cluster"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const unauthorized = new Counter({ name: "certgate_gateway_authorization_refusals_total", help: "Commands refused with Unauthorized (13)", labelNames: ["cluster", "command"], registers: [registry] });
  const revocations = new Counter({ name: "certgate_gateway_live_revocations_total", help: "Open connections closed because their certificate was revoked", labelNames: ["cluster"], registers: [registry] });
  const issued = new Counter({ name: "certgate_pki_certificates_issued_total", help: "Managed certificates issued through the Admin API", registers: [registry] });
  const revoked = new Counter({ name: "certgate_pki_certificates_revoked_total", help: "Managed certificates revoked through the Admin API", registers: [registry] });
  const storeQueries = new Histogram({
    name: "certgate_store_query_duration_seconds",
    help: "Time the store took to answer a query",
    labelNames: ["result"],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const alertRuns = new Counter({ name: "certgate_alerts_evaluations_total", help: "Runs of the alert worker (conditions evaluated, due notifications sent)", labelNames: ["result"], registers: [registry] });
  const alertRunSeconds = new Histogram({
    name: "certgate_alerts_evaluation_duration_seconds",
    help: "Time one run of the alert worker took",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const alertDeliveries = new Counter({ name: "certgate_alerts_deliveries_total", help: "Alert notification delivery attempts", labelNames: ["channel", "outcome"], registers: [registry] });
  const watchKeyPool = (keyPool: KeyPool): void => {
    new Gauge({
      name: "certgate_pki_key_pool_ready",
      help: "Pre-generated user keys ready now",
      labelNames: ["algorithm"],
      registers: [registry],
      collect() {
        for (const [algorithm, stats] of Object.entries(keyPool.stats().algorithms)) if (stats.size > 0) this.set({ algorithm }, stats.ready);
      },
    });
  };
  return {
    registry,
    watchKeyPool,
    storeQuery: ({ seconds, ok }) => storeQueries.observe({ result: ok ? "ok" : "error" }, seconds),
    alertWorker: {
      evaluation(seconds, ok) {
        alertRuns.inc({ result: ok ? "ok" : "error" });
        alertRunSeconds.observe(seconds);
      },
      delivery: (channel, outcome) => alertDeliveries.inc({ channel, outcome }),
    },
    gatewayEvents: {
      connectionOpened: (cluster) => {
        open.inc({ cluster });
        opened.inc({ cluster });
      },
      connectionClosed: (cluster) => open.dec({ cluster }),
      handshakeRefused: (r) => handshakeFailures.inc({ cluster: r.cluster, reason: r.reason }),
      authentication: (e) => authentications.inc({ cluster: e.cluster, result: e.ok ? "success" : "failure", reason: e.ok ? "" : (e.reason ?? "other") }),
      command: (e) => {
        commands.inc({ cluster: e.cluster, command: e.command, outcome: e.outcome });
        latency.observe({ cluster: e.cluster }, e.seconds);
        if (e.outcome === "unauthorized") unauthorized.inc({ cluster: e.cluster, command: e.command });
      },
      revocationApplied: (cluster) => revocations.inc({ cluster }),
    },
    watchApi(app) {
      app.addHook("onResponse", async (request, reply) => {
        const route = request.routeOptions.url ?? "";
        if (!route.endsWith("/databaseUsers/:username/certs") && !route.endsWith("/databaseUsers/:username/certs/:serial")) return;
        if (request.method === "POST" && reply.statusCode === 201) issued.inc();
        if (request.method === "DELETE" && reply.statusCode === 200) revoked.inc();
      });
    },
  };
}
