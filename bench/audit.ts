/**
 * The audit log's cost, in one run: find-by-_id ops/s through the gateway of three `certgate start`
 * processes that differ only in their audit settings, measured in alternating windows so the machine's
 * other load weighs on each alike:
 *  - off (the baseline);
 *  - on, refusals only (the default when an audit log is set: no line for an authorized command);
 *  - on, every command audited (`--audit-authorization-success true`) to a file;
 *  - on, every command audited through a filter that keeps none of them (the filter's own cost).
 * Besides, the audit log's own CPU per command, measured in this process: command events fed to an
 * audit log writing to a file (every command audited, and through the filter), until the file is
 * closed; and the filter's decision alone, compiled (audit-filter.ts) and by mingo, on the same messages.
 * Each row prints ops/s and the gateway process's CPU per operation, and as ratios to "off" the median
 * of each round's ratio (a round measures every target back to back, so a ratio compares windows a
 * few seconds apart: on a shared machine the load drifts more between rounds than within one).
 * The goal (issue 15): every command audited costs under 10% of ops/s.
 *
 * Run: `node dist/bench/audit.js` (after `npx tsc -p .`). `BENCH_AUDIT_SECONDS` sets each window
 * (default 1 s); `BENCH_AUDIT_ROUNDS` the rounds (default 10).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Int32 } from "bson";
import { createAuditLog } from "../src/server/audit/audit-log.js";
import { compileFastFilter, mingoFilter } from "../src/server/audit/audit-filter.js";
import { authCheckMessage, type AuditMessage } from "../src/server/audit/audit-message.js";
import type { CommandEvent } from "../src/gateway/server/gateway-events.js";
import { startCertgate, type CertgateProcess } from "../test/gateway/support/certgate-process.js";
import type { ClientTls } from "./support/connection-rate.js";
import { findProcess, totalCpuSeconds } from "./support/process-cpu.js";
import { wireCommands, wireOpsRate } from "./support/wire-ops-rate.js";

const SECONDS = Number(process.env.BENCH_AUDIT_SECONDS ?? "1");
const ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? "10");
const CONNECTIONS = 8;
const DOCUMENTS = 2_000;

const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Target {
  label: string;
  env: Record<string, string>;
  cg?: CertgateProcess;
  port?: number;
  pid?: number;
  client?: ClientTls;
  rates: number[];
  cpuPerOp: number[];
}

const DROP_COMMANDS_FILTER = { atype: "authCheck", "param.ns": { $ne: "bench.items" } };

/** CPU µs (this process, all threads) per command event through an audit log that audits every one to `file`, through `filter` when given. */
async function auditCpuPerCommand(file: string, events: number, filter?: Record<string, unknown>): Promise<number> {
  const audit = createAuditLog({ destination: { kind: "file", path: file }, filter, authorizationSuccess: true });
  const event: CommandEvent = {
    cluster: "Bench",
    connectionId: 1,
    remote: "127.0.0.1:50000",
    local: "127.0.0.1:27100",
    user: "CN=bench",
    db: "bench",
    command: "find",
    collection: "items",
    outcome: "ok",
    code: undefined,
    seconds: 0.0001,
  };
  const before = process.cpuUsage();
  for (let i = 0; i < events; i++) {
    audit.gatewayEvents.command?.(event);
    // Let the file's writes run as they would between a gateway's commands.
    if (i % 64 === 63) await new Promise((r) => setImmediate(r));
  }
  await audit.close();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / events;
}

/** CPU µs per command event of deciding `keep` on the event's message (built as the audit log builds it). */
function filterCpuPerCommand(keep: (message: AuditMessage) => boolean, events: number): number {
  const event: CommandEvent = { cluster: "Bench", connectionId: 1, remote: "127.0.0.1:50000", local: "127.0.0.1:27100", user: "CN=bench", db: "bench", command: "find", collection: "items", outcome: "ok", code: undefined, seconds: 0.0001 };
  let kept = 0;
  const before = process.cpuUsage();
  for (let i = 0; i < events; i++) if (keep(authCheckMessage(event, new Date()))) kept++;
  const used = process.cpuUsage(before);
  if (kept !== 0) throw new Error("the filter kept a command it should drop");
  return (used.user + used.system) / events;
}

const dir = mkdtempSync(join(tmpdir(), "certgate-bench-audit-"));
const auditFile = join(dir, "audit.json");
const filteredFile = join(dir, "audit-filtered.json");
const targets: Target[] = [
  { label: "audit off (baseline)", env: {}, rates: [], cpuPerOp: [] },
  { label: "audit on, refusals only (default)", env: { CERTGATE_AUDIT_LOG: join(dir, "audit-refusals.json") }, rates: [], cpuPerOp: [] },
  { label: "audit on, every command, to a file", env: { CERTGATE_AUDIT_LOG: auditFile, CERTGATE_AUDIT_AUTHORIZATION_SUCCESS: "true" }, rates: [], cpuPerOp: [] },
  {
    label: "audit on, every command, filter drops them",
    env: { CERTGATE_AUDIT_LOG: filteredFile, CERTGATE_AUDIT_AUTHORIZATION_SUCCESS: "true", CERTGATE_AUDIT_FILTER: JSON.stringify(DROP_COMMANDS_FILTER) },
    rates: [],
    cpuPerOp: [],
  },
];
const PORTS = ["28690-28691", "28692-28693", "28694-28695", "28696-28697"];

