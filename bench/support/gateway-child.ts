/**
 * Child process of the off-thread benchmark: a gateway over a fresh store with one embedded cluster and
 * one database user holding `readWrite` on `bench`, its engine either on a worker thread (`worker`, what
 * certgate runs) or on the gateway's own thread (`in-process`, the benchmark-only factory). Prints
 * `{"port", "certFile", "caFile"}` once the cluster listens; ends on SIGTERM. The gateway limits come from
 * the same environment variables as `certgate start`'s.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createClusterService } from "../../src/core/clusters.js";
import { DEFAULT_BACKEND_FACTORIES } from "../../src/gateway/server/backend-factories.js";
import { Gateway } from "../../src/gateway/server/gateway.js";
import { loadGatewayTls } from "../../src/server/gateway-tls.js";
import { resolveGatewayLimits } from "../../src/shared/gateway-limits.js";
import { openStore } from "../../src/store/index.js";
import { makeCoreFixture } from "../../test/support/core-harness.js";
import { openInProcessEmbeddedBackend } from "./in-process-embedded.js";

const [mode, firstPort] = process.argv.slice(2);
if (mode !== "worker" && mode !== "in-process") throw new Error("usage: gateway-child.js worker|in-process <port>");
const port = Number(firstPort);

const dir = mkdtempSync(join(tmpdir(), `certgate-bench-${mode}-`));
const store = await openStore({ sqlitePath: join(dir, "certgate.db") });
const fixture = await makeCoreFixture(store);
const clusters = createClusterService({ core: fixture.core, store, ports: { first: port, last: port }, publicHost: "localhost" });
const tls = await loadGatewayTls({ store, masterKey: fixture.masterKey, dataDir: dir, caKeyAlgorithm: "EC_P256", hosts: ["localhost", "127.0.0.1"] });
const backends = mode === "worker" ? DEFAULT_BACKEND_FACTORIES : { ...DEFAULT_BACKEND_FACTORIES, embedded: openInProcessEmbeddedBackend };
const gateway = await Gateway.start({ core: fixture.core, clusters, tls, host: "127.0.0.1", dataDir: dir, log: pino({ level: "warn" }), backends, limits: resolveGatewayLimits(process.env) });
await clusters.create(fixture.owner, fixture.projectId, { name: "Bench" });
await fixture.core.databaseUsers.create(fixture.owner, fixture.projectId, { databaseName: "$external", username: "bench", x509Type: "MANAGED", roles: [{ roleName: "readWrite", databaseName: "bench" }] });
const issued = await fixture.core.certificates.issue(fixture.owner, fixture.projectId, "bench", { monthsUntilExpiration: 1 });
const certFile = join(dir, "bench.pem");
writeFileSync(certFile, issued.pem, { mode: 0o600 });
await gateway.sync();
for (let waited = 0; (await clusters.get(fixture.owner, fixture.projectId, "Bench")).stateName !== "IDLE"; waited += 50) {
  if (waited > 15_000) throw new Error("the cluster did not start");
  await new Promise((resolve) => setTimeout(resolve, 50));
}
process.stdout.write(`${JSON.stringify({ port, certFile, caFile: join(dir, "server-ca.pem") })}\n`);
process.once("SIGTERM", () => {
  void gateway.close().then(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
