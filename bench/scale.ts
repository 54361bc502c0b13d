/**
 * Scale benchmark: what a project's history costs. For each store (SQLite, PostgreSQL) and each size
 * (10k, 100k, 1M certificate records, with a tenth as many users, one event per record and 5% of the
 * records revoked: see support/scale-seed.ts), the server (core, Admin API, gateway) is started over
 * the seeded store in this process and measured:
 *
 * - startup: opening the store to the first authenticated command through the gateway;
 * - GET crl: the first request after startup (which builds and signs the CRL), then p50/p99 of 200
 *   whole-body GETs, taking turns with a signed bare route answering as many bytes (the cost of the
 *   transfer alone) and with the CLI's API client. The CRL and the bare route are read by the same
 *   client, which counts the body and drops it (`support/counting-http.ts`); the CLI's client joins
 *   and decodes the body, a client cost that grows with the CRL and is printed apart. Each request's
 *   server-side time (`support/server-times.ts`) is printed beside it. Then p50/p99 of 200
 *   conditional GETs of a poller that has the current CRL (`If-None-Match`, answered 304);
 * - revocation: from `revoke` returning to an open connection's next command failing, and until the
 *   new CRL is served;
 * - a change (a user's roles edited) until the gateway has reloaded the project;
 * - the alert pass (the worker's `runOnce`): the first (opens the alerts) and the steady one;
 * - the longest event-loop stall during each of those;
 * - p50/p99 of the Admin API's lists: users (counted and `includeCount=false`), one user's
 *   certificates, the activity feed.
 *
 * Growth ratios from each size to the next are printed beside every figure, against the goals: no
 * latency grows by more than 2x from the smallest size to the largest, and no stall reaches 50 ms.
 *
 * Run: `node dist/bench/scale.js` after `npx tsc -p .`, inside a private network namespace (fixed
 * gateway ports). `BENCH_SCALE_SIZES` (default `10000,100000,1000000`) and `BENCH_SCALE_STORES`
 * (default `sqlite,postgres`) choose what runs; `BENCH_SCALE_REQUESTS` (default 200) the requests per list;
 * `BENCH_SCALE_CPU_PROFILE=<directory>` writes a CPU profile of the whole-body CRL GETs there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { MongoClient } from "mongodb";
import { AlertWorker, unconfiguredEmailSender } from "../src/alerts/index.js";
import { createCore } from "../src/core/index.js";
import { newId } from "../src/core/ids.js";
import { MasterKey } from "../src/pki/master-key.js";
import { systemClock } from "../src/shared/clock.js";
import { openStore, type OpenStoreParams, type StoreDialect } from "../src/store/index.js";
import { startTestPostgres, type TestPostgres } from "../test/support/postgres.js";
import { eventually } from "../test/gateway/support/eventually.js";
import { seedHistory } from "./support/scale-seed.js";
import { API_PREFIX } from "../src/cli/api-client/api-client.js";
import { connectWith, startScaleServer, type ScaleServer } from "./support/scale-server.js";
import { profiled } from "./support/cpu-profile.js";
import type { ServerTime } from "./support/server-times.js";
import { StallMonitor } from "./support/stall-monitor.js";

const SIZES = (process.env.BENCH_SCALE_SIZES ?? "10000,100000,1000000").split(",").map(Number);
const STORES = (process.env.BENCH_SCALE_STORES ?? "sqlite,postgres").split(",") as StoreDialect[];
const REQUESTS = Number(process.env.BENCH_SCALE_REQUESTS ?? "200");
const REVOCATIONS = 5;
const STALL_GOAL_MS = 50;
const GROWTH_GOAL = 2;

/** One measured figure: a latency (ms) or a stall (ms). */
interface Figure {
  name: string;
  kind: "latency" | "stall" | "context" | "baseline";
  ms: number;
}

const monitor = new StallMonitor();

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
}

