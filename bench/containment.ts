/**
 * Containment benchmark: what a hostile tenant costs everyone else, in one run of a real
 * `certgate start` (embedded store, EC P-256 keys).
 *
 * Two projects, each with a cluster and a managed X.509 database user with `readWrite` on one
 * database. Two probes run one call after another for each phase: an Admin API GET over HTTP Digest
 * (`GET /groups/{calm}/clusters/Calm`, a challenge and the answer, as curl does) and a find by `_id` in
 * the calm project's cluster over a minimal wire client. The phases: at rest, then while the hostile
 * project's user runs each attack below, then at rest again. The p99 at rest each attack is compared with
 * is the lower of the two rest phases (the first can still carry warm-up; the lower makes the ratio larger).
 * The attacks:
 *  - a regular-expression bomb: `find({s: {$regex: "(a+)+$"}})` over 20 documents of 28 `a`s and a `!`,
 *    on `ATTACK_CONNECTIONS` connections, each sent again as soon as it is answered;
 *  - a `$lookup` explosion: 3,000 x 3,000 documents joined on one shared key, then `$unwind` and
 *    `$count`, the same way;
 *  - unread replies: `UNREAD_FINDS` pipelined finds of a 4 MB document whose replies are never read,
 *    first on one connection, then spread over `UNREAD_CONNECTIONS` connections.
 * It prints each probe's p50/p99 per phase, p99(attack) / p99(rest) (goal <= 2x), and the certgate
 * process's RSS growth under unread replies (goal < 100 MB), and the CPU its main thread used per second
 * of each phase (the thread every tenant and the Admin API share; less swayed by other processes on a
 * shared machine than latency is).
 *
 * The server-wide operation limit is set to `SERVER_MAX_TIME_MS` for the run, so an attack command
 * that sets no `maxTimeMS` is stopped after that long (the regular expression by replacing the
 * cluster's worker), and the attacker sends the next at once.
 *
 * Run: `node dist/bench/containment.js` (after `npx tsc -p .`), inside a network namespace of its own
 * when other certgate instances use the gateway ports. `BENCH_CONTAINMENT_SECONDS` sets each phase
 * (default 10 s), `BENCH_CONTAINMENT_WARMUP_SECONDS` the probes' warm-up before it (default 15 s); `BENCH_CONTAINMENT_TIMELINE=1` also prints each probe's p99 per second of each phase.
 * The certgate child inherits the environment, so `CERTGATE_GATEWAY_WORKER_NICE=10` runs it with the
 * workers ten nice steps below the main thread, for a comparison in the same window.
 * To look into one attack: `BENCH_CONTAINMENT_PHASES=lookup,unread8` runs only those attack phases
 * (`regex`, `lookup`, `unread1`, `unread8`; the two phases at rest always run), and
 * `BENCH_CONTAINMENT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` starts the certgate child with
 * those Node options.
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { Int32, type Document } from "bson";
import { digestRequest } from "../test/api/digest-client.js";
import { startCertgate } from "../test/gateway/support/certgate-process.js";
import type { ClientTls } from "./support/connection-rate.js";
import { repeatCommand, unreadReplies, type RunningAttack } from "./support/hostile-load.js";
import { latencyLoop, percentile, windowedPercentiles } from "./support/latency.js";
import { mainThreadCpuMs, residentBytes } from "./support/process-memory.js";
import { openConnections, wireCommands } from "./support/wire-ops-rate.js";
import { AUTHENTICATING_HELLO } from "./support/connection-rate.js";

const PHASE_SECONDS = Number(process.env.BENCH_CONTAINMENT_SECONDS ?? "10");
const WARMUP_SECONDS = Number(process.env.BENCH_CONTAINMENT_WARMUP_SECONDS ?? "15");
/** Set to print each probe's p99 per second of each phase, to tell a burst at an attack's start from a steady cost. */
const TIMELINE = process.env.BENCH_CONTAINMENT_TIMELINE === "1";
const SERVER_MAX_TIME_MS = 5_000;
const ATTACK_CONNECTIONS = 4;
const UNREAD_FINDS = 2_000;
const UNREAD_CONNECTIONS = 8;
const FOUR_MB = 4 * 1024 * 1024;
const CALM_DOCUMENTS = 1_000;
const MB = 1024 * 1024;
const PHASES = process.env.BENCH_CONTAINMENT_PHASES?.split(",").map((p) => p.trim());
const NODE_ARGS = process.env.BENCH_CONTAINMENT_NODE_ARGS?.split(" ").filter((a) => a !== "") ?? [];
const selected = (key: string): boolean => PHASES === undefined || PHASES.includes(key);

const fmt = (n: number, digits = 1): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

