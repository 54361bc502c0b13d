/**
 * Gateway benchmark, in one run:
 *  1. new authenticated connections/s through a certgate gateway (a real `certgate start` child)
 *     vs Debian's HAProxy terminating the same mutual TLS in front of the embedded backend behind a
 *     plain wire server (another child), with one client loop for both;
 *  2. find-by-_id and single-document insert ops/s through the gateway vs the embedded backend
 *     called directly in this process, with two clients: the Node driver, and a minimal wire client
 *     whose own cost is small enough that the gateway process, not the client, is what saturates;
 *     for context, the same wire client through HAProxy in front of the same backend, and against a
 *     bare Node.js TLS server that answers `{ok: 1}` (the least any Node.js TLS server costs per
 *     operation); inserts also directly with as many in flight as the wire client has connections;
 *  3. per-command authorization cost in ns.
 * Every TLS server presents the same EC P-256 certificate and verifies the same client certificate.
 * The gateway sends no stateless session tickets, so HAProxy and the bare server are measured both
 * with their defaults and with tickets off.
 *
 * Run: `node dist/bench/gateway.js` (after `npx tsc -p .`). `BENCH_GATEWAY_SECONDS` sets each
 * measurement window (default 2 s; connection rates are the median of three windows).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Int32, ObjectId } from "bson";
import { MongoClient } from "mongodb";
import { openScratchBackend } from "../test/support/scratch-backend.js";
import { startCertgate } from "../test/gateway/support/certgate-process.js";
import { eventually } from "../test/gateway/support/eventually.js";
import { authorizationCost } from "./support/authz-cost.js";
import { makeBenchPki } from "./support/bench-pki.js";
import { spawnUntil, stopChild } from "./support/child-process.js";
import { AUTHENTICATING_HELLO, connectionRate, PLAIN_HELLO, type ClientTls } from "./support/connection-rate.js";
import { startHaproxy } from "./support/haproxy.js";
import { opsRate } from "./support/ops-rate.js";
import { findProcess, totalCpuSeconds } from "./support/process-cpu.js";
import { freePort } from "./support/free-port.js";
import { wireCommands, wireOpsRate } from "./support/wire-ops-rate.js";

const SECONDS = Number(process.env.BENCH_GATEWAY_SECONDS ?? "2");
const CONNECT_CONCURRENCY = 8;
const OPS_CONCURRENCY = 16;
const WIRE_CONNECTIONS = 8;
const DOCUMENTS = 10_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const dir = mkdtempSync(join(tmpdir(), "certgate-bench-gw-"));
const cleanups: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
try {
  const pki = makeBenchPki(dir);
  const clientTls: ClientTls = { ca: pki.root.pem, cert: readFileSync(pki.clientFile, "utf8"), key: readFileSync(pki.clientFile, "utf8") };
  process.env.CERTGATE_GATEWAY_TLS_CERT = pki.serverCertFile;
  process.env.CERTGATE_GATEWAY_TLS_KEY = pki.serverKeyFile;
  const cg = await startCertgate("27250-27259");
  cleanups.unshift(() => cg.stop());
  const gatewayPort = await cg.createCluster("Bench");
  await cg.call("PATCH", "/userSecurity", { customerX509: { cas: pki.root.pem } }, 202);
  await cg.createUser(pki.clientSubject, "CUSTOMER", [{ roleName: "readWrite", databaseName: "bench" }]);
  // The project's new trust reaches the gateway within a second.
  await eventually(() => connectionRate(gatewayPort, clientTls, AUTHENTICATING_HELLO, 0.05, 1), 10_000);

  const plain = await spawnUntil(process.execPath, [resolve("dist/bench/support/plain-backend-server.js")], (line) => {
    try {
      return (JSON.parse(line) as { port?: number }).port;
    } catch {
      return undefined;
    }
  });
  cleanups.unshift(() => stopChild(plain.child));
  const startBare = async (...extra: string[]) => {
    const started = await spawnUntil(process.execPath, [resolve("dist/bench/support/bare-tls-server.js"), pki.serverCertFile, pki.serverKeyFile, pki.root.certPath, ...extra], (line) => {
      try {
        return (JSON.parse(line) as { port?: number }).port;
      } catch {
        return undefined;
      }
    });
    cleanups.unshift(() => stopChild(started.child));
    return started;
  };
  const bare = await startBare();
  const bareNoTickets = await startBare("no-tickets");
  const haproxyOptions = { dir, backendPort: plain.value, serverBundle: pki.serverBundleFile, caFile: pki.root.certPath };
  const haproxy = await startHaproxy({ ...haproxyOptions, port: await freePort() });
  cleanups.unshift(() => haproxy.stop());
  const haproxy1 = await startHaproxy({ ...haproxyOptions, port: await freePort(), threads: 1 });
  cleanups.unshift(() => haproxy1.stop());
  // The gateway sends no stateless session tickets (no driver resumes); HAProxy does by default.
  const haproxyNoTickets = await startHaproxy({ ...haproxyOptions, port: await freePort(), tickets: false });
  cleanups.unshift(() => haproxyNoTickets.stop());
  const haproxy1NoTickets = await startHaproxy({ ...haproxyOptions, port: await freePort(), threads: 1, tickets: false });
  cleanups.unshift(() => haproxy1NoTickets.stop());

  // 1. Connection rates: warm each target up, then alternate windows so drift hits all alike.
  const gatewayPid = findProcess(cg.dataDir, "start");
  const pidsKnown = [haproxy, haproxy1, haproxyNoTickets, haproxy1NoTickets, plain, bare, bareNoTickets].every((p) => p.child.pid !== undefined);
  if (gatewayPid === undefined || !pidsKnown) {
    throw new Error("a server process has no pid");
  }
  // certgate start also runs the API, the alert worker and the change polls: their CPU with no
  // client at all is measured first and taken off the gateway's per-operation figures.
  const idleBefore = totalCpuSeconds([gatewayPid]);
  const idleStarted = process.hrtime.bigint();
  await new Promise((resolveIdle) => setTimeout(resolveIdle, SECONDS * 1000));
  const idleCpuPerSecond = (totalCpuSeconds([gatewayPid]) - idleBefore) / (Number(process.hrtime.bigint() - idleStarted) / 1e9);
  const gatewayBusy = (pids: readonly number[], seconds: number): number => (pids.includes(gatewayPid) ? idleCpuPerSecond * seconds : 0);
  // Server-side CPU: the gateway process; HAProxy together with the wire server that answers hello.
  const targets = [
    { name: "certgate gateway (mTLS + hello with speculative X.509 auth)", port: gatewayPort, probe: AUTHENTICATING_HELLO, pids: [gatewayPid] },
    { name: "HAProxy, default threads (mTLS + hello)", port: haproxy.port, probe: PLAIN_HELLO, pids: [haproxy.child.pid as number, plain.child.pid as number] },
    { name: "HAProxy, nbthread 1 (mTLS + hello)", port: haproxy1.port, probe: PLAIN_HELLO, pids: [haproxy1.child.pid as number, plain.child.pid as number] },
    { name: "HAProxy, default threads, no-tls-tickets", port: haproxyNoTickets.port, probe: PLAIN_HELLO, pids: [haproxyNoTickets.child.pid as number, plain.child.pid as number] },
    { name: "HAProxy, nbthread 1, no-tls-tickets", port: haproxy1NoTickets.port, probe: PLAIN_HELLO, pids: [haproxy1NoTickets.child.pid as number, plain.child.pid as number] },
    { name: "baseline: bare Node.js TLS server (mTLS + {ok: 1})", port: bare.value, probe: PLAIN_HELLO, pids: [bare.child.pid as number] },
    { name: "baseline: bare Node.js TLS server, SSL_OP_NO_TICKET", port: bareNoTickets.value, probe: PLAIN_HELLO, pids: [bareNoTickets.child.pid as number] },
  ];
  for (const target of targets) await connectionRate(target.port, clientTls, target.probe, 0.5, CONNECT_CONCURRENCY);
  const rates = targets.map(() => [] as number[]);
  const cpuPerConnection = targets.map(() => [] as number[]);
  for (let round = 0; round < 3; round++) {
    for (const [i, target] of targets.entries()) {
      const before = totalCpuSeconds(target.pids);
      const started = process.hrtime.bigint();
      const rate = await connectionRate(target.port, clientTls, target.probe, SECONDS, CONNECT_CONCURRENCY);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      rates[i].push(rate);
      cpuPerConnection[i].push(((totalCpuSeconds(target.pids) - before - gatewayBusy(target.pids, elapsed)) * 1000) / (rate * elapsed));
    }
  }
  const connections = rates.map(median);

  // 2. Operations through the gateway (Node driver) and on the embedded backend in-process.
  const client = new MongoClient(`mongodb://localhost:${gatewayPort}/?tls=true&authMechanism=MONGODB-X509&authSource=%24external&maxPoolSize=${OPS_CONCURRENCY}`, {
    tlsCAFile: pki.root.certPath,
    tlsCertificateKeyFile: pki.clientFile,
  });
  await client.connect();
  cleanups.unshift(() => client.close());
  const items = client.db("bench").collection("items");
  const scratch = openScratchBackend();
  cleanups.unshift(() => scratch.dispose());
  const context = { db: "bench", connectionId: 1, owner: "bench" };
  for (let start = 0; start < DOCUMENTS; start += 1000) {
    const batch = Array.from({ length: 1000 }, (_, k) => ({ _id: new Int32(start + k), n: new Int32(start + k), label: `item ${start + k}` }));
    await items.insertMany(batch as never[]);
    await scratch.backend.runCommand({ command: { insert: "items", documents: batch, ordered: true, $db: "bench" }, context });
    await wireCommands(haproxy.port, clientTls, [{ insert: "items", documents: batch, ordered: true, $db: "bench" }], PLAIN_HELLO);
  }
  const pick = (i: number): Int32 => new Int32((i * 7919) % DOCUMENTS);
  const runDirect = (command: Record<string, unknown>) => scratch.backend.runCommand({ command: { ...command, $db: "bench" }, context });
  const findCommand = (i: number) => ({ find: "items", filter: { _id: pick(i) }, limit: new Int32(1), singleBatch: true, $db: "bench" });
  const insertCommand = (i: number) => ({ insert: "items", documents: [{ _id: new ObjectId(), n: new Int32(i), label: `new ${i}` }], ordered: true, $db: "bench" });
  const measures = {
    findWire: (s: number) => wireOpsRate(gatewayPort, clientTls, findCommand, s, WIRE_CONNECTIONS),
    findDriver: (s: number) => opsRate((i) => items.findOne({ _id: pick(i) as never }), s, OPS_CONCURRENCY),
    findHaproxy: (s: number) => wireOpsRate(haproxy.port, clientTls, findCommand, s, WIRE_CONNECTIONS, PLAIN_HELLO),
    findBare: (s: number) => wireOpsRate(bare.value, clientTls, findCommand, s, WIRE_CONNECTIONS, PLAIN_HELLO),
    findDirect: (s: number) => opsRate((i) => runDirect(findCommand(i)), s, 1),
    insertWire: (s: number) => wireOpsRate(gatewayPort, clientTls, insertCommand, s, WIRE_CONNECTIONS),
    insertDriver: (s: number) => opsRate((i) => items.insertOne({ _id: new ObjectId() as never, n: i, label: `new ${i}` }), s, OPS_CONCURRENCY),
    insertHaproxy: (s: number) => wireOpsRate(haproxy.port, clientTls, insertCommand, s, WIRE_CONNECTIONS, PLAIN_HELLO),
    insertDirect: (s: number) => opsRate((i) => runDirect(insertCommand(i)), s, 1),
    insertDirectConcurrent: (s: number) => opsRate((i) => runDirect(insertCommand(i)), s, WIRE_CONNECTIONS),
  };
  type Measure = keyof typeof measures;
  const perMeasure = (): Record<Measure, number[]> => ({ findWire: [], findDriver: [], findHaproxy: [], findBare: [], findDirect: [], insertWire: [], insertDriver: [], insertHaproxy: [], insertDirect: [], insertDirectConcurrent: [] });
  const opsWindows = perMeasure();
  // Whose CPU each row's "server CPU" is: the gateway process, HAProxy with the wire server behind
  // it, the bare TLS server, or this process for direct calls.
  const serverPids = (name: Measure): readonly number[] | undefined =>
    name.endsWith("Haproxy") ? [haproxy.child.pid as number, plain.child.pid as number] : name.endsWith("Bare") ? [bare.child.pid as number] : name.includes("Direct") ? undefined : [gatewayPid];
  for (const measure of Object.values(measures)) await measure(0.3);
  // Alternating windows: other load on the machine (CPU and the disk's fsync latency) drifts, and
  // it should weigh on the gateway and the direct figures alike.
  // Server CPU per operation: the gateway process's for the gateway rows, this process's for direct calls.
  const ownCpu = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const opsCpu = perMeasure();
  for (let round = 0; round < 3; round++) {
    for (const [key, measure] of Object.entries(measures)) {
      const name = key as Measure;
      const pids = serverPids(name);
      const cpu = pids === undefined ? ownCpu : () => totalCpuSeconds(pids);
      const before = cpu();
      const started = process.hrtime.bigint();
      const rate = await measure(SECONDS);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      opsWindows[name].push(rate);
      opsCpu[name].push(((cpu() - before - (pids === undefined ? 0 : gatewayBusy(pids, elapsed))) * 1e6) / (rate * elapsed));
    }
  }

  // 3. Authorization per command.
  const authz = authorizationCost();

  const [gateway, haproxyDefault, haproxySingle, haproxyDefaultNoTickets, haproxySingleNoTickets, bareNode, bareNodeNoTickets] = connections;
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}, ${SECONDS} s windows`);
  console.log(`certgate process CPU with no clients (API, alert worker, change polls): ${fmt(idleCpuPerSecond * 1000, 1)} ms/s, taken off its per-operation CPU`);
  console.log("\nnew authenticated connections/s (median of 3 windows, 8 concurrent client loops, full TLS 1.3 handshakes, EC P-256):");
  for (const [i, target] of targets.entries()) {
    console.log(`  ${target.name.padEnd(64)} ${fmt(connections[i]).padStart(6)}/s   server CPU ${fmt(median(cpuPerConnection[i]), 2)} ms/connection   windows: ${rates[i].map((r) => fmt(r)).join(", ")}`);
  }
  const ratioText = (baseline: number): string => `${fmt(gateway / baseline, 2)}x`;
  console.log(`  gateway / HAProxy default: ${ratioText(haproxyDefault)} (target >= 1.0x)   / HAProxy nbthread 1: ${ratioText(haproxySingle)}`);
  console.log(`  gateway / HAProxy without tickets: default threads ${ratioText(haproxyDefaultNoTickets)}, nbthread 1 ${ratioText(haproxySingleNoTickets)}`);
  console.log(`  gateway / bare Node.js TLS: ${ratioText(bareNode)}, without tickets ${ratioText(bareNodeNoTickets)}`);
  console.log(`\noperations/s (median of 3 alternating windows; server CPU per operation in brackets):`);
  const rateText = (name: Measure): string => `${fmt(median(opsWindows[name])).padStart(7)}/s (${fmt(median(opsCpu[name]), 1).padStart(5)} µs)`;
  const ratio = (name: Measure, baseline: Measure): string => `${fmt(median(opsWindows[name]) / median(opsWindows[baseline]), 2)}x`;
  const row = (label: string, name: Measure, comparisons: ReadonlyArray<[string, Measure]>): void => {
    const against = comparisons.map(([what, baseline]) => `${what} ${ratio(name, baseline)}`).join("   ");
    console.log(`  ${label.padEnd(58)} ${rateText(name)}   ${against}   windows ${opsWindows[name].map((w) => fmt(w)).join("/")}`);
  };
  const wire = `wire client, ${WIRE_CONNECTIONS} connections`;
  row("find by _id: EmbeddedBackend.runCommand in-process", "findDirect", []);
  row(`find by _id: certgate gateway, ${wire}`, "findWire", [["/ direct", "findDirect"]]);
  row(`find by _id: certgate gateway, Node driver, ${OPS_CONCURRENCY} in flight`, "findDriver", [["/ direct", "findDirect"]]);
  row(`find by _id: HAProxy mTLS -> plain wire server -> same backend, ${wire}`, "findHaproxy", [["/ direct", "findDirect"], ["/ gateway", "findWire"]]);
  row(`floor: bare Node.js TLS server answering {ok: 1}, ${wire}`, "findBare", [["/ direct", "findDirect"], ["/ gateway", "findWire"]]);
  row("insert 1 doc: EmbeddedBackend.runCommand in-process, 1 in flight", "insertDirect", []);
  row(`insert 1 doc: same, ${WIRE_CONNECTIONS} in flight (group commit)`, "insertDirectConcurrent", []);
  row(`insert 1 doc: certgate gateway, ${wire}`, "insertWire", [["/ direct 1", "insertDirect"], ["/ direct 8", "insertDirectConcurrent"]]);
  row(`insert 1 doc: certgate gateway, Node driver, ${OPS_CONCURRENCY} in flight`, "insertDriver", [["/ direct 1", "insertDirect"], ["/ direct 8", "insertDirectConcurrent"]]);
  row(`insert 1 doc: HAProxy mTLS -> plain wire server -> same backend, ${wire}`, "insertHaproxy", [["/ direct 1", "insertDirect"], ["/ gateway", "insertWire"]]);
  // Any TLS server pays at least the bare server's CPU per operation on top of the backend's own.
  const bound = median(opsCpu.findDirect) / (median(opsCpu.findDirect) + median(opsCpu.findBare));
  console.log(`  target >= 0.85x of direct. Upper bound for a Node.js TLS server on find, from CPU per operation: direct / (direct + bare TLS floor) = ${fmt(bound, 2)}x`);
  console.log(`\nauthorization per command (readWrite@bench, median ns): find ${fmt(authz.find, 1)}, insert ${fmt(authz.insert, 1)} (target < 2,000 ns)`);
} finally {
  for (const cleanup of cleanups) await cleanup();
}
