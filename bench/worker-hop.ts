/**
 * What the hop to a worker thread costs by itself: find by `_id` on the embedded engine called directly
 * in this process, against the same engine behind a `WorkerBackend` (no TLS, no socket, no gateway), with
 * 1 and with 8 finds in flight; ops/s and CPU per find of this process (all its threads). The worker's
 * replies are taken as the gateway takes them: encoded, not decoded (`runCommandEncoded`).
 *
 * Run: `node dist/bench/worker-hop.js` (after `npx tsc -p .`).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Int32 } from "bson";
import type { Backend, RunCommandParams } from "../src/gateway/backends/backend.js";
import type { BackendReply } from "../src/gateway/backends/encoded-reply.js";
import { EmbeddedBackend } from "../src/gateway/backends/embedded/embedded-backend.js";
import { WorkerBackend } from "../src/gateway/backends/embedded/worker/worker-backend.js";
import { opsRate } from "./support/ops-rate.js";

const SECONDS = 2;
const DOCUMENTS = 10_000;
const context = { db: "bench", connectionId: 1, owner: "bench" };
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const dir = mkdtempSync(join(tmpdir(), "certgate-bench-hop-"));
const worker = await WorkerBackend.open({ path: join(dir, "worker.sqlite"), maxTimeMs: 60_000, memoryLimitMb: 1024 });
const inProcess = EmbeddedBackend.open({ path: join(dir, "in-process.sqlite") });
try {
  const backends: Array<[string, Backend]> = [["in-process", inProcess], ["worker thread", worker]];
  for (const [, backend] of backends) {
    for (let start = 0; start < DOCUMENTS; start += 1000) {
      const documents = Array.from({ length: 1000 }, (_, k) => ({ _id: new Int32(start + k), n: new Int32(k), label: `item ${start + k}` }));
      await backend.runCommand({ command: { insert: "items", documents, $db: "bench" }, context });
    }
  }
  const find = (i: number) => ({ find: "items", filter: { _id: new Int32((i * 7919) % DOCUMENTS) }, limit: new Int32(1), singleBatch: true, $db: "bench" });
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; median of 3 alternating ${SECONDS} s windows`);
  for (const inFlight of [1, 8]) {
    const results = new Map<string, { rates: number[]; cpu: number[] }>(backends.map(([name]) => [name, { rates: [], cpu: [] }]));
    const run = (backend: Backend, params: RunCommandParams): Promise<BackendReply> => (backend.runCommandEncoded ?? backend.runCommand).call(backend, params);
    for (const [, backend] of backends) await opsRate((i) => run(backend, { command: find(i), context }), 0.3, inFlight);
    for (let round = 0; round < 3; round++) {
      for (const [name, backend] of backends) {
        const before = process.cpuUsage();
        const rate = await opsRate((i) => run(backend, { command: find(i), context }), SECONDS, inFlight);
        const used = process.cpuUsage(before);
        results.get(name)?.rates.push(rate);
        results.get(name)?.cpu.push((used.user + used.system) / (rate * SECONDS));
      }
    }
    for (const [name, { rates, cpu }] of results) {
      console.log(`find by _id, ${inFlight} in flight, ${name.padEnd(13)} ${Math.round(median(rates)).toLocaleString("en-US").padStart(7)} ops/s   ${median(cpu).toFixed(1).padStart(6)} µs CPU/find   windows ${rates.map((r) => Math.round(r)).join("/")}`);
    }
  }
} finally {
  await worker.close();
  await inProcess.close();
  rmSync(dir, { recursive: true, force: true });
}
