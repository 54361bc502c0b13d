/**
 * Certificate issuing through a real `certgate start`, end to end:
 * - Atlas's documented request, `curl --digest ... -X POST .../databaseUsers/{user}/certs?pretty=true
 *   -d '{"monthsUntilExpiration":12}'`, run with the curl binary one call at a time (two HTTP round
 *   trips each: the challenge, then the signed request), RSA-4096 CA and user keys, warm key pool;
 * - a `curl --digest` GET of the same user through the same path, the API's floor for that client;
 * - CSR signing (`{"csr": ...}`, EC P-256 requests) with 4 requests in flight over keep-alive
 *   connections that answer the digest challenge once and then count nonces, in certificates/s: once
 *   right after start (requests 41 to 600 the server has signed), and once sustained, after a warm-up
 *   of `BENCH_ISSUE_CSR_WARMUP` more requests (default 2000) in which V8 optimizes the hot code (its
 *   CPU per certificate keeps falling for the first two thousand or so); the target is judged on the sustained one;
 * each beside the raw signature of an RSA-4096 key (the CA's) measured in the same run.
 *
 * curl's own `time_total` is the latency (process start-up is not counted). Before each RSA issue the
 * benchmark waits until the key pool is full again, so every issue takes a pooled key ("warm pool")
 * and no key generation runs during the measured call; the same is done before each GET.
 *
 * Each series runs against a server syncing its SQLite store by group commit and against one syncing
 * every commit (`CERTGATE_SQLITE_SYNC=group` and `full`), one after the other in the same run.
 *
 * Run: `node dist/bench/certificate-issue.js` after `npx tsc -p .`. `BENCH_ISSUE_SCALE` (default 1)
 * scales the counts; `BENCH_ISSUE_SYNC` (default `group,full`) picks the modes; `BENCH_ISSUE_SERVER_NODE_ARGS`
 * (space-separated, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) is passed to the server's node, for profiling;
 * `BENCH_ISSUE_SERIES` (default `curl,csr`) picks the series; `BENCH_ISSUE_CSR_WARMUP` (default 2000) is the number
 * of requests signed between the two CSR series. With server node args set, each CSR series' window is printed
 * to stderr in CLOCK_MONOTONIC seconds, for `perf record -k CLOCK_MONOTONIC` and `perf report --time`.
 */
import { execFile } from "node:child_process";
import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import { availableParallelism, cpus, loadavg } from "node:os";
import { promisify } from "node:util";
import { Client } from "undici";
import { generateKeyAndCsr } from "../src/cli/dbusers/local-key.js";
import { DER_TAG } from "../src/pki/der.js";
import { readDerChildren, readDerTagged } from "../src/pki/der-reader.js";
import { parsePemBundle } from "../src/pki/pem-bundle.js";
import { startCertgate, type CertgateProcess } from "../test/gateway/support/certgate-process.js";
import { threadCpuSeconds } from "./support/process-cpu.js";

const run = promisify(execFile);
const scale = Number(process.env.BENCH_ISSUE_SCALE ?? "1");
const count = (n: number) => Math.max(5, Math.round(n * scale));
const POOL_SIZE = 8;
const series = new Set((process.env.BENCH_ISSUE_SERIES ?? "curl,csr").split(","));
const serverNodeArgs = (process.env.BENCH_ISSUE_SERVER_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
const csrWarmup = Number(process.env.BENCH_ISSUE_CSR_WARMUP ?? "2000");

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

function summary(samples: readonly number[]): { p50: number; p90: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), max: sorted[sorted.length - 1] ?? NaN };
}

/** Milliseconds per raw RSA-4096 SHA-256 signature over a TBSCertificate-sized message. */
function rawSignatureMs(n: number): number {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 4096 });
  const message = Buffer.alloc(1300, 0x5a);
  for (let i = 0; i < 5; i += 1) sign("sha256", message, privateKey);
  const started = performance.now();
  for (let i = 0; i < n; i += 1) sign("sha256", message, privateKey);
  return (performance.now() - started) / n;
}

/** Ready RSA-4096 keys in the server's pool, from its Prometheus metrics. */
async function poolReady(cg: CertgateProcess): Promise<number> {
  const base = new URL(cg.api).origin;
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith('certgate_pki_key_pool_ready{algorithm="RSA_4096"}'));
  return line === undefined ? 0 : Number(line.split(" ").pop());
}

