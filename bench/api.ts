/**
 * Admin API benchmark: requests per second and latency percentiles for
 * - listing database users, a page of 500 out of 100,000 in one project (random pages);
 * - issuing managed certificates through `POST .../certs` (EC P-256 and Atlas's RSA-4096);
 * each compared with a bare Fastify route measured in the same run on the same machine.
 *
 * The load comes from a child process (this file run with `load`), so client work does not share the
 * server's event loop. Clients keep connections alive and answer HTTP Digest like a careful client:
 * one challenge per connection, then the same nonce with an increasing nonce-count.
 *
 * Run: `node dist/bench/api.js` after `npx tsc -p .`. `BENCH_API_SCALE` (default 1) scales durations
 * and counts; `BENCH_API_USERS` (default 100000) the number of users seeded.
 */
import { createHash, randomBytes } from "node:crypto";
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Fastify, { type FastifyInstance } from "fastify";
import { sql } from "kysely";
import { buildApiServer } from "../src/api/app.js";
import { MemoryNonceCountStore } from "../src/api/auth/nonce-count-store.js";
import { createCore, type Core } from "../src/core/index.js";
import { newId } from "../src/core/ids.js";
import type { KeyAlgorithm } from "../src/pki/key-algorithms.js";
import { MasterKey } from "../src/pki/master-key.js";
import { openStore, type Store } from "../src/store/index.js";

const scale = Number(process.env.BENCH_API_SCALE ?? "1");
const USERS = Number(process.env.BENCH_API_USERS ?? "100000");

/** What the parent asks the load process to do. */
interface LoadJob {
  url: string;
  method: "GET" | "POST";
  /** `{page}` in the URL is replaced by a random page number from 1 to `pages`. */
  pages?: number;
  body?: string;
  concurrency: number;
  durationMs?: number;
  count?: number;
  key?: { publicKey: string; privateKey: string };
  expectStatus: number;
}

/** What the load process reports. */
interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  wallMs: number;
  latenciesMs: number[];
}

// ---------------------------------------------------------------- load process

async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let issued = 0;
  const started = performance.now();
  const more = () => (job.count !== undefined ? issued < job.count : performance.now() - started < (job.durationMs ?? 0));

  const worker = async () => {
    let challenge: { realm: string; nonce: string } | undefined;
    let nc = 0;
    while (more()) {
      issued++;
      const url = job.pages ? job.url.replace("{page}", String(1 + Math.floor(Math.random() * job.pages))) : job.url;
      const t0 = performance.now();
      let res = await send(agent, url, job, challenge && job.key ? digest(job, url, challenge, ++nc) : undefined);
      if (res.status === 401 && job.key) {
        challenge = parseChallenge(res.challenge);
        nc = 0;
        res = await send(agent, url, job, digest(job, url, challenge, ++nc));
      }
      latencies.push(performance.now() - t0);
      if (res.status !== job.expectStatus) {
        errors++;
        firstError ??= `${res.status}: ${res.body.slice(0, 200)}`;
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  agent.destroy();
  return { requests: latencies.length, errors, ...(firstError === undefined ? {} : { firstError }), wallMs: performance.now() - started, latenciesMs: latencies };
}

function send(agent: Agent, url: string, job: LoadJob, authorization?: string): Promise<{ status: number; body: string; challenge: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (job.body !== undefined) headers["content-type"] = "application/json";
    if (authorization) headers.authorization = authorization;
    const req = request(url, { method: job.method, agent, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, challenge: res.headersDistinct["www-authenticate"]?.[0] ?? "" }));
    });
    req.on("error", reject);
    req.end(job.body);
  });
}

function parseChallenge(header: string): { realm: string; nonce: string } {
  const realm = /realm="([^"]*)"/.exec(header)?.[1];
  const nonce = /nonce="([^"]*)"/.exec(header)?.[1];
  if (realm === undefined || nonce === undefined) throw new Error(`no digest challenge in ${JSON.stringify(header)}`);
  return { realm, nonce };
}

function digest(job: LoadJob, url: string, c: { realm: string; nonce: string }, nc: number): string {
  const key = job.key as { publicKey: string; privateKey: string };
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const u = new URL(url);
  const uri = `${u.pathname}${u.search}`;
  const ncHex = nc.toString(16).padStart(8, "0");
  const cnonce = randomBytes(8).toString("hex");
  const response = md5(`${md5(`${key.publicKey}:${c.realm}:${key.privateKey}`)}:${c.nonce}:${ncHex}:${cnonce}:auth:${md5(`${job.method}:${uri}`)}`);
  return `Digest username="${key.publicKey}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", algorithm=MD5, qop=auth, nc=${ncHex}, cnonce="${cnonce}", response="${response}"`;
}

// ---------------------------------------------------------------- server side

interface Figures {
  label: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

function measure(label: string, job: LoadJob): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["load"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (message) => {
      const r = message as LoadResult;
      child.kill();
      if (r.errors > 0) console.error(`${label}: ${r.errors} unexpected answers, first ${r.firstError}`);
      const sorted = [...r.latenciesMs].sort((a, b) => a - b);
      resolve({ label, requests: r.requests, errors: r.errors, rps: (r.requests / r.wallMs) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
    });
    child.once("error", reject);
    child.send(job);
  });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  return `http://127.0.0.1:${address.port}`;
}

