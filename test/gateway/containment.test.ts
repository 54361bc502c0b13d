/**
 * Failure containment against a real `certgate start`: a hostile database user (readWrite on one
 * database of one project) runs a regular-expression bomb, a 3,000 x 3,000 `$lookup` and an operation
 * past its `maxTimeMS`. Each is stopped with mongod's code, and while it still runs, another project's
 * find and an Admin API GET are answered.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { setPriority } from "node:os";
import type { Document, MongoClient } from "mongodb";
import { LOWEST_PRIORITY_NICE } from "../../src/gateway/backends/embedded/worker/thread-priority.js";
import { threadStats, type ThreadStat } from "../support/thread-stats.js";
import { eventually } from "./support/eventually.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { refusal, X509DriverClients } from "./support/x509-driver-clients.js";

/** The server-wide limit this test runs with: long enough that the other clients are served meanwhile. */
const SERVER_MAX_TIME_MS = 8_000;

describe("failure containment: one tenant's operation cannot stall the others", () => {
  let cg: CertgateProcess;
  let hostilePort = 0;
  let calmPort = 0;
  let hostile: MongoClient;
  let second: MongoClient;
  let calm: MongoClient;
  const clients = new X509DriverClients(() => hostilePort, () => cg.serverCaFile);

  before(async () => {
    // Workers ten steps below the main thread (the default is 0), so that V8's helper threads (at the main
    // thread's nice) can be told from the workers by their nice, and a long operation's drop to 19 from both.
    cg = await startCertgate("27400-27409", { CERTGATE_GATEWAY_MAX_TIME_MS: String(SERVER_MAX_TIME_MS), CERTGATE_GATEWAY_WORKER_NICE: "10" });
    // certgate runs at nice 0 whatever this runner's nice (as root); the workers start later, at the main thread's nice + 10.
    for (const { tid } of threadStats(cg.pid)) setPriority(tid, 0);
    hostilePort = await cg.createCluster("Hostile");
    await cg.createUser("mallory", "MANAGED", [{ roleName: "readWrite", databaseName: "h" }]);
    const malloryCert = (await cg.issueCert("mallory", "mallory.pem")).file;
    const other = await cg.createProject("Calm project");
    calmPort = await other.createCluster("Calm");
    await other.createUser("alice", "MANAGED", [{ roleName: "readWrite", databaseName: "calm" }]);
    const aliceCert = (await other.issueCert("alice", "alice.pem")).file;
    hostile = clients.client(malloryCert, 10_000);
    const secondPort = await cg.createCluster("Hostile2");
    second = new X509DriverClients(() => secondPort, () => cg.serverCaFile).client(malloryCert, 10_000);
    clients.track(second);
    calm = new X509DriverClients(() => calmPort, () => cg.serverCaFile).client(aliceCert, 10_000);
    clients.track(calm);
    const h = hostile.db("h");
    const bombs = Array.from({ length: 20 }, (_, i) => ({ _id: i as never, s: `${"a".repeat(28)}!` }));
    await h.collection("bomb").insertMany(bombs);
    await second.db("h").collection("bomb").insertMany(bombs);
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ _id: i as never, k: 1, v: i }));
    await h.collection("left").insertMany(rows(3000));
    await h.collection("right").insertMany(rows(3000));
    await calm.db("calm").collection("c").insertOne({ name: "kept" });
  });
  after(async () => {
    await clients.closeAll();
    await cg?.stop();
  });

  /** Whether `attack` has been answered yet, asked at any later point. */
  function answeredYet(attack: Promise<unknown>): () => boolean {
    let settled = false;
    attack.finally(() => (settled = true)).catch(() => undefined);
    return () => settled;
  }

  /** Runs `attack`; while it is still running, another project's find and an Admin API GET must answer. */
  async function othersAnswerDuring(attack: Promise<unknown>): Promise<void> {
    const answered = answeredYet(attack);
    const found = await calm.db("calm").collection("c").findOne({ name: "kept" });
    assert.equal(found?.["name"], "kept");
    const cluster = (await cg.call("GET", "/clusters/Hostile")) as { name: string };
    assert.equal(cluster.name, "Hostile");
    assert.equal(answered(), false, "the other project and the Admin API answered while the attack was still running");
  }

  /**
   * While the join runs past the long-operation mark (CERTGATE_GATEWAY_LONG_OPERATION_MS, 20 ms by
   * default), its worker runs at nice 19, and the garbage it makes is collected on that thread rather
   * than on V8's helper threads, which run at the main thread's priority.
   */
  async function runsAtLowestPriorityAndCollectsItsOwnGarbage(attack: Promise<unknown>): Promise<void> {
    const answered = answeredYet(attack);
    const lowest = (): ThreadStat | undefined => threadStats(cg.pid).find((t) => t.nice === LOWEST_PRIORITY_NICE);
    const { value: worker } = await eventually(() => {
      const found = lowest();
      return found ? Promise.resolve(found) : Promise.reject(new Error("no thread of certgate runs at nice 19"));
    }, 5_000);
    const helpersCpuMs = (stats: ThreadStat[]): number => stats.filter((t) => t.nice === 0 && t.tid !== cg.pid).reduce((sum, t) => sum + t.cpuMs, 0);
    const helpersBefore = helpersCpuMs(threadStats(cg.pid));
    const { value: workerCpuMs } = await eventually(() => {
      const used = (threadStats(cg.pid).find((t) => t.tid === worker.tid)?.cpuMs ?? 0) - worker.cpuMs;
      return used >= 500 ? Promise.resolve(used) : Promise.reject(new Error(`the join's worker has used ${used} ms of CPU`));
    }, 7_000);
    const helpersUsed = helpersCpuMs(threadStats(cg.pid)) - helpersBefore;
    assert.equal(answered(), false, "the join was still running while it was measured");
    // V8's helpers would otherwise do about half as much again as the worker itself.
    assert.ok(helpersUsed < workerCpuMs * 0.25, `V8's helper threads used ${helpersUsed} ms while the join's worker used ${workerCpuMs} ms`);
  }

  it("stops a regular-expression bomb at the server-wide limit with MaxTimeMSExpired (50)", async () => {
    const attack = hostile.db("h").collection("bomb").find({ s: { $regex: "(a+)+$" } }).toArray();
    await othersAnswerDuring(attack);
    const error = await refusal(attack);
    assert.deepEqual([error.code, error.codeName, error.message], [50, "MaxTimeMSExpired", "operation exceeded time limit"]);
    assert.equal(await hostile.db("h").collection("bomb").countDocuments(), 20, "the cluster serves again afterwards");
  });

  it("stops a 3,000 x 3,000 $lookup explosion with MaxTimeMSExpired (50)", async () => {
    const pipeline: Document[] = [{ $lookup: { from: "right", localField: "k", foreignField: "k", as: "j" } }, { $unwind: "$j" }, { $count: "n" }];
    const attack = hostile.db("h").collection("left").aggregate(pipeline).toArray();
    await othersAnswerDuring(attack);
    await runsAtLowestPriorityAndCollectsItsOwnGarbage(attack);
    const error = await refusal(attack);
    assert.deepEqual([error.code, error.codeName], [50, "MaxTimeMSExpired"]);
  });

  it("honours a client's maxTimeMS below the server-wide limit", async () => {
    // The same bomb in a second cluster with no maxTimeMS runs until the server-wide limit; the one
    // with maxTimeMS must be stopped while that one still runs.
    let unlimitedSettled = false;
    const unlimited = second.db("h").collection("bomb").find({ s: { $regex: "(a+)+$" } }).toArray().finally(() => (unlimitedSettled = true));
    unlimited.catch(() => undefined);
    const attack = hostile.db("h").collection("bomb").find({ s: { $regex: "(a+)+$" } }, { maxTimeMS: 2_000 }).toArray();
    await othersAnswerDuring(attack);
    const error = await refusal(attack);
    assert.deepEqual([error.code, error.codeName], [50, "MaxTimeMSExpired"]);
    assert.equal(unlimitedSettled, false, "stopped by its own maxTimeMS, before the server-wide limit");
    assert.equal((await refusal(unlimited)).code, 50);
  });
});