/** p50 and p99 of `count` sequential calls of `call`, and the longest stall meanwhile. */
async function latencies(name: string, call: () => Promise<unknown>, count = REQUESTS): Promise<Figure[]> {
  const samples: number[] = [];
  const { stallMs } = await monitor.during(async () => {
    for (let i = 0; i < count; i++) samples.push((await timed(call)).ms);
  });
  return [
    { name: `${name} p50`, kind: "latency", ms: percentile(samples, 50) },
    { name: `${name} p99`, kind: "latency", ms: percentile(samples, 99) },
    { name: `${name}: longest stall`, kind: "stall", ms: stallMs },
  ];
}

/** A request measured by {@link takingTurns}: its figures' name, the path the server saw, the call. */
interface Turn {
  name: string;
  kind: "latency" | "context" | "baseline";
  path: string;
  call: () => Promise<unknown>;
}

/**
 * p50/p99 of each turn's call over `count` rounds in which the calls take turns, so that the machine's
 * load weighs on each alike; beside each, the server's own share (see `support/server-times.ts`): p50
 * until the answer's head and p50/p99 until its last byte left for the socket; and the longest stall
 * during the turn's calls (the client's work included, as client and server share this process).
 */
async function takingTurns(s: ScaleServer, turns: readonly Turn[], count = REQUESTS): Promise<Figure[]> {
  const measured = turns.map(() => ({ client: [] as number[], server: [] as ServerTime[], stallMs: 0 }));
  for (let i = 0; i < count; i++) {
    for (const [t, turn] of turns.entries()) {
      const m = measured[t] as (typeof measured)[number];
      s.times.take("");
      const { value, stallMs } = await monitor.during(() => timed(turn.call));
      const seen = s.times.take(turn.path).at(-1);
      if (seen === undefined) throw new Error(`the server saw no request to ${turn.path}`);
      m.client.push(value.ms);
      m.server.push(seen);
      m.stallMs = Math.max(m.stallMs, stallMs);
    }
  }
  return turns.flatMap((turn, t): Figure[] => {
    const { client, server, stallMs } = measured[t] as (typeof measured)[number];
    return [
      { name: `${turn.name} p50`, kind: turn.kind, ms: percentile(client, 50) },
      { name: `${turn.name} p99`, kind: turn.kind, ms: percentile(client, 99) },
      { name: `${turn.name}: server until the answer's head, p50`, kind: "context", ms: percentile(server.map((x) => x.untilHead), 50) },
      { name: `${turn.name}: server until the last byte left, p50`, kind: "context", ms: percentile(server.map((x) => x.untilLastByte), 50) },
      { name: `${turn.name}: server until the last byte left, p99`, kind: "context", ms: percentile(server.map((x) => x.untilLastByte), 99) },
      { name: `${turn.name}: longest stall`, kind: turn.kind === "latency" ? "stall" : "context", ms: stallMs },
    ];
  });
}

/** Resolves once an operation on `client` fails (the gateway closed or refused it). */
async function untilRefused(client: MongoClient): Promise<void> {
  for (;;) {
    try {
      await client.db("app").collection("c").findOne({});
    } catch {
      return;
    }
  }
}