async function seedUsers(store: Store, projectId: string, n: number): Promise<number> {
  const t0 = performance.now();
  const now = new Date().toISOString();
  const batch = 500;
  for (let i = 0; i < n; i += batch) {
    const rows = Array.from({ length: Math.min(batch, n - i) }, (_, j) => ({
      id: newId(),
      project_id: projectId,
      database_name: "$external",
      username: `CN=user-${String(i + j).padStart(6, "0")},OU=bench,O=certgate`,
      x509_type: "CUSTOMER",
      ldap_auth_type: "NONE",
      aws_iam_type: "NONE",
      oidc_auth_type: "NONE",
      password_hash: null,
      roles: JSON.stringify([{ roleName: "readWrite", databaseName: "app" }]),
      scopes: "[]",
      labels: "[]",
      description: null,
      delete_after_date: null,
      created_at: now,
      updated_at: now,
    }));
    await store.db.insertInto("database_users").values(rows).execute();
  }
  return performance.now() - t0;
}

async function apiFor(core: Core, memoryNonces = false): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApiServer({ core, ...(memoryNonces ? { nonceCounts: new MemoryNonceCountStore() } : {}) });
  return { app, url: await listen(app) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "certgate-bench-api-"));
  const store = await openStore({ sqlitePath: join(dir, "certgate.db") });
  const masterKey = MasterKey.random();
  const coreWith = (alg: KeyAlgorithm) =>
    createCore({ store, masterKey, userKeyAlgorithm: alg, caKeyAlgorithm: "EC_P256", maxDatabaseUsersPerProject: USERS + 1000 });
  const core = coreWith("EC_P256");
  const boot = await core.bootstrap();
  const key = { publicKey: boot.publicKey ?? "", privateKey: boot.privateKey ?? "" };
  const seedMs = await seedUsers(store, boot.projectId, USERS);
  console.log(`seeded ${USERS} users in ${(seedMs / 1000).toFixed(1)} s; ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "?"}), Node ${process.version}`);

  const bare = Fastify({ logger: false });
  bare.get("/bare", async () => ({ ok: true }));
  const bareUrl = await listen(bare);
  const api = await apiFor(core);
  const apiMem = await apiFor(core, true);
  const rsaCore = coreWith("RSA_4096");
  const rsaApi = await apiFor(rsaCore);

  const dur = Math.round(8000 * scale);
  const base = (url: string) => `${url}/api/atlas/v1.0/groups/${boot.projectId}`;
  await core.databaseUsers.create(
    (await core.apiKeys.authenticate(key.publicKey))?.actor ?? (() => { throw new Error("bootstrap key does not authenticate"); })(),
    boot.projectId,
    { databaseName: "$external", username: "bench-managed", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
  );
  const pages = Math.ceil(USERS / 500);

  const results: Figures[] = [];
  const bareFig = await measure("bare Fastify route (GET, no auth)", { url: `${bareUrl}/bare`, method: "GET", concurrency: 8, durationMs: dur, expectStatus: 200 });
  results.push(bareFig);
  results.push(await measure("list users, 500 of 100k, random page (nonce-counts in SQLite)", {
    url: `${base(api.url)}/databaseUsers?itemsPerPage=500&pageNum={page}`, method: "GET", pages, concurrency: 4, durationMs: dur, key, expectStatus: 200,
  }));
  results.push(await measure("list users, 500 of 100k, random page (nonce-counts in memory)", {
    url: `${base(apiMem.url)}/databaseUsers?itemsPerPage=500&pageNum={page}`, method: "GET", pages, concurrency: 4, durationMs: dur, key, expectStatus: 200,
  }));
  results.push(await measure("list users, first page of 100 (Atlas's default)", {
    url: `${base(api.url)}/databaseUsers`, method: "GET", concurrency: 4, durationMs: dur, key, expectStatus: 200,
  }));
  // The shipped schema has no index matching the list's ORDER BY, so SQLite sorts the project's rows
  // for every page; this run shows what the missing index costs.
  await sql`create index if not exists bench_users_list_order on database_users (project_id, created_at, id)`.execute(store.db);
  results.push(await measure("list users, 500 of 100k, random page, with an index on (project_id, created_at, id)", {
    url: `${base(api.url)}/databaseUsers?itemsPerPage=500&pageNum={page}`, method: "GET", pages, concurrency: 4, durationMs: dur, key, expectStatus: 200,
  }));
  results.push(await measure("issue certificate, EC P-256 user key", {
    url: `${base(api.url)}/databaseUsers/bench-managed/certs`, method: "POST", body: '{"monthsUntilExpiration":3}', concurrency: 4, count: Math.round(200 * scale), key, expectStatus: 201,
  }));
  results.push(await measure("issue certificate, RSA-4096 user key (Atlas's)", {
    url: `${base(rsaApi.url)}/databaseUsers/bench-managed/certs`, method: "POST", body: '{"monthsUntilExpiration":3}', concurrency: 2, count: Math.max(4, Math.round(16 * scale)), key, expectStatus: 201,
  }));

  console.log("\n| workload | requests | req/s | p50 ms | p99 ms | req/s vs bare | p99 vs bare |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const f of results) {
    console.log(
      `| ${f.label} | ${f.requests}${f.errors ? ` (${f.errors} errors)` : ""} | ${f.rps.toFixed(1)} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${(f.rps / bareFig.rps).toFixed(4)} | ${(f.p99 / bareFig.p99).toFixed(1)}x |`,
    );
  }
  for (const app of [bare, api.app, apiMem.app, rsaApi.app]) await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[2] === "load") {
  process.once("message", (job) => {
    runLoad(job as LoadJob).then(
      (r) => process.send?.(r),
      (err: unknown) => {
        console.error(err);
        process.exitCode = 1;
        process.disconnect?.();
      },
    );
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
