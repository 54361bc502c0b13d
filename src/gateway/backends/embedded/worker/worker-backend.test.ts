import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { getPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Int32, Long, ObjectId, serialize, type Document } from "bson";
import { decodeDocument, MAX_WIRE_BSON_DEPTH } from "../../../wire/index.js";
import type { CommandContext } from "../../backend.js";
import { EncodedReply } from "../../encoded-reply.js";
import { eventually } from "../../../../../test/gateway/support/eventually.js";
import { SCHED_IDLE, threadStats } from "../../../../../test/support/thread-stats.js";
import { currentThreadId, LOWEST_PRIORITY_NICE } from "./thread-priority.js";
import { WorkerBackend } from "./worker-backend.js";

const context: CommandContext = { db: "test", connectionId: 1, owner: "owner-a" };
/** 20 short documents on which `(a+)+$` backtracks for seconds each. */
const REGEX_BOMB_DOCS = Array.from({ length: 20 }, (_, i) => ({ _id: i, s: `${"a".repeat(27)}!` }));

describe("WorkerBackend", () => {
  let dir: string;
  let hostile: WorkerBackend;
  let other: WorkerBackend;
  const run = (backend: WorkerBackend, command: Document): Promise<Document> => backend.runCommand({ command: { ...command, $db: "test" }, context });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "certgate-worker-"));
    hostile = await WorkerBackend.open({ path: join(dir, "hostile.sqlite"), maxTimeMs: 5_000, memoryLimitMb: 256 });
    other = await WorkerBackend.open({ path: join(dir, "other.sqlite"), maxTimeMs: 5_000, memoryLimitMb: 256 });
    await run(hostile, { insert: "bomb", documents: REGEX_BOMB_DOCS });
    await run(other, { insert: "c", documents: [{ _id: 1, name: "kept" }] });
  });
  after(async () => {
    await hostile.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs commands off-thread and keeps every BSON type", async () => {
    const oid = new ObjectId();
    const inserted = await run(other, { insert: "types", documents: [{ _id: oid, big: Long.fromString("9007199254740993"), small: new Int32(7) }] });
    assert.equal(Number(inserted["n"]), 1);
    const found = await run(other, { find: "types", filter: { _id: oid } });
    const doc = (found["cursor"] as Document)["firstBatch"][0] as Document;
    assert.ok(doc["_id"] instanceof ObjectId && doc["_id"].equals(oid));
    assert.ok(doc["big"] instanceof Long && doc["big"].toString() === "9007199254740993");
  });

  it("accepts a command whose spliced document sequence makes it up to two levels deeper than one message section may be", async () => {
    // The gateway checks each section of a message on its own; splicing a sequence into the body adds its array and index.
    const nested = (levels: number): Document => (levels === 0 ? { a: 1 } : { a: nested(levels - 1) });
    const command = (levels: number): Document => ({ update: "c", updates: [{ q: { deep: nested(levels) }, u: { $set: { seen: true } } }], $db: "test" });
    let levels = 150;
    const tooDeepForOneSection = (doc: Document) => {
      try {
        decodeDocument(Buffer.from(serialize(doc)));
        return false;
      } catch {
        return true;
      }
    };
    while (!tooDeepForOneSection(command(levels))) levels += 1;
    assert.doesNotThrow(() => decodeDocument(Buffer.from(serialize(command(levels + 1))), undefined, MAX_WIRE_BSON_DEPTH + 2));
    for (const depth of [levels, levels + 1]) {
      const reply = await other.runCommand({ command: command(depth), context });
      assert.equal(Number(reply["ok"]), 1, `nesting ${depth}: ${String(reply["errmsg"])}`);
      assert.equal(Number(reply["n"]), 0);
    }
  });

  it("hands replies over encoded, with the outcome and cursor the gateway reads, decoding to the same document", async () => {
    await run(other, { insert: "encoded", documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] });
    const command = { find: "encoded", filter: {}, batchSize: new Int32(2), $db: "test" };
    const sent = await other.runCommandEncoded({ command, context });
    assert.ok(sent instanceof EncodedReply);
    assert.equal(sent.summary.ok, true);
    assert.equal(sent.summary.cursor?.ns, "test.encoded");
    assert.notEqual(sent.summary.cursor?.id, "0");
    const decoded = sent.body.decode();
    assert.equal(Number(decoded["ok"]), 1);
    assert.deepEqual((decoded["cursor"] as Document)["firstBatch"], [{ _id: new Int32(1) }, { _id: new Int32(2) }]);
    assert.equal(sent.body.bytes.buffer.byteLength, sent.body.bytes.byteLength + 21, "the reply's buffer was transferred whole, room for the OP_MSG header included");
    const failed = await other.runCommandEncoded({ command: { find: "encoded", filter: { $where: "1" }, $db: "test" }, context });
    assert.ok(failed instanceof EncodedReply);
    assert.equal(failed.summary.ok, false);
    assert.equal(typeof failed.summary.code, "number");
    assert.equal(failed.summary.cursor, undefined);
  });

  it("stops a backtracking regex at maxTimeMS with MaxTimeMSExpired while another cluster answers", async () => {
    const restartsBefore = hostile.restarts;
    let settled = false;
    const attack = run(hostile, { find: "bomb", filter: { s: { $regex: "(a+)+$" } }, maxTimeMS: 300 }).finally(() => (settled = true));
    const answered = await run(other, { find: "c", filter: { name: "kept" } });
    assert.equal(((answered["cursor"] as Document)["firstBatch"] as Document[]).length, 1);
    assert.equal(settled, false, "the other cluster answered while the regex was still running");
    const reply = await attack;
    assert.equal(Number(reply["code"]), 50);
    assert.equal(reply["codeName"], "MaxTimeMSExpired");
    assert.equal(reply["errmsg"], "operation exceeded time limit");
    assert.equal(hostile.restarts, restartsBefore + 1, "the runaway worker was replaced");
    const afterwards = await run(hostile, { count: "bomb" });
    assert.equal(Number(afterwards["n"]), 20);
  });

  it("applies the server-wide limit to operations that set no maxTimeMS", async () => {
    const strict = await WorkerBackend.open({ path: join(dir, "hostile.sqlite"), maxTimeMs: 200, memoryLimitMb: 256 });
    try {
      const reply = await strict.runCommand({ command: { find: "bomb", filter: { s: { $regex: "(a+)+$" } }, $db: "test" }, context });
      assert.equal(Number(reply["code"]), 50);
      const capped = await strict.runCommand({ command: { find: "bomb", filter: { s: { $regex: "(a+)+$" } }, maxTimeMS: 3_600_000, $db: "test" }, context });
      assert.equal(Number(capped["code"]), 50, "a larger maxTimeMS does not lift the server-wide limit");
    } finally {
      await strict.close();
    }
  });

  it("answers writes that were queued behind a stopped operation exactly once", async () => {
    const attack = run(hostile, { find: "bomb", filter: { s: { $regex: "(a+)+$" } }, maxTimeMS: 200 });
    const writes = Array.from({ length: 5 }, (_, i) => run(hostile, { update: "counter", updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 }, $set: { last: i } }, upsert: true }] }));
    assert.equal(Number((await attack)["code"]), 50);
    for (const write of await Promise.all(writes)) assert.equal(Number(write["ok"]), 1);
    const counter = await run(hostile, { find: "counter", filter: {} });
    assert.equal(Number(((counter["cursor"] as Document)["firstBatch"] as Document[])[0]?.["n"]), 5);
  });

  it("hands on large replies one per turn, each to its own caller, with small ones in between", async () => {
    const payload = (i: number): string => `${String(i)}${"x".repeat(1024 * 1024)}`;
    await run(other, { insert: "large", documents: Array.from({ length: 4 }, (_, i) => ({ _id: i, payload: payload(i) })) });
    const order: string[] = [];
    const large = Array.from({ length: 4 }, (_, i) =>
      run(other, { find: "large", filter: { _id: i } }).then((reply) => {
        order.push(`large ${i}`);
        return ((reply["cursor"] as Document)["firstBatch"] as Document[])[0]?.["payload"];
      }),
    );
    const small = run(other, { find: "c", filter: { name: "kept" } }).then(() => order.push("small"));
    const payloads = await Promise.all(large);
    await small;
    assert.deepEqual(payloads, [0, 1, 2, 3].map(payload));
    assert.equal(order.length, 5);
    assert.notEqual(order.indexOf("small"), 4, "the small reply did not wait for every large one");
  });

  it("checks maxTimeMS as mongod does", async () => {
    for (const [value, message] of [
      ["soon", "maxTimeMS must be a number"],
      [-1, "-1 value for maxTimeMS is out of range"],
      [1.5, "maxTimeMS has non-integral value"],
    ] as const) {
      const reply = await run(other, { find: "c", filter: {}, maxTimeMS: value });
      assert.deepEqual([Number(reply["code"]), reply["errmsg"]], [2, message]);
    }
  });
});