function clientTls(caFile: string, certFile: string): ClientTls {
  const pem = readFileSync(certFile, "utf8");
  return { ca: readFileSync(caFile, "utf8"), cert: pem, key: pem };
}

const cg = await startCertgate("27500-27509", { CERTGATE_GATEWAY_MAX_TIME_MS: String(SERVER_MAX_TIME_MS) }, undefined, NODE_ARGS);
const cleanups: Array<() => Promise<void> | void> = [() => cg.stop()];
try {
  const hostilePort = await cg.createCluster("Hostile");
  await cg.createUser("mallory", "MANAGED", [{ roleName: "readWrite", databaseName: "h" }]);
  const mallory = clientTls(cg.serverCaFile, (await cg.issueCert("mallory", "mallory.pem")).file);
  const calmProject = await cg.createProject("Calm project");
  const calmPort = await calmProject.createCluster("Calm");
  await calmProject.createUser("alice", "MANAGED", [{ roleName: "readWrite", databaseName: "calm" }]);
  const alice = clientTls(cg.serverCaFile, (await calmProject.issueCert("alice", "alice.pem")).file);

  const inH = (command: Document): Document => ({ ...command, $db: "h" });
  const rows = (n: number): Document[] => Array.from({ length: n }, (_, i) => ({ _id: new Int32(i), k: new Int32(1), v: new Int32(i) }));
  await wireCommands(hostilePort, mallory, [
    inH({ insert: "bomb", documents: Array.from({ length: 20 }, (_, i) => ({ _id: new Int32(i), s: `${"a".repeat(28)}!` })) }),
    inH({ insert: "left", documents: rows(3000) }),
    inH({ insert: "right", documents: rows(3000) }),
    inH({ insert: "big", documents: [{ _id: new Int32(1), payload: "x".repeat(FOUR_MB) }] }),
  ]);
  await wireCommands(calmPort, alice, [
    { insert: "c", documents: Array.from({ length: CALM_DOCUMENTS }, (_, i) => ({ _id: new Int32(i), name: `doc ${i}` })), $db: "calm" },
  ]);

  const apiUrl = `${cg.api}/groups/${calmProject.projectId}/clusters/Calm`;
  const apiGet = async (): Promise<void> => {
    const result = await digestRequest(apiUrl, cg.key);
    if (result.status !== 200) throw new Error(`GET clusters/Calm answered ${result.status}: ${result.body}`);
  };
  const [calmConnection] = await openConnections(calmPort, alice, 1, AUTHENTICATING_HELLO);
  if (calmConnection === undefined) throw new Error("no connection to the calm cluster");
  cleanups.unshift(() => calmConnection.close());
  const calmFind = async (i: number): Promise<void> => {
    const reply = await calmConnection.run({ find: "c", filter: { _id: new Int32((i * 7919) % CALM_DOCUMENTS) }, limit: new Int32(1), singleBatch: true, $db: "calm" });
    const batch = (reply["cursor"] as Document | undefined)?.["firstBatch"] as Document[] | undefined;
    if (batch?.length !== 1) throw new Error(`the calm find answered ${JSON.stringify(reply)}`);
  };
  // Warm-up: JIT, digest nonces, the worker's first queries, the heaps' growth. On a quiet machine two
  // seconds left the first phase's p99 half as high again as the same probes' later on.
  const warm = Date.now() + WARMUP_SECONDS * 1000;
  await Promise.all([latencyLoop(apiGet, () => Date.now() > warm), latencyLoop(calmFind, () => Date.now() > warm)]);

  interface PhaseResult {
    name: string;
    api: number[];
    find: number[];
    rssGrowthMb: number;
    /** CPU the certgate main thread used per second of the phase, ms. */
    mainCpuMsPerS: number;
  }
  /** Runs both probes for one phase while `attack` (started first) runs; samples RSS throughout. */
  async function phase(name: string, attack?: () => Promise<RunningAttack>): Promise<PhaseResult> {
    const rssBefore = residentBytes(cg.pid);
    const running = attack === undefined ? undefined : await attack();
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(cg.pid))), 100);
    const deadline = Date.now() + PHASE_SECONDS * 1000;
    const stop = (): boolean => Date.now() > deadline;
    const from = performance.now();
    const cpuBefore = mainThreadCpuMs(cg.pid);
    const fromEpochMs = Date.now();
    const apiStarts: number[] = [];
    const findStarts: number[] = [];
    const [api, find] = await Promise.all([latencyLoop(apiGet, stop, apiStarts), latencyLoop(calmFind, stop, findStarts)]);
    if (TIMELINE) {
      const line = (samples: number[], starts: number[]): string => windowedPercentiles(samples, starts, from, 1000, 99).map((ms) => fmt(ms, 0)).join(" ");
      console.log(`${name} (from ${fromEpochMs} ms since the epoch): p99 per second, Admin API: ${line(api, apiStarts)}; other project's find: ${line(find, findStarts)}`);
    }
    const mainCpuMsPerS = (mainThreadCpuMs(cg.pid) - cpuBefore) / ((performance.now() - from) / 1000);
    clearInterval(sampler);
    peak = Math.max(peak, residentBytes(cg.pid));
    await running?.stop();
    // The hostile cluster must answer again before the next phase begins.
    await wireCommands(hostilePort, mallory, [inH({ count: "bomb" })]);
    return { name, api, find, rssGrowthMb: (peak - rssBefore) / MB, mainCpuMsPerS };
  }

  const results: PhaseResult[] = [];
  results.push(await phase("at rest"));
  if (selected("regex")) results.push(await phase("regex bomb", () => repeatCommand(hostilePort, mallory, inH({ find: "bomb", filter: { s: { $regex: "(a+)+$" } } }), ATTACK_CONNECTIONS)));
  const explosion = [{ $lookup: { from: "right", localField: "k", foreignField: "k", as: "j" } }, { $unwind: "$j" }, { $count: "n" }];
  if (selected("lookup")) results.push(await phase("$lookup 3,000 x 3,000", () => repeatCommand(hostilePort, mallory, inH({ aggregate: "left", pipeline: explosion, cursor: {} }), ATTACK_CONNECTIONS)));
  const bigFind = inH({ find: "big", filter: { _id: new Int32(1) } });
  if (selected("unread1")) results.push(await phase(`unread replies, 1 x ${UNREAD_FINDS}`, () => unreadReplies(hostilePort, mallory, bigFind, 1, UNREAD_FINDS)));
  if (selected("unread8")) results.push(await phase(`unread replies, ${UNREAD_CONNECTIONS} x ${UNREAD_FINDS / UNREAD_CONNECTIONS}`, () => unreadReplies(hostilePort, mallory, bigFind, UNREAD_CONNECTIONS, UNREAD_FINDS / UNREAD_CONNECTIONS)));

  results.push(await phase("at rest, again"));
  const rests = [results[0], results[results.length - 1]] as PhaseResult[];
  const restP99 = (pick: (r: PhaseResult) => number[]): number => Math.min(...rests.map((r) => percentile(pick(r), 99)));
  const attacks = results.slice(1, -1);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${PHASE_SECONDS} s per phase; server-wide operation limit ${SERVER_MAX_TIME_MS} ms`);
  console.log(`attacks: ${ATTACK_CONNECTIONS} hostile connections each repeating the command; unread replies: ${UNREAD_FINDS} pipelined finds of a ${FOUR_MB / MB} MB document`);
  console.log("\np99/rest: p99 of the phase ÷ the lower p99 of the two phases at rest");
  console.log("\nphase                     | Admin API GET n  p50 ms  p99 ms  p99/rest | other project's find n  p50 ms  p99 ms  p99/rest | RSS growth MB | main thread CPU ms/s");
  for (const result of results) {
    const apiP99 = percentile(result.api, 99);
    const findP99 = percentile(result.find, 99);
    console.log(
      [
        result.name.padEnd(25),
        `${String(result.api.length).padStart(15)} ${fmt(percentile(result.api, 50)).padStart(7)} ${fmt(apiP99).padStart(7)} ${`${fmt(apiP99 / restP99((r) => r.api), 2)}x`.padStart(9)}`,
        `${String(result.find.length).padStart(24)} ${fmt(percentile(result.find, 50), 2).padStart(7)} ${fmt(findP99, 2).padStart(7)} ${`${fmt(findP99 / restP99((r) => r.find), 2)}x`.padStart(9)}`,
        fmt(result.rssGrowthMb).padStart(13),
        fmt(result.mainCpuMsPerS, 0).padStart(20),
      ].join(" | "),
    );
  }
  const worst = (pick: (r: PhaseResult) => number[]): number => Math.max(...attacks.map((r) => percentile(pick(r), 99) / restP99(pick)));
  const unread = results.filter((r) => r.name.startsWith("unread"));
  console.log(`\nworst p99 ratio: Admin API ${fmt(worst((r) => r.api), 2)}x, other project's find ${fmt(worst((r) => r.find), 2)}x (goal <= 2x)`);
  console.log(`RSS growth under unread replies: ${unread.map((r) => `${r.name}: ${fmt(r.rssGrowthMb)} MB`).join(", ")} (goal < 100 MB)`);
} finally {
  for (const cleanup of cleanups) await cleanup();
}
