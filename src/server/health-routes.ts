/**
 * `/health/live` (the process answers) and `/health/ready` (the store answers a query, no migration is
 * pending, and every cluster has a gateway listener), unauthenticated and free of secrets, for load
 * balancers and orchestrators. `/metrics` is served here too unless it has its own address.
 */
import { createServer, type Server } from "node:http";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { pingStore } from "../store/ping.js";
import type { Store } from "../store/store.js";

/** What readiness looks at. */
export interface ReadinessProbe {
  store: Store;
  /** Clusters that should have a listener, and how many do. */
  gateways(): Promise<{ clusters: number; listening: number }>;
}

/** Adds `/health/live` and `/health/ready` to `app`. */
export function registerHealthRoutes(app: FastifyInstance, probe: ReadinessProbe): void {
  app.get("/health/live", { schema: { hide: true } }, async (_request, reply) => reply.header("cache-control", "no-store").send({ status: "ok" }));
  app.get("/health/ready", { schema: { hide: true } }, async (_request, reply) => {
    const checks = { store: "ok", migrations: "ok", gateways: "ok" };
    try {
      await pingStore(probe.store.db);
      if (probe.store.migrations.some((m) => m.status !== "Success")) checks.migrations = "failed";
    } catch {
      checks.store = "unreachable";
    }
    try {
      const g = await probe.gateways();
      if (g.listening < g.clusters) checks.gateways = `${g.listening} of ${g.clusters} listening`;
    } catch {
      checks.gateways = "unknown";
    }
    const ready = Object.values(checks).every((v) => v === "ok");
    return reply
      .code(ready ? 200 : 503)
      .header("cache-control", "no-store")
      .send({ status: ready ? "ready" : "not ready", checks });
  });
}

/** Serves the registry in Prometheus text format; with `token`, only to `Authorization: Bearer <token>`. */
export function registerMetricsRoute(app: FastifyInstance, registry: Registry, token: string | undefined): void {
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && request.headers.authorization !== `Bearer ${token}`) return reply.code(401).header("www-authenticate", "Bearer").send({ error: "a metrics token is required" });
    return reply.header("content-type", registry.contentType).send(await registry.metrics());
  });
}

/** A plain HTTP server answering only `/metrics`, for `--metrics-listen`. */
export async function startMetricsServer(registry: Registry, token: string | undefined, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if ((request.url ?? "").split("?")[0] !== "/metrics") return void response.writeHead(404).end();
    if (token !== undefined && request.headers.authorization !== `Bearer ${token}`) return void response.writeHead(401, { "www-authenticate": "Bearer" }).end();
    registry.metrics().then(
      (text) => response.writeHead(200, { "content-type": registry.contentType }).end(text),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
