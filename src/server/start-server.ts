/**
 * The server side of `certgate start`: initializes an empty data directory (printing the new API key and the web UI
 * owner's password once, on stdout), serves the Admin API and the web UI, and shuts down gracefully
 * on SIGINT/SIGTERM: in-flight requests finish, new connections are refused, then the store is
 * closed. A second signal ends the process at once, as if it had no handler.
 */
import { createWebAccess } from "../core/web-access.js";
import { hkdfSync } from "node:crypto";
import { createAlertsService, resolveAlertSettings } from "../alerts/index.js";
import { buildApiServer } from "../api/app.js";
import { createWebUi } from "../api/ui/web-ui.js";
import { startBackgroundJobs } from "./background-jobs.js";
import { prepareDataPlane } from "./data-plane.js";
import { systemClock } from "../shared/clock.js";
import { allWritesDurable } from "../shared/commit-durability.js";
import type { ServerConfig } from "../shared/config.js";
import { createLogger } from "../shared/logger.js";
import { removeProtoAccessor } from "../shared/process-hardening.js";
import { garbageCollectedOnOwnThread, OWN_THREAD_GC_FLAG } from "../shared/thread-local-gc.js";
import { bootstrapText, displayServerUrl, ownerText } from "./bootstrap-report.js";
import { createFirstOwner } from "./first-owner.js";
import { openRuntime } from "./open-runtime.js";
import { firstRunCredentialsExist, firstRunCredentialsReminder, saveFirstRunCredentials } from "./first-run-credentials.js";
import { loadApiTls } from "./api-tls.js";
import { createMetrics } from "./metrics.js";
import { createAuditLog, openAuditSink } from "./audit/audit-log.js";
import { registerHealthRoutes, registerMetricsRoute, startMetricsServer } from "./health-routes.js";
import type { Gateway } from "../gateway/server/gateway.js";
import type { Server as HttpsServer } from "node:https";