describe("the worker thread's scheduling priority", () => {
  /** The nice value of each thread of this process. */
  const threadNices = (): number[] => readdirSync("/proc/self/task").map((tid) => getPriority(Number(tid)));

  it("runs niceSteps below the thread that started it, so the gateway's thread gets the CPU first", async () => {
    const own = getPriority(currentThreadId());
    const dir = mkdtempSync(join(tmpdir(), "certgate-worker-nice-"));
    const expected = Math.min(LOWEST_PRIORITY_NICE, own + 7);
    const before = threadNices().filter((nice) => nice === expected).length;
    const backend = await WorkerBackend.open({ path: join(dir, "nice.sqlite"), maxTimeMs: 5_000, memoryLimitMb: 128, niceSteps: 7 });
    try {
      await backend.whenReady();
      assert.equal(threadNices().filter((nice) => nice === expected).length, before + 1);
      assert.equal(getPriority(currentThreadId()), own, "the starting thread keeps its priority");
      const reply = await backend.runCommand({ command: { insert: "c", documents: [{ _id: 1 }], $db: "test" }, context });
      assert.equal(Number(reply["n"]), 1);
    } finally {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("drops a worker to the lowest priority while an operation runs past longOperationMs, and back after it, a regex stuck in one match included", async () => {
    const own = getPriority(currentThreadId());
    const dir = mkdtempSync(join(tmpdir(), "certgate-worker-long-"));
    const lowest = (): number => threadNices().filter((nice) => nice === LOWEST_PRIORITY_NICE).length;
    const idle = (): number => threadStats(process.pid).filter((thread) => thread.policy === SCHED_IDLE).length;
    // The worker's own nice must stay below 19 for a drop to 19 to show, whatever this runner's nice.
    const steps = Math.min(5, LOWEST_PRIORITY_NICE - 1 - own);
    assert.ok(steps >= 1, `this test needs a runner below nice ${LOWEST_PRIORITY_NICE - 1}, not ${own}`);
    const backend = await WorkerBackend.open({ path: join(dir, "long.sqlite"), maxTimeMs: 10_000, memoryLimitMb: 256, niceSteps: steps, longOperationMs: 20 });
    const runCommand = (command: Document): Promise<Document> => backend.runCommand({ command: { ...command, $db: "test" }, context });
    try {
      const rows = Array.from({ length: 2000 }, (_, i) => ({ _id: i, k: 1 }));
      await runCommand({ insert: "left", documents: rows });
      await runCommand({ insert: "right", documents: rows });
      await runCommand({ insert: "bomb", documents: REGEX_BOMB_DOCS });
      const restores = process.getuid?.() === 0;
      const before = lowest();
      assert.equal(Number((await runCommand({ find: "left", filter: { _id: 1 } }))["ok"]), 1);
      assert.equal(lowest(), before, "a short operation leaves the priority alone");
      const join = runCommand({ aggregate: "left", pipeline: [{ $lookup: { from: "right", localField: "k", foreignField: "k", as: "j" } }, { $unwind: "$j" }, { $count: "n" }], cursor: {}, maxTimeMS: 1_500 });
      await eventually(() => (lowest() === before + 1 ? Promise.resolve() : Promise.reject(new Error("no thread at nice 19 yet"))), 5_000);
      // As root (CAP_SYS_NICE) it is also put in SCHED_IDLE, which it can be taken out of again.
      if (restores) await eventually(() => (idle() === 1 ? Promise.resolve() : Promise.reject(new Error("no thread in SCHED_IDLE"))), 5_000);
      const reply = await join;
      assert.ok(Number(reply["ok"]) === 1 || Number(reply["code"]) === 50, JSON.stringify(reply));
      // As root (CAP_SYS_NICE) the worker gets its own priority back; a service without it stays at 19.
      assert.equal(lowest(), restores ? before : before + 1);
      assert.equal(threadNices().filter((nice) => nice === own + steps).length, restores ? 1 : 0);
      if (!restores) return;
      await eventually(() => (idle() === 0 ? Promise.resolve() : Promise.reject(new Error("a thread is still in SCHED_IDLE"))), 5_000);
      const bomb = runCommand({ find: "bomb", filter: { s: { $regex: "(a+)+$" } }, maxTimeMS: 1_000 });
      await eventually(() => (lowest() === before + 1 ? Promise.resolve() : Promise.reject(new Error("the regex's worker is not at nice 19"))), 5_000);
      await eventually(() => (idle() === 1 ? Promise.resolve() : Promise.reject(new Error("the regex's worker is not in SCHED_IDLE"))), 5_000);
      assert.equal(Number((await bomb)["code"]), 50);
      // The stopped worker's thread ends; the one that replaced it runs at its own nice.
      await eventually(() => (lowest() === before ? Promise.resolve() : Promise.reject(new Error("a thread is still at nice 19"))), 5_000);
      await backend.whenReady();
      assert.equal(threadNices().filter((nice) => nice === own + steps).length, 1);
      assert.equal(idle(), 0, "the new worker runs under the normal policy");
    } finally {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
