/**
 * Upstream forwarding cost, in one run: the Node driver against a cluster directly, and the same driver
 * through a second gateway whose cluster forwards to that one (the upstream backend). Two `certgate
 * start` children: the upstream (an embedded cluster behind its mutual-TLS gateway) and the forwarder
 * (an upstream cluster whose service identity is a certificate issued by the upstream). Both paths use
 * mutual TLS and MONGODB-X509 from the client, so the difference is the forwarder's hop: TLS in and out,
 * authorization, re-encoding and the pooled upstream connection.
 *
 * For find-by-_id and single-document insert it prints, per path: p50 and p99 latency of one operation
 * at a time, and ops/s with 16 in flight (each the median of ROUNDS alternating rounds); then the
 * forwarded path as added µs (p50) and as a ratio of the direct throughput. It also prints each certgate's
 * CPU time per operation (from /proc), which the machine's load disturbs far less than latency does. Goals (issue 18): < 50 µs added at p50, >= 0.7x throughput.
 *
 * A third path runs the same client through a bare Node.js TLS relay (`support/bare-tls-relay.ts`: TLS in,
 * bytes piped unparsed, TLS out, in a process of its own): the cost of the extra hop alone, the floor
 * under any forwarding gateway written in Node.js on this machine.
 *
 * Run: `node dist/bench/upstream-forwarding.js` (after `npx tsc -p .`). `BENCH_FORWARDING_SECONDS` sets
 * each measurement window (default 2 s). To profile the forwarding gateway alone, give it Node options, e.g.
 * `BENCH_FORWARDER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` (the profile is written when it stops).
 */
import { cpus, loadavg } from "node:os";
import { ObjectId } from "bson";
import { MongoClient } from "mongodb";
import { startCertgate, type CertgateProcess } from "../test/gateway/support/certgate-process.js";
import { eventually } from "../test/gateway/support/eventually.js";
import { opsRate } from "./support/ops-rate.js";
import { processCpuSeconds } from "./support/process-cpu.js";
import { spawnUntil, stopChild } from "./support/child-process.js";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import { createThrowawayPki } from "../test/gateway/wire/throwaway-pki.js";

const SECONDS = Number(process.env.BENCH_FORWARDING_SECONDS ?? "2");
const CONCURRENCY = 16;
const DOCUMENTS = 1_000;
/** Rounds of direct-then-forwarded per workload; each figure is the median over the rounds, so drift in the machine's load touches both paths alike. */
const ROUNDS = Number(process.env.BENCH_FORWARDING_ROUNDS ?? "3");

interface PathFigures {
  p50: number;
  p99: number;
  opsPerSecond: number;
  /** CPU µs per operation of the forwarding certgate (about 0 on the direct path) and of the upstream one. */
  forwarderCpu: number;
  upstreamCpu: number;
  relayCpu: number;
}