async function waitForFullPool(cg: CertgateProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while ((await poolReady(cg)) < POOL_SIZE) {
    if (Date.now() > deadline) throw new Error("the key pool did not fill within 5 minutes");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One `curl --digest` call; returns curl's time_total in ms, checking the status. */
async function curlMs(cg: CertgateProcess, args: string[], expectStatus: number): Promise<number> {
  const { stdout } = await run("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code} %{time_total}", "--digest", "--user", `${cg.key.publicKey}:${cg.key.privateKey}`, ...args]);
  const [status, seconds] = stdout.trim().split(" ");
  if (Number(status) !== expectStatus) throw new Error(`curl ${args.join(" ")} answered ${status}`);
  return Number(seconds) * 1000;
}

/** The SubjectPublicKeyInfo of the one PEM certificate `pem` holds, read from its DER. */
function certificateSpki(pem: string): Buffer {
  const { blocks, problems } = parsePemBundle(pem);
  const der = blocks[0]?.der;
  if (problems.length > 0 || blocks.length !== 1 || blocks[0]?.label !== "CERTIFICATE" || der === undefined) throw new Error(`the answer is not one PEM certificate: ${pem.slice(0, 100)}`);
  const certificate = readDerTagged(der, DER_TAG.sequence, 0, der.length);
  const tbs = certificate && readDerTagged(der, DER_TAG.sequence, certificate.contentStart, certificate.end);
  const fields = tbs && readDerChildren(der, tbs);
  // version [0], serial, signature, issuer, validity, subject, subjectPublicKeyInfo.
  const spki = fields?.[fields[0]?.tag === DER_TAG.explicit0 ? 6 : 5];
  if (spki?.tag !== DER_TAG.sequence) throw new Error("the certificate's DER has no SubjectPublicKeyInfo");
  return Buffer.from(der.buffer, der.byteOffset + spki.start, spki.end - spki.start);
}

/** One measured CSR series: its rate, latencies, and CPU per certificate of the server's threads and of this client. */
interface CsrSeries {
  label: string;
  rate: number;
  latencies: number[];
  cpu: { main: number; others: number };
  clientCpuMs: number;
}

/** One CSR to post: its JSON body, and the SubjectPublicKeyInfo the certificate must carry. */
interface CsrRequest {
  body: string;
  spkiDer: Buffer;
}

/**
 * Posts `requests` with `inFlight` keep-alive digest clients (undici, one connection each); returns
 * certificates/s and latency. Each client answers the digest challenge once, then signs every request
 * with the next nonce-count as curl does when it reuses a nonce (H(A1) and H(A2) are fixed for one
 * nonce and URI, so they are computed once per challenge, as RFC 7616 allows a client to). Every
 * answer is read as a PEM certificate, its DER taken apart, and checked to carry its CSR's key.
 */
async function csrRate(cg: CertgateProcess, url: string, requests: readonly CsrRequest[], inFlight: number): Promise<{ rate: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const md5 = (s: string) => createHash("md5").update(s).digest("hex");
  const { origin, pathname: uri } = new URL(url);
  const worker = async () => {
    const client = new Client(origin, { pipelining: 1 });
    const post = async (body: string, authorization?: string) => {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (authorization !== undefined) headers.authorization = authorization;
      const res = await client.request({ path: uri, method: "POST", headers, body });
      const challenge = res.headers["www-authenticate"];
      return { status: res.statusCode, challenge: (Array.isArray(challenge) ? challenge[0] : challenge) ?? "", text: await res.body.text() };
    };
    let digest: { prefix: string; ha1: string; nonce: string; ha2: string } | undefined;
    let nc = 0;
    const authorize = (d: NonNullable<typeof digest>) => {
      nc += 1;
      const ncHex = nc.toString(16).padStart(8, "0");
      const cnonce = randomBytes(8).toString("hex");
      const response = md5(`${d.ha1}:${d.nonce}:${ncHex}:${cnonce}:auth:${d.ha2}`);
      return `${d.prefix}, nc=${ncHex}, cnonce="${cnonce}", response="${response}"`;
    };
    try {
      while (next < requests.length) {
        const request = requests[next++] as CsrRequest;
        const t0 = performance.now();
        let res = await post(request.body, digest ? authorize(digest) : undefined);
        if (res.status === 401) {
          const realm = /realm="([^"]*)"/.exec(res.challenge)?.[1] ?? "";
          const nonce = /nonce="([^"]*)"/.exec(res.challenge)?.[1] ?? "";
          digest = {
            prefix: `Digest username="${cg.key.publicKey}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=MD5, qop=auth`,
            ha1: md5(`${cg.key.publicKey}:${realm}:${cg.key.privateKey}`),
            nonce,
            ha2: md5(`POST:${uri}`),
          };
          nc = 0;
          res = await post(request.body, authorize(digest));
        }
        if (res.status !== 201) throw new Error(`CSR signing answered ${res.status}: ${res.text.slice(0, 300)}`);
        if (!certificateSpki(res.text).equals(request.spkiDer)) throw new Error("the certificate does not carry the CSR's key");
        latencies.push(performance.now() - t0);
      }
    } finally {
      await client.close();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const rate = (requests.length * 1000) / (performance.now() - started);
  return { rate, latencies };
}