/** Runs the server until a signal stops it. */
export async function runStart(config: ServerConfig): Promise<void> {
  removeProtoAccessor();
  const logger = createLogger(config.logLevel);
  const alertSettings = resolveAlertSettings();
  const metrics = createMetrics();
  const runtime = await openRuntime(config, { withKeyPool: true, groupCommit: config.sqliteSync !== "full", onStoreQuery: metrics.storeQuery });
  if (runtime.keyPool) metrics.watchKeyPool(runtime.keyPool);
  if (!garbageCollectedOnOwnThread()) {
    logger.warn({ flag: OWN_THREAD_GC_FLAG }, "node was started without --single-threaded-gc: the embedded clusters' garbage is collected on V8's shared helper threads, at the main thread's priority (the certgate command and npm start pass it)");
  }
  if (runtime.tightenedPaths.length > 0) logger.warn({ paths: runtime.tightenedPaths }, "removed group and other permissions from data files");
  const first = await runtime.core.bootstrap();
  // Every instance sharing the master key derives the same nonce key, so digest nonces work behind a load balancer.
  const nonceSecret = Buffer.from(hkdfSync("sha256", runtime.masterKey.exposeBytes(), Buffer.alloc(0), "certgate digest nonces", 32));
  const owner = await createFirstOwner(runtime.store, first.orgId);
  // The credentials about to be shown must still work after a power loss.
  await allWritesDurable(runtime.store.commits);
  // Saved before anything else can fail (a busy port, a bad certificate file), so a failed first start loses nothing.
  const configuredUrl = displayServerUrl(config.host, config.port, config.publicUrl, config.apiTls !== undefined);
  if (first.initialized) await saveFirstRunCredentials(config.dataDir, bootstrapText(first, configuredUrl, config.dataDir, true, owner));
  else if (owner) await saveFirstRunCredentials(config.dataDir, ownerText(owner, configuredUrl), { append: true });
  const dataPlane = await prepareDataPlane(config, runtime, logger);
  const audit = config.audit ? createAuditLog(config.audit, undefined, openAuditSink(config.audit.destination, (err) => logger.error({ err }, "audit log write failed"))) : undefined;
  const apiTls = await loadApiTls(config, runtime);
  const webUi = createWebUi({ core: runtime.core, access: createWebAccess(runtime.store) });
  const app = await buildApiServer({ core: runtime.core, commits: runtime.store.commits, logger, nonceSecret, publicBaseUrl: config.publicUrl, ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}), authenticateRequest: webUi.authenticateRequest, alerts: createAlertsService({ ...runtime, clock: systemClock }), clusters: dataPlane.apiRoutes, ...(apiTls ? { https: apiTls } : {}) });
  webUi.register(app);
  metrics.watchApi(app);
  audit?.watchApi(app);
  const started: { gateway?: Gateway } = {};
  registerHealthRoutes(app, {
    store: runtime.store,
    gateways: async () => {
      const clusters = await dataPlane.clusters.listAll();
      return { clusters: clusters.length, listening: clusters.filter((c) => started.gateway?.listener(c.id) !== undefined).length };
    },
  });
  if (!config.metricsListen) registerMetricsRoute(app, metrics.registry, config.metricsToken);
  const metricsServer = config.metricsListen ? await startMetricsServer(metrics.registry, config.metricsToken, config.metricsListen.host, config.metricsListen.port) : undefined;
  await app.listen({ port: config.port, host: config.host });
  const stopTlsWatch = apiTls?.watch(app.server as unknown as HttpsServer, logger);
  const gateway = await dataPlane.start(audit ? [metrics.gatewayEvents, audit.gatewayEvents] : [metrics.gatewayEvents]);
  started.gateway = gateway;
  const backgroundJobs = startBackgroundJobs({ ...runtime, clock: systemClock, alertSettings, certificateRetentionDays: config.certificateRetentionDays, logger, alertObserver: metrics.alertWorker });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const serverUrl = displayServerUrl(config.host, port, config.publicUrl, apiTls !== undefined);

  let stopping = false;
  const stop = (signal: NodeJS.Signals | undefined) => {
    if (stopping) {
      if (signal === undefined) return;
      logger.warn({ signal }, "second signal: exiting now");
      // Without the handlers the signal's default action ends the process; a third signal meets no handler.
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
      process.kill(process.pid, signal);
      return;
    }
    stopping = true;
    logger.info(signal === undefined ? {} : { signal }, "shutting down");
    stopTlsWatch?.();
    metricsServer?.close();
    const failed = (err: unknown) => {
      logger.error({ err }, "shutdown failed");
      process.exitCode = 1;
    };
    app
      .close()
      .then(() => backgroundJobs.stop())
      .then(() => gateway.close())
      // After a failed sync this rejects (what it held is not known to be on disk).
      .then(() => runtime.close())
      .catch(failed)
      // Last, and whatever failed before: the lines it has gathered are written to the file.
      .then(() => audit?.close())
      .then(() => logger.info("stopped"), failed);
  };
  // A failed sync of the store's log: nothing written since is known to be on disk, so every response
  // already fails (durable replies); the process stops, and SQLite recovers what is on disk at the next start.
  runtime.store.commits.onFailure((err) => {
    logger.fatal({ err }, "the store could not be synced to disk; stopping");
    process.exitCode = 1;
    stop(undefined);
  });
  // Before announcing "listening": a supervisor may signal as soon as it reads that line.
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Log rotation: after the audit file was moved away, SIGHUP starts a new one.
  if (audit) process.on("SIGHUP", () => audit.reopen());
  if (first.initialized) process.stdout.write(bootstrapText(first, serverUrl, config.dataDir, true, owner));
  else if (owner) process.stdout.write(`certgate created the web UI's first owner\n${ownerText(owner, serverUrl)}`);
  if (await firstRunCredentialsExist(config.dataDir)) process.stdout.write(firstRunCredentialsReminder(config.dataDir));
  logger.info({ url: serverUrl, dataDir: config.dataDir, store: runtime.store.dialect, masterKey: runtime.masterKey.source }, "certgate listening");
}