try {
  const perCommand: number[] = [];
  const perFilteredCommand: number[] = [];
  const fastFilter: number[] = [];
  const mingo: number[] = [];
  const compiled = compileFastFilter(DROP_COMMANDS_FILTER);
  if (compiled === undefined) throw new Error("the bench's filter is not compiled");
  for (let k = 0; k < 5; k++) {
    perCommand.push(await auditCpuPerCommand(join(dir, `in-process-${k}.json`), 100_000));
    perFilteredCommand.push(await auditCpuPerCommand(join(dir, `in-process-filtered-${k}.json`), 100_000, DROP_COMMANDS_FILTER));
    fastFilter.push(filterCpuPerCommand(compiled, 100_000));
    mingo.push(filterCpuPerCommand(mingoFilter(DROP_COMMANDS_FILTER), 100_000));
  }
  for (const [i, target] of targets.entries()) {
    const cg = await startCertgate(PORTS[i] as string, target.env, mkdtempSync(join(dir, `cg${i}-`)));
    target.cg = cg;
    target.port = await cg.createCluster("Bench");
    await cg.createUser("bench", "MANAGED", [{ roleName: "readWrite", databaseName: "bench" }]);
    const pem = readFileSync((await cg.issueCert("bench", "bench.pem")).file, "utf8");
    target.client = { ca: readFileSync(cg.serverCaFile, "utf8"), cert: pem, key: pem };
    target.pid = findProcess(cg.dataDir, "start");
    if (target.pid === undefined) throw new Error("the certgate process has no pid");
    for (let start = 0; start < DOCUMENTS; start += 500) {
      const batch = Array.from({ length: 500 }, (_, k) => ({ _id: new Int32(start + k), n: new Int32(start + k), label: `item ${start + k}` }));
      await wireCommands(target.port, target.client, [{ insert: "items", documents: batch, ordered: true, $db: "bench" }]);
    }
  }
  const findCommand = (i: number) => ({ find: "items", filter: { _id: new Int32((i * 7919) % DOCUMENTS) }, limit: new Int32(1), singleBatch: true, $db: "bench" });
  const measure = (t: Target, seconds: number) => wireOpsRate(t.port as number, t.client as ClientTls, findCommand, seconds, CONNECTIONS);
  for (const t of targets) await measure(t, 0.5);
  for (let round = 0; round < ROUNDS; round++) {
    // Each round in another order, so no target always follows the same one.
    const order = targets.map((_, k) => targets[(k + round) % targets.length] as Target);
    for (const t of order) {
      const before = totalCpuSeconds([t.pid as number]);
      const started = process.hrtime.bigint();
      const rate = await measure(t, SECONDS);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      t.rates.push(rate);
      t.cpuPerOp.push(((totalCpuSeconds([t.pid as number]) - before) * 1e6) / (rate * elapsed));
    }
  }
  const [off] = targets as [Target];
  const ratios = (t: Target, of: (x: Target) => number[]): number => median(of(t).map((v, r) => v / (of(off)[r] as number)));
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  console.log(`find by _id through the gateway, wire client with ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s windows (medians; ratios: median of per-round ratios to off):`);
  for (const t of targets) {
    console.log(
      `  ${t.label.padEnd(46)} ${fmt(median(t.rates)).padStart(7)} ops/s  ${fmt(ratios(t, (x) => x.rates), 3)}x   gateway CPU ${fmt(median(t.cpuPerOp), 1).padStart(6)} µs/op  ${fmt(ratios(t, (x) => x.cpuPerOp), 3)}x`,
    );
  }
  const every = targets[2] as Target;
  const lines = readFileSync(auditFile, "utf8").split("\n").filter((l) => l.includes('"atype":"authCheck"')).length;
  console.log(`  every-command audit file: ${fmt(lines)} authCheck lines, ${fmt(statSync(auditFile).size / 1e6, 1)} MB; filtered file: ${fmt(statSync(filteredFile).size)} bytes`);
  const auditCpu = median(perCommand);
  console.log(`  the audit log's own CPU per command, in-process (median of 5 × 100,000 events): ${fmt(auditCpu, 2)} µs = ${fmt((auditCpu / median(off.cpuPerOp)) * 100, 1)}% of the gateway's CPU per find with audit off`);
  console.log(
    `  in-process, per command event, the filter that drops commands: audit log ${fmt(median(perFilteredCommand), 2)} µs; deciding the filter on the message: compiled ${fmt(median(fastFilter), 2)} µs, mingo ${fmt(median(mingo), 2)} µs (${fmt(median(mingo) / median(fastFilter), 1)}x)`,
  );
  console.log(`  every command audited: ${fmt((1 - ratios(every, (x) => x.rates)) * 100, 1)}% fewer ops/s than off (goal < 10%), ${fmt((ratios(every, (x) => x.cpuPerOp) - 1) * 100, 1)}% more gateway CPU per operation`);
} finally {
  for (const t of targets) await t.cg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