async function main(): Promise<void> {
  console.log("# Certificate issuing through the Admin API");
  console.log(`node ${process.version}, ${availableParallelism()} CPUs (${cpus()[0]?.model ?? "unknown"}), load average at start: ${load()}`);
  const signMs = rawSignatureMs(count(100));
  console.log(`raw RSA-4096 signature (SHA-256, 1300 bytes): ${signMs.toFixed(2)} ms, ${(1000 / signMs).toFixed(0)}/s on one core`);
  const modes = (process.env.BENCH_ISSUE_SYNC ?? "group,full").split(",") as Array<"group" | "full">;
  for (const sync of modes) await measure(sync, signMs);
}

const monotonicSeconds = () => Number(process.hrtime.bigint()) / 1e9;

const load = () => loadavg().map((n) => n.toFixed(1)).join(" ");

/** One server with `CERTGATE_SQLITE_SYNC=sync`: every series, printed as a table. */
async function measure(sync: "group" | "full", signMs: number): Promise<void> {
  const cg = await startCertgate("27590-27599", {
    CERTGATE_USER_KEY_ALGORITHM: "RSA_4096",
    CERTGATE_CA_KEY_ALGORITHM: "RSA_4096",
    CERTGATE_KEY_POOL_SIZE: String(POOL_SIZE),
    CERTGATE_SQLITE_SYNC: sync,
    CERTGATE_LOG_LEVEL: process.env.CERTGATE_LOG_LEVEL ?? "info",
  }, undefined, serverNodeArgs);
  try {
    await cg.createUser("alice", "MANAGED", [{ roleName: "readWrite", databaseName: "sales" }]);
    const group = `${cg.api}/groups/${cg.projectId}`;
    const issueArgs = ["--header", "Content-Type: application/json", "--request", "POST", `${group}/databaseUsers/alice/certs?pretty=true`, "--data", '{"monthsUntilExpiration":12}'];
    const getArgs = [`${group}/databaseUsers/%24external/alice`];

    // Warm-up: the project CA is created by the first issue; JIT and caches settle.
    for (let i = 0; i < 3; i += 1) await curlMs(cg, issueArgs, 201);
    for (let i = 0; i < 5; i += 1) await curlMs(cg, getArgs, 200);

    const issues: number[] = [];
    const gets: number[] = [];
    const issueCpu = { main: 0, others: 0 };
    const getCpu = { main: 0, others: 0 };
    // Server CPU of the calls, summed over the series.
    const timedCpu = async (call: () => Promise<number>, into: { main: number; others: number }): Promise<number> => {
      const before = threadCpuSeconds(cg.pid);
      const ms = await call();
      const after = threadCpuSeconds(cg.pid);
      into.main += (after.main - before.main) * 1000;
      into.others += (after.others - before.others) * 1000;
      return ms;
    };
    const rounds = series.has("curl") ? count(30) : 0;
    for (let i = 0; i < rounds; i += 1) {
      await waitForFullPool(cg);
      gets.push(await timedCpu(() => curlMs(cg, getArgs, 200), getCpu));
      issues.push(await timedCpu(() => curlMs(cg, issueArgs, 201), issueCpu));
    }

    const csrCount = series.has("csr") ? count(600) : 0;
    const csrs: CsrRequest[] = [];
    for (let i = 0; i < csrCount; i += 1) {
      const { keyPem, csrPem } = await generateKeyAndCsr("EC_P256", `svc${i}`);
      const spkiDer = createPublicKey(keyPem).export({ type: "spki", format: "der" });
      csrs.push({ body: JSON.stringify({ csr: csrPem, monthsUntilExpiration: 1 }), spkiDer });
    }
    const csrUrl = `${group}/databaseUsers/alice/certs`;
    await csrRate(cg, csrUrl, csrs.slice(0, 40), 4);
    // The last RSA issue's key pool refill would otherwise run in the threadpool during the series.
    await waitForFullPool(cg);
    const measuredCsrSeries = async (label: string): Promise<CsrSeries> => {
      const csrCpuBefore = threadCpuSeconds(cg.pid);
      const clientCpuBefore = process.cpuUsage();
      const windowStart = monotonicSeconds();
      if (serverNodeArgs.length > 0) console.error(`CSR series (${label}) starts`);
      const { rate, latencies } = await csrRate(cg, csrUrl, csrs.slice(40), 4);
      const clientCpu = process.cpuUsage(clientCpuBefore);
      // For a profiler's time filter (e.g. `perf record -k CLOCK_MONOTONIC`, then `perf report --time start,end`).
      if (serverNodeArgs.length > 0) console.error(`CSR series (${label}) window (CLOCK_MONOTONIC s): ${windowStart.toFixed(6)},${monotonicSeconds().toFixed(6)}`);
      const csrCpuAfter = threadCpuSeconds(cg.pid);
      const perCsr = (seconds: number) => (seconds * 1000) / Math.max(1, latencies.length);
      return {
        label,
        rate,
        latencies,
        cpu: { main: perCsr(csrCpuAfter.main - csrCpuBefore.main), others: perCsr(csrCpuAfter.others - csrCpuBefore.others) },
        clientCpuMs: perCsr((clientCpu.user + clientCpu.system) / 1e6),
      };
    };
    const csrSeries: CsrSeries[] = [];
    if (csrCount > 0) {
      csrSeries.push(await measuredCsrSeries("right after start"));
      // The same requests again (a key may be certified more than once), until `csrWarmup` more were signed.
      for (let signed = 0; signed < csrWarmup; signed += csrs.length) await csrRate(cg, csrUrl, csrs.slice(0, Math.min(csrs.length, csrWarmup - signed)), 4);
      csrSeries.push(await measuredCsrSeries(`sustained, after ${csrWarmup} more`));
    }

    const issue = summary(issues);
    const get = summary(gets);
    console.log("");
    console.log(`CERTGATE_SQLITE_SYNC=${sync}:`);
    const cpu = (c: { main: number; others: number }, n: number) =>
      `${((c.main + c.others) / Math.max(1, n)).toFixed(1)} | ${(c.main / Math.max(1, n)).toFixed(1)} | ${(c.others / Math.max(1, n)).toFixed(1)}`;
    console.log("| what | n | p50 ms | p90 ms | max ms | p50 ÷ raw signature | server CPU ms per call | of it main thread | other threads |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    console.log(`| raw RSA-4096 signature | ${count(100)} | ${signMs.toFixed(2)} | | | 1 | | | |`);
    console.log(`| curl --digest GET .../databaseUsers/$external/alice | ${gets.length} | ${get.p50.toFixed(1)} | ${get.p90.toFixed(1)} | ${get.max.toFixed(1)} | ${(get.p50 / signMs).toFixed(1)}x | ${cpu(getCpu, gets.length)} |`);
    console.log(`| curl --digest POST .../certs (RSA-4096, warm pool) | ${issues.length} | ${issue.p50.toFixed(1)} | ${issue.p90.toFixed(1)} | ${issue.max.toFixed(1)} | ${(issue.p50 / signMs).toFixed(1)}x | ${cpu(issueCpu, issues.length)} |`);
    for (const csr of csrSeries) {
      const latency = summary(csr.latencies);
      console.log(`| CSR signing, 4 in flight, ${csr.label} (per request) | ${csr.latencies.length} | ${latency.p50.toFixed(1)} | ${latency.p90.toFixed(1)} | ${latency.max.toFixed(1)} | ${(latency.p50 / signMs).toFixed(1)}x | ${cpu(csr.cpu, 1)} |`);
    }
    console.log("");
    for (const csr of csrSeries) {
      console.log(`CSR signing, 4 in flight, ${csr.label}: ${csr.rate.toFixed(0)} certificates/s = ${((csr.rate * signMs) / 1000).toFixed(2)}x the raw signatures one core makes per second`);
      const cpuPerCert = csr.cpu.main + csr.cpu.others + csr.clientCpuMs;
      console.log(
        `  CPU per certificate: server ${(csr.cpu.main + csr.cpu.others).toFixed(1)} ms (main thread ${csr.cpu.main.toFixed(1)}, other threads ${csr.cpu.others.toFixed(1)}), ` +
          `benchmark client ${csr.clientCpuMs.toFixed(1)} ms; 200/s needs ${((cpuPerCert * 200) / 1000).toFixed(2)} of the ${availableParallelism()} cores at that cost`,
      );
    }
    if (issues.length > 0) console.log(`target curl --digest issue p50 < 15 ms: ${issue.p50 < 15 ? "met" : "NOT met"} (${issue.p50.toFixed(1)} ms)`);
    const sustained = csrSeries[csrSeries.length - 1];
    if (sustained !== undefined) {
      console.log(`target CSR signing >= 200/s with 4 in flight (sustained): ${sustained.rate >= 200 ? "met" : "NOT met"} (${sustained.rate.toFixed(0)}/s)`);
    }
    console.log(`load average at end: ${load()}`);
  } finally {
    await cg.stop();
  }
}

await main();