/** Latencies (µs) of `operation` run one at a time for `seconds`. */
async function latencies(operation: (i: number) => Promise<unknown>, seconds: number): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  for (let i = 0; Date.now() < deadline; i++) {
    const started = process.hrtime.bigint();
    await operation(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function medianFigures(rounds: PathFigures[]): PathFigures {
  const of = (field: keyof PathFigures): number => median(rounds.map((r) => r[field]));
  return { p50: of("p50"), p99: of("p99"), opsPerSecond: of("opsPerSecond"), forwarderCpu: of("forwarderCpu"), upstreamCpu: of("upstreamCpu"), relayCpu: of("relayCpu") };
}

/** Both certgates' pids, for their CPU time. */
let servers: { forwarder: number; upstream: number; relay: number } = { forwarder: 0, upstream: 0, relay: 0 };

async function measure(operation: (i: number) => Promise<unknown>): Promise<PathFigures> {
  await opsRate(operation, 0.5, CONCURRENCY); // warm-up: pools filled, code paths compiled
  let operations = 0;
  const counted = (i: number): Promise<unknown> => {
    operations++;
    return operation(i);
  };
  const forwarderBefore = processCpuSeconds(servers.forwarder);
  const upstreamBefore = processCpuSeconds(servers.upstream);
  const relayBefore = processCpuSeconds(servers.relay);
  const { p50, p99 } = await latencies(counted, SECONDS);
  const opsPerSecond = await opsRate(counted, SECONDS, CONCURRENCY);
  const perOperation = (seconds: number): number => (seconds * 1e6) / operations;
  return {
    p50,
    p99,
    opsPerSecond,
    forwarderCpu: perOperation(processCpuSeconds(servers.forwarder) - forwarderBefore),
    upstreamCpu: perOperation(processCpuSeconds(servers.upstream) - upstreamBefore),
    relayCpu: perOperation(processCpuSeconds(servers.relay) - relayBefore),
  };
}

function client(port: number, caFile: string, certFile: string, extra = ""): MongoClient {
  const uri = `mongodb://localhost:${port}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&maxPoolSize=${CONCURRENCY}${extra}`;
  return new MongoClient(uri, { tlsCAFile: caFile, tlsCertificateKeyFile: certFile });
}

async function forwardingCluster(forwarder: CertgateProcess, connectionString: string): Promise<number> {
  await forwarder.call("POST", "/clusters", { name: "Forwarder0", backend: { upstream: { connectionString } } }, 201);
  const { value } = await eventually(async () => {
    const cluster = (await forwarder.call("GET", "/clusters/Forwarder0")) as { stateName: string; connectionStrings?: { standard: string } };
    if (cluster.stateName !== "IDLE" || cluster.connectionStrings === undefined) throw new Error(`Forwarder0 is ${cluster.stateName}`);
    return Number(new URL(cluster.connectionStrings.standard).port);
  }, 15_000);
  return value;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const upstream = await startCertgate("27520-27529");
const forwarderNodeArgs = (process.env.BENCH_FORWARDER_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
const forwarder = await startCertgate("27530-27539", {}, undefined, forwarderNodeArgs);
const clients: MongoClient[] = [];
const relayPki = createThrowawayPki();
let relayChild: ChildProcess | undefined;
try {
  const upstreamPort = await upstream.createCluster("Upstream0");
  const role = [{ roleName: "readWrite", databaseName: "bench" }];
  await upstream.createUser("service", "MANAGED", role);
  await upstream.createUser("direct", "MANAGED", role);
  const serviceCert = (await upstream.issueCert("service", "service.pem")).file;
  const directCert = (await upstream.issueCert("direct", "direct.pem")).file;
  const serviceUri =
    `mongodb://localhost:${upstreamPort}/?tls=true&authMechanism=MONGODB-X509&maxPoolSize=${CONCURRENCY}` +
    `&tlsCAFile=${encodeURIComponent(upstream.serverCaFile)}&tlsCertificateKeyFile=${encodeURIComponent(serviceCert)}`;
  const forwarderPort = await forwardingCluster(forwarder, serviceUri);
  await forwarder.createUser("app", "MANAGED", role);
  const appCert = (await forwarder.issueCert("app", "app.pem")).file;

  const relayScript = fileURLToPath(new URL("./support/bare-tls-relay.js", import.meta.url));
  const relay = await spawnUntil(process.execPath, [relayScript, relayPki.serverCert, relayPki.serverKey, String(upstreamPort), upstream.serverCaFile, directCert], (line) =>
    line.startsWith("{") ? (JSON.parse(line) as { port: number }).port : undefined,
  );
  relayChild = relay.child;
  servers = { forwarder: forwarder.pid, upstream: upstream.pid, relay: relay.child.pid ?? 0 };

  const direct = client(upstreamPort, upstream.serverCaFile, directCert);
  const forwarded = client(forwarderPort, forwarder.serverCaFile, appCert);
  // Through the relay the client authenticates as `direct`, whose certificate the relay presents upstream;
  // directConnection, as behind any proxy, since hello names the address the upstream was dialed at.
  const relayed = client(relay.value, relayPki.caFile, directCert, "&directConnection=true");
  clients.push(direct, forwarded, relayed);
  const ids = Array.from({ length: DOCUMENTS }, () => new ObjectId());
  await direct.db("bench").collection("items").insertMany(ids.map((_id, n) => ({ _id, n, text: "x".repeat(100) })));

  const workloads = {
    "find by _id": (c: MongoClient) => (i: number) => c.db("bench").collection("items").findOne({ _id: ids[i % DOCUMENTS] }),
    "insert one document": (c: MongoClient) => (i: number) => c.db("bench").collection("inserts").insertOne({ n: i, text: "x".repeat(100) }),
  };

  console.log(`upstream forwarding, Node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}, ${SECONDS} s windows, median of ${ROUNDS} rounds`);
  console.log("| operation | path | p50 µs | p99 µs | ops/s (16 in flight) | added p50 µs | ops/s ÷ direct | hop CPU µs/op | upstream CPU µs/op |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, make] of Object.entries(workloads)) {
    const straightRounds: PathFigures[] = [];
    const throughRounds: PathFigures[] = [];
    const relayRounds: PathFigures[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      straightRounds.push(await measure(make(direct)));
      throughRounds.push(await measure(make(forwarded)));
      relayRounds.push(await measure(make(relayed)));
    }
    const straight = medianFigures(straightRounds);
    const through = medianFigures(throughRounds);
    const relayedFigures = medianFigures(relayRounds);
    console.log(`| ${name} | direct | ${fmt(straight.p50)} | ${fmt(straight.p99)} | ${fmt(straight.opsPerSecond)} | | 1 | | ${fmt(straight.upstreamCpu)} |`);
    console.log(
      `| ${name} | through the forwarding gateway | ${fmt(through.p50)} | ${fmt(through.p99)} | ${fmt(through.opsPerSecond)} | ` +
        `${fmt(through.p50 - straight.p50)} | ${fmt(through.opsPerSecond / straight.opsPerSecond, 2)} | ${fmt(through.forwarderCpu)} | ${fmt(through.upstreamCpu)} |`,
    );
    console.log(
      `| ${name} | through a bare Node.js TLS relay | ${fmt(relayedFigures.p50)} | ${fmt(relayedFigures.p99)} | ${fmt(relayedFigures.opsPerSecond)} | ` +
        `${fmt(relayedFigures.p50 - straight.p50)} | ${fmt(relayedFigures.opsPerSecond / straight.opsPerSecond, 2)} | ${fmt(relayedFigures.relayCpu)} | ${fmt(relayedFigures.upstreamCpu)} |`,
    );
  }
} finally {
  for (const c of clients) await c.close();
  if (relayChild) await stopChild(relayChild);
  relayPki.cleanup();
  await forwarder.stop();
  await upstream.stop();
}
