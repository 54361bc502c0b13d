/**
 * Off-thread benchmark: what running each embedded cluster's engine on a worker thread costs in
 * throughput, in one run. Three servers, each in a child process of its own, all serving mutual TLS
 * with EC P-256 certificates over the same embedded engine:
 *  - the gateway with the engine on a worker thread per cluster (what certgate runs);
 *  - the same gateway with the engine on its own thread (as before the move; a benchmark-only backend
 *    factory, `support/in-process-embedded.ts`);
 *  - Debian's HAProxy terminating mutual TLS in front of a plain wire server over the engine (no
 *    authentication or authorization: a TCP proxy's path).
 * One minimal wire client (`WIRE_CONNECTIONS` connections, one OP_MSG in flight on each) measures find
 * by `_id`, a find returning 100 documents, and single-document inserts on each, in alternating 2 s
 * windows (median of `ROUNDS`), with the server processes' CPU per operation.
 *
 * The worker gateway runs with Node's flags as the `certgate` command has them (`--single-threaded-gc`);
 * the in-process one as certgate ran before the move, without them. `BENCH_OFFTHREAD_NODE_ARGS` replaces
 * the worker gateway's flags (`BENCH_OFFTHREAD_NODE_ARGS=` runs it without, to see their cost), and
 * `BENCH_OFFTHREAD_IN_PROCESS_NODE_ARGS` gives the in-process one some (to compare like with like).
 *
 * Run: `node dist/bench/offthread.js` (after `npx tsc -p .`). `BENCH_OFFTHREAD_SECONDS` sets the window.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Int32, ObjectId, type Document } from "bson";
import { makeBenchPki } from "./support/bench-pki.js";
import { spawnUntil, stopChild } from "./support/child-process.js";
import { PLAIN_HELLO, type ClientTls, type HelloProbe } from "./support/connection-rate.js";
import { startHaproxy } from "./support/haproxy.js";
import { totalCpuSeconds } from "./support/process-cpu.js";
import { freePort } from "./support/free-port.js";
import { wireCommands, wireOpsRate } from "./support/wire-ops-rate.js";
import { AUTHENTICATING_HELLO } from "./support/connection-rate.js";
import { OWN_THREAD_GC_FLAG } from "../src/shared/thread-local-gc.js";

const SECONDS = Number(process.env.BENCH_OFFTHREAD_SECONDS ?? "2");
const ROUNDS = 3;
const nodeArgs = (text: string): string[] => text.split(" ").filter((arg) => arg !== "");
const GATEWAY_NODE_ARGS = {
  worker: nodeArgs(process.env.BENCH_OFFTHREAD_NODE_ARGS ?? OWN_THREAD_GC_FLAG),
  "in-process": nodeArgs(process.env.BENCH_OFFTHREAD_IN_PROCESS_NODE_ARGS ?? ""),
};
const WIRE_CONNECTIONS = 8;
const DOCUMENTS = 10_000;

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const parsePort = (line: string): number | undefined => {
  try {
    return (JSON.parse(line) as { port?: number }).port;
  } catch {
    return undefined;
  }
};

/** A server under test: where to connect, with what, and whose CPU it spends. */
interface Target {
  readonly name: string;
  readonly port: number;
  readonly tls: ClientTls;
  readonly probe: HelloProbe;
  readonly pids: readonly number[];
}