/** Prepares a store of `records` records: bootstrap, live users with real certificates, history, a cluster. */
async function prepare(location: OpenStoreParams, dataDir: string, records: number) {
  const store = await openStore(location);
  const masterKey = MasterKey.random();
  const maxUsers = records + 1000;
  const core = createCore({ store, masterKey, userKeyAlgorithm: "EC_P256", caKeyAlgorithm: "EC_P256", maxDatabaseUsersPerProject: maxUsers });
  const boot = await core.bootstrap();
  const key = { publicKey: boot.publicKey ?? "", privateKey: boot.privateKey ?? "" };
  const owner = (await core.apiKeys.authenticate(key.publicKey))?.actor;
  if (owner === undefined) throw new Error("the bootstrap key does not authenticate");
  const live: { username: string; pem: string; serial: bigint }[] = [];
  for (const username of ["steady", ...Array.from({ length: REVOCATIONS }, (_, i) => `revoked-${i}`)]) {
    await core.databaseUsers.create(owner, boot.projectId, { databaseName: "$external", username, x509Type: "MANAGED", roles: [{ roleName: "readWrite", databaseName: "app" }] });
    const issued = await core.certificates.issue(owner, boot.projectId, username, { monthsUntilExpiration: 3 });
    live.push({ username, pem: issued.pem, serial: issued.serial });
  }
  const ca = await store.db.selectFrom("managed_cas").select("id").where("project_id", "=", boot.projectId).executeTakeFirstOrThrow();
  const seeded = await timed(() => seedHistory(store.db, store.dialect, { orgId: boot.orgId, projectId: boot.projectId, caId: ca.id, records, now: new Date() }));
  const at = new Date().toISOString();
  await store.db
    .insertInto("alert_configs")
    .values({
      id: newId(),
      project_id: boot.projectId,
      event_type_name: "NDS_X509_USER_AUTHENTICATION_MANAGED_USER_CERTS_EXPIRATION_CHECK",
      enabled: 1,
      threshold: JSON.stringify({ operator: "LESS_THAN", threshold: 30, units: "DAYS" }),
      matchers: "[]",
      notifications: JSON.stringify([{ typeName: "GROUP", notifierId: newId(), delayMin: 0, intervalMin: 1440, emailEnabled: true, smsEnabled: false, roles: ["GROUP_OWNER"] }]),
      severity_override: null,
      auto_key: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await store.close();
  // A first start creates the cluster, as an operator did once long ago.
  const first = await startScaleServer({ location, masterKey, dataDir, key, maxUsers });
  await first.clusters.create(first.owner, boot.projectId, { name: "Scale" });
  const port = await clusterPort(first, boot.projectId);
  await first.close();
  return { masterKey, key, maxUsers, projectId: boot.projectId, live, port, seeded };
}

async function clusterPort(server: ScaleServer, projectId: string): Promise<number> {
  const { value } = await eventually(async () => {
    const cluster = await server.clusters.get(server.owner, projectId, "Scale");
    if (!cluster.connectionStrings) throw new Error("the cluster is not IDLE yet");
    return Number(new URL(cluster.connectionStrings.standard).port);
  }, 20_000);
  return value;
}

async function measureSize(dialect: StoreDialect, location: OpenStoreParams, records: number): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "certgate-bench-scale-"));
  const clients: MongoClient[] = [];
  let server: ScaleServer | undefined;
  try {
    const prepared = await prepare(location, dataDir, records);
    console.log(
      `  ${dialect} ${records.toLocaleString("en-US")}: seeded ${prepared.seeded.value.users} users, ${prepared.seeded.value.certificates} certificates ` +
        `(${prepared.seeded.value.revoked} revoked), ${prepared.seeded.value.events} events in ${(prepared.seeded.ms / 1000).toFixed(1)} s`,
    );
    const figures: Figure[] = [];
    const [steady, ...toRevoke] = prepared.live;
    if (steady === undefined) throw new Error("no live users");

    const startup = await monitor.during(() =>
      timed(async () => {
        server = await startScaleServer({ location, masterKey: prepared.masterKey, dataDir, key: prepared.key, maxUsers: prepared.maxUsers });
        clients.push(await connectWith(dataDir, prepared.port, steady.username, steady.pem));
      }),
    );
    const s = server as unknown as ScaleServer;
    figures.push({ name: "startup (store open to first authenticated command)", kind: "latency", ms: startup.value.ms });
    const idle = await monitor.during(() => new Promise((resolve) => setTimeout(resolve, 1000)));
    figures.push({ name: "baseline: idle event loop for 1 s, longest stall", kind: "baseline", ms: idle.stallMs });
    figures.push(...(await latencies("baseline: signed bare route on the same server", () => s.bare())).map((f) => ({ ...f, kind: "baseline" as const })));
    for (const user of toRevoke) clients.push(await connectWith(dataDir, prepared.port, user.username, user.pem));
    const group = `/groups/${prepared.projectId}`;

    const firstCrl = await monitor.during(() => timed(() => s.crl(prepared.projectId)));
    figures.push({ name: "GET crl, first after startup (builds and signs it)", kind: "context", ms: firstCrl.value.ms });
    figures.push({ name: "GET crl, first after startup: longest stall", kind: "stall", ms: firstCrl.stallMs });
    const published = await s.crl(prepared.projectId);
    figures.push({ name: "CRL size, kB (not ms)", kind: "context", ms: published.bytes / 1000 });
    s.sizeBareBody(published.bytes);
    // The CRL and its baseline are read alike: signed by the Digest client, the body counted and
    // dropped. The CLI's API client (which joins and decodes the body) is measured beside them.
    const crlPath = `${API_PREFIX}${group}/crl`;
    const wholeBody = () =>
      takingTurns(s, [
        { name: "baseline: signed bare route answering as many bytes as the CRL", kind: "baseline", path: "/bare-sized", call: () => s.bareSized() },
        { name: "GET crl, whole body", kind: "latency", path: crlPath, call: () => s.crl(prepared.projectId) },
        { name: "GET crl, whole body read as text by the CLI's API client", kind: "context", path: crlPath, call: () => s.api.text("GET", `${group}/crl`) },
      ]);
    figures.push(...(await profiled(`crl-${dialect}-${records}`, wholeBody)));
    figures.push(
      ...(await latencies("GET crl, unchanged since the poller's copy (If-None-Match: 304)", async () => {
        const answer = await s.crl(prepared.projectId, published.etag);
        if (answer.status !== 304) throw new Error(`expected 304, got ${answer.status}`);
      })),
    );

    const revocations: number[] = [];
    const crlReady: number[] = [];
    let revocationStall = 0;
    for (const [i, user] of toRevoke.entries()) {
      const client = clients[i + 1] as MongoClient;
      const { stallMs } = await monitor.during(async () => {
        await s.core.certificates.revoke(s.owner, prepared.projectId, user.username, user.serial);
        const t0 = performance.now();
        await untilRefused(client);
        revocations.push(performance.now() - t0);
        await s.crl(prepared.projectId);
        crlReady.push(performance.now() - t0);
      });
      revocationStall = Math.max(revocationStall, stallMs);
    }
    figures.push({ name: "revocation to the open connection refused, median", kind: "latency", ms: percentile(revocations, 50) });
    figures.push({ name: "revocation to the new CRL served, median", kind: "context", ms: percentile(crlReady, 50) });
    figures.push({ name: "revocation (reload and new CRL): longest stall", kind: "stall", ms: revocationStall });

    const listener = s.gateway.listener((await s.clusters.get(s.owner, prepared.projectId, "Scale")).id);
    if (listener === undefined) throw new Error("the cluster has no listener");
    const change = await monitor.during(() =>
      timed(async () => {
        const before = listener.access;
        await s.core.databaseUsers.update(s.owner, prepared.projectId, "$external", steady.username, { roles: [{ roleName: "read", databaseName: "app" }] });
        while (listener.access === before) await new Promise((resolve) => setImmediate(resolve));
      }),
    );
    figures.push({ name: "change (user's roles) until the gateway reloaded", kind: "latency", ms: change.value.ms });
    figures.push({ name: "change: longest stall", kind: "stall", ms: change.stallMs });

    const worker = new AlertWorker({ store: s.store, masterKey: prepared.masterKey, clock: systemClock, email: unconfiguredEmailSender });
    const firstPass = await monitor.during(() => timed(() => worker.runOnce()));
    if (firstPass.value.value.opened < 50) throw new Error(`the first alert pass opened ${firstPass.value.value.opened} alerts, expected at least 50`);
    figures.push({ name: `alert pass, first (opens ${firstPass.value.value.opened} alerts)`, kind: "latency", ms: firstPass.value.ms });
    figures.push({ name: "alert pass, first: longest stall", kind: "stall", ms: firstPass.stallMs });
    const steadyPasses: number[] = [];
    const steadyPass = await monitor.during(async () => {
      for (let i = 0; i < 5; i++) steadyPasses.push((await timed(() => worker.runOnce())).ms);
    });
    figures.push({ name: "alert pass, steady (median of 5)", kind: "latency", ms: percentile(steadyPasses, 50) });
    figures.push({ name: "alert pass, steady: longest stall", kind: "stall", ms: steadyPass.stallMs });

    figures.push(...(await latencies("list users, first page, counted", () => s.api.json("GET", `${group}/databaseUsers`))));
    figures.push(...(await latencies("list users, first page, includeCount=false", () => s.api.json("GET", `${group}/databaseUsers`, { query: { includeCount: false } }))));
    figures.push(...(await latencies("list a user's certificates", () => s.api.json("GET", `${group}/databaseUsers/user-5/certs`, { query: { includeCount: false } }))));
    figures.push(...(await latencies("list events, first page, includeCount=false", () => s.api.json("GET", `${group}/events`, { query: { includeCount: false } }))));
    return figures;
  } finally {
    await Promise.all(clients.map((c) => c.close(true)));
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(dialect: StoreDialect, results: { records: number; figures: Figure[] }[]): void {
  const sizes = results.map((r) => r.records.toLocaleString("en-US"));
  const ratioHeads = results.slice(1).map((r, i) => `${r.records / (results[i]?.records ?? 1)}x data`);
  console.log(`\n### ${dialect}\n`);
  console.log(`| figure | ${sizes.map((s) => `${s} ms`).join(" | ")} | ${ratioHeads.join(" | ")} |${results.length > 1 ? " whole range | goal |" : " goal |"}`);
  console.log(`| --- |${" ---: |".repeat(sizes.length + ratioHeads.length + (results.length > 1 ? 2 : 1))}`);
  const names = results[0]?.figures.map((f) => f.name) ?? [];
  let failures = 0;
  for (const [index, name] of names.entries()) {
    const values = results.map((r) => r.figures[index]?.ms ?? NaN);
    const kind = results[0]?.figures[index]?.kind;
    const steps = values.slice(1).map((v, i) => v / (values[i] ?? NaN));
    const whole = (values.at(-1) ?? NaN) / (values[0] ?? NaN);
    let goal = "";
    if (kind === "stall") {
      const ok = values.every((v) => v < STALL_GOAL_MS);
      goal = ok ? `< ${STALL_GOAL_MS} ms: met` : `< ${STALL_GOAL_MS} ms: **missed**`;
      if (!ok) failures++;
    } else if (kind === "latency" && results.length > 1) {
      const ok = whole <= GROWTH_GOAL;
      goal = ok ? `≤ ${GROWTH_GOAL}x: met` : `≤ ${GROWTH_GOAL}x: **missed**`;
      if (!ok) failures++;
    }
    const cells = [...values.map((v) => v.toFixed(1)), ...steps.map((r) => `${r.toFixed(2)}x`)];
    if (results.length > 1) cells.push(kind === "stall" ? "" : `${whole.toFixed(2)}x`);
    console.log(`| ${name} | ${cells.join(" | ")} | ${goal} |`);
  }
  console.log(`\n${failures === 0 ? "every goal met" : `${failures} goal(s) missed`} on ${dialect}`);
}

async function main(): Promise<void> {
  console.log(`scale benchmark: sizes ${SIZES.join(", ")}; stores ${STORES.join(", ")}; ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "?"}), Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`);
  let postgres: TestPostgres | undefined;
  try {
    for (const dialect of STORES) {
      const results: { records: number; figures: Figure[] }[] = [];
      for (const records of SIZES) {
        let location: OpenStoreParams;
        let sqliteDir: string | undefined;
        if (dialect === "postgres") {
          postgres ??= await startTestPostgres();
          location = { url: await postgres.createDatabase() };
        } else {
          sqliteDir = mkdtempSync(join(tmpdir(), "certgate-bench-scale-db-"));
          location = { sqlitePath: join(sqliteDir, "certgate.db") };
        }
        try {
          results.push({ records, figures: await measureSize(dialect, location, records) });
        } finally {
          if (sqliteDir !== undefined) rmSync(sqliteDir, { recursive: true, force: true });
        }
      }
      report(dialect, results);
    }
  } finally {
    monitor.stop();
    await postgres?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