const dir = mkdtempSync(join(tmpdir(), "certgate-bench-offthread-"));
const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
try {
  const startGateway = async (mode: "worker" | "in-process"): Promise<Target> => {
    const started = await spawnUntil(process.execPath, [...GATEWAY_NODE_ARGS[mode], resolve("dist/bench/support/gateway-child.js"), mode, String(await freePort())], (line) => {
      try {
        return JSON.parse(line) as { port: number; certFile: string; caFile: string };
      } catch {
        return undefined;
      }
    }, 60_000);
    cleanups.unshift(() => stopChild(started.child));
    const pem = readFileSync(started.value.certFile, "utf8");
    const name = mode === "worker" ? "gateway, engine on a worker thread (certgate)" : "gateway, engine on the gateway thread (before)";
    return { name, port: started.value.port, tls: { ca: readFileSync(started.value.caFile, "utf8"), cert: pem, key: pem }, probe: AUTHENTICATING_HELLO, pids: [started.child.pid as number] };
  };
  const worker = await startGateway("worker");
  const inProcess = await startGateway("in-process");

  const pki = makeBenchPki(dir);
  const plain = await spawnUntil(process.execPath, [resolve("dist/bench/support/plain-backend-server.js")], parsePort);
  cleanups.unshift(() => stopChild(plain.child));
  const haproxy = await startHaproxy({ dir, port: await freePort(), backendPort: plain.value, serverBundle: pki.serverBundleFile, caFile: pki.root.certPath });
  cleanups.unshift(() => haproxy.stop());
  const haproxyTarget: Target = {
    name: "HAProxy mTLS -> plain wire server -> engine",
    port: haproxy.port,
    tls: { ca: pki.root.pem, cert: readFileSync(pki.clientFile, "utf8"), key: readFileSync(pki.clientFile, "utf8") },
    probe: PLAIN_HELLO,
    pids: [haproxy.child.pid as number, plain.child.pid as number],
  };
  const targets = [worker, inProcess, haproxyTarget];

  for (const target of targets) {
    for (let start = 0; start < DOCUMENTS; start += 1000) {
      const batch = Array.from({ length: 1000 }, (_, k) => ({ _id: new Int32(start + k), n: new Int32(start + k), group: new Int32((start + k) % 100), label: `item ${start + k}` }));
      await wireCommands(target.port, target.tls, [{ insert: "items", documents: batch, ordered: true, $db: "bench" }], target.probe);
    }
    await wireCommands(target.port, target.tls, [{ createIndexes: "items", indexes: [{ key: { group: new Int32(1) }, name: "group_1" }], $db: "bench" }], target.probe);
  }

  const workloads: Record<string, (i: number) => Document> = {
    "find by _id": (i) => ({ find: "items", filter: { _id: new Int32((i * 7919) % DOCUMENTS) }, limit: new Int32(1), singleBatch: true, $db: "bench" }),
    "find 100 documents (indexed equality)": (i) => ({ find: "items", filter: { group: new Int32(i % 100) }, batchSize: new Int32(101), singleBatch: true, $db: "bench" }),
    "insert 1 document": (i) => ({ insert: "items", documents: [{ _id: new ObjectId(), n: new Int32(i), label: `new ${i}` }], ordered: true, $db: "bench" }),
  };
  const rates = new Map<string, number[]>();
  const cpu = new Map<string, number[]>();
  const key = (workload: string, target: Target): string => `${workload}\u0000${target.name}`;
  for (const command of Object.values(workloads)) {
    for (const target of targets) await wireOpsRate(target.port, target.tls, command, 0.3, WIRE_CONNECTIONS, target.probe);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [workload, command] of Object.entries(workloads)) {
      for (const target of targets) {
        const before = totalCpuSeconds(target.pids);
        const started = process.hrtime.bigint();
        const rate = await wireOpsRate(target.port, target.tls, command, SECONDS, WIRE_CONNECTIONS, target.probe);
        const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        const k = key(workload, target);
        rates.set(k, [...(rates.get(k) ?? []), rate]);
        cpu.set(k, [...(cpu.get(k) ?? []), ((totalCpuSeconds(target.pids) - before) * 1e6) / (rate * elapsed)]);
      }
    }
  }

  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; wire client, ${WIRE_CONNECTIONS} connections; median of ${ROUNDS} alternating ${SECONDS} s windows`);
  for (const workload of Object.keys(workloads)) {
    console.log(`\n${workload}:`);
    const base = median(rates.get(key(workload, inProcess)) ?? []);
    for (const target of targets) {
      const k = key(workload, target);
      const rate = median(rates.get(k) ?? []);
      console.log(`  ${target.name.padEnd(48)} ${fmt(rate).padStart(7)} ops/s   ${fmt(median(cpu.get(k) ?? []), 1).padStart(6)} µs server CPU/op   ${fmt(rate / base, 2)}x of in-process   windows ${(rates.get(k) ?? []).map((r) => fmt(r)).join("/")}`);
    }
  }
  const findRatio = median(rates.get(key("find by _id", worker)) ?? []) / median(rates.get(key("find by _id", inProcess)) ?? []);
  console.log(`\nworker / in-process, find by _id: ${fmt(findRatio, 2)}x (goal >= 0.8x)`);
  // On a loaded machine ops/s swing with every window; CPU spent per operation moves far less.
  for (const workload of Object.keys(workloads)) {
    const cpuOf = (target: Target): number => median(cpu.get(key(workload, target)) ?? []);
    console.log(`server CPU per operation, worker / in-process, ${workload}: ${fmt(cpuOf(worker) / cpuOf(inProcess), 2)}x`);
  }
} finally {
  for (const cleanup of cleanups) await cleanup();
}
