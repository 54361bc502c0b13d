import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Int32, Long, UUID, type Document } from "bson";
import { MongoClient, type CommandStartedEvent } from "mongodb";
import { openScratchBackend, type ScratchBackend } from "../support/scratch-backend.js";
import { UpstreamBackend } from "../../src/gateway/backends/upstream/upstream-backend.js";
import { bsonNumber } from "../../src/gateway/wire/index.js";
import { startOpMsgTestServer, type OpMsgTestServer } from "../support/op-msg-test-server.js";
import { ReplicaTransactionBackend } from "../support/replica-transaction-backend.js";

// Multi-document transactions through the upstream backend, over the real wire on both sides: the
// Node driver -> a plaintext test server in front of the upstream backend -> a second test server
// whose backend records what arrives and answers transaction commands like a replica-set member
// (test/support/replica-transaction-backend.ts), with CRUD on an embedded scratch backend.
// No real mongod can be installed on this machine, so no real replica set is behind it.
describe("transactions through the upstream backend over plain TCP", () => {
  let scratch: ScratchBackend;
  let replica: ReplicaTransactionBackend;
  let upstreamServer: OpMsgTestServer;
  let backend: UpstreamBackend;
  let front: OpMsgTestServer;
  let client: MongoClient;
  const sent: Document[] = [];

  before(async () => {
    scratch = openScratchBackend();
    replica = new ReplicaTransactionBackend(scratch.backend);
    upstreamServer = await startOpMsgTestServer(replica, "gateway-service");
    backend = UpstreamBackend.open({ connectionString: `mongodb://127.0.0.1:${upstreamServer.port}/?maxPoolSize=4` });
    front = await startOpMsgTestServer(backend, "app-user");
    client = new MongoClient(`mongodb://127.0.0.1:${front.port}/?directConnection=true&serverSelectionTimeoutMS=3000`, { monitorCommands: true });
    client.on("commandStarted", (event: CommandStartedEvent) => sent.push(event.command));
    await client.connect();
  });
  after(async () => {
    await client.close();
    await front.close();
    await backend.close();
    await upstreamServer.close();
    await scratch.dispose();
  });

  it("runs session.withTransaction: one mapped upstream lsid, one txnNumber, startTransaction first only, then commitTransaction", async () => {
    const orders = client.db("shop").collection("orders");
    const from = replica.received.length;
    const sentFrom = sent.length;
    const session = client.startSession();
    try {
      await session.withTransaction(async () => {
        await orders.insertOne({ _id: 1 as never, qty: 5 }, { session });
        await orders.updateOne({ _id: 1 as never }, { $inc: { qty: 1 } }, { session });
      });
    } finally {
      await session.endSession();
    }
    const upstream = replica.received.slice(from).filter((c) => ["insert", "update", "commitTransaction"].includes(nameOf(c)));
    assert.deepEqual(upstream.map(nameOf), ["insert", "update", "commitTransaction"]);
    const clientSent = sent.slice(sentFrom).filter((c) => ["insert", "update", "commitTransaction"].includes(nameOf(c)));
    assert.equal(clientSent.length, 3);
    const clientLsid = hex(clientSent[0]?.lsid);
    const upstreamLsid = hex(upstream[0]?.lsid);
    assert.ok(upstreamLsid !== undefined && clientLsid !== undefined);
    assert.notEqual(upstreamLsid, clientLsid, "the upstream never sees the client's lsid");
    for (const command of upstream) {
      assert.equal(hex(command.lsid), upstreamLsid, `${nameOf(command)} went with the same upstream lsid`);
      assert.ok(command.txnNumber instanceof Long, "txnNumber arrives as an int64");
      assert.equal(String(command.txnNumber), String(clientSent[0]?.txnNumber), "the client's txnNumber passes through");
      assert.equal(command.autocommit, false);
    }
    assert.deepEqual(upstream.map((c) => c.startTransaction), [true, undefined, undefined]);
    assert.equal(upstream[2]?.$db, "admin");
    const stored = scratch.run({ find: "orders", filter: { _id: 1 } }, { db: "shop" });
    assert.deepEqual(stored.cursor.firstBatch.map((d: Document) => [num(d._id), num(d.qty)]), [[1, 6]]);
  });

  it("aborts with session.abortTransaction: abortTransaction reaches the upstream in the same session and the insert is gone", async () => {
    const orders = client.db("shop").collection("orders");
    const from = replica.received.length;
    const session = client.startSession();
    try {
      session.startTransaction();
      await orders.insertOne({ _id: 2 as never, qty: 1 }, { session });
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    const upstream = replica.received.slice(from).filter((c) => ["insert", "abortTransaction"].includes(nameOf(c)));
    assert.deepEqual(upstream.map(nameOf), ["insert", "abortTransaction"]);
    assert.equal(hex(upstream[1]?.lsid), hex(upstream[0]?.lsid));
    assert.equal(String(upstream[1]?.txnNumber), String(upstream[0]?.txnNumber));
    assert.deepEqual(upstream.map((c) => [c.startTransaction, c.autocommit]), [[true, false], [undefined, false]]);
    assert.equal(upstream[1]?.$db, "admin");
    assert.deepEqual(scratch.run({ find: "orders", filter: { _id: 2 } }, { db: "shop" }).cursor.firstBatch, []);
  });

  it("keeps a transaction to its owner: another owner with the same client lsid gets its own upstream lsid and cannot commit or abort it", async () => {
    const lsid = { id: new UUID().toBinary() };
    const txn = { lsid, txnNumber: Long.fromNumber(1), autocommit: false };
    const run = (owner: string, command: Document, db = "shop") => backend.runCommand({ command: { ...command, $db: db }, context: { db, connectionId: 9, owner } });
    const from = replica.received.length;
    const started = await run("alice", { insert: "ledger", documents: [{ _id: new Int32(10), amount: new Int32(5) }], ...txn, startTransaction: true });
    assert.equal(num(started.ok), 1);
    const commit = await run("mallory", { commitTransaction: new Int32(1), ...txn }, "admin");
    assert.deepEqual([num(commit.ok), commit.codeName, commit.errorLabels], [0, "NoSuchTransaction", ["TransientTransactionError"]]);
    const abort = await run("mallory", { abortTransaction: new Int32(1), ...txn }, "admin");
    assert.deepEqual([num(abort.ok), abort.codeName], [0, "NoSuchTransaction"]);
    const upstream = replica.received.slice(from);
    assert.deepEqual(upstream.map(nameOf), ["insert", "commitTransaction", "abortTransaction"]);
    const alices = hex(upstream[0]?.lsid);
    const mallorys = hex(upstream[1]?.lsid);
    assert.ok(alices !== undefined && mallorys !== undefined);
    assert.notEqual(mallorys, alices, "the same client lsid maps to another upstream session for another owner");
    assert.notEqual(alices, hex(lsid));
    assert.equal(hex(upstream[2]?.lsid), mallorys);
    // Alice's transaction is untouched by mallory's attempts and still commits.
    const continued = await run("alice", { update: "ledger", updates: [{ q: { _id: new Int32(10) }, u: { $inc: { amount: new Int32(1) } } }], ...txn });
    assert.equal(num(continued.nModified), 1);
    const committed = await run("alice", { commitTransaction: new Int32(1), ...txn }, "admin");
    assert.equal(num(committed.ok), 1);
    assert.equal(hex(replica.received.at(-1)?.lsid), alices);
    const ledger = scratch.run({ find: "ledger", filter: {} }, { db: "shop" }).cursor.firstBatch as Document[];
    assert.deepEqual(ledger.map((d) => [num(d._id), num(d.amount)]), [[10, 6]]);
  });

  it("never sends a transaction's later statement to another server: after a failover it fails with TransientTransactionError, and the driver's retry starts over there", async () => {
    const standby = new ReplicaTransactionBackend(scratch.backend);
    const first = new ReplicaTransactionBackend(scratch.backend);
    const firstServer = await startOpMsgTestServer(first, "gateway-service");
    const standbyServer = await startOpMsgTestServer(standby, "gateway-service");
    const local = UpstreamBackend.open({ connectionString: `mongodb://127.0.0.1:${firstServer.port},127.0.0.1:${standbyServer.port}/?connectTimeoutMS=2000` });
    const lsid = { id: new UUID().toBinary() };
    const run = (command: Document, db = "shop") => local.runCommand({ command: { ...command, $db: db }, context: { db, connectionId: 3, owner: "alice" } });
    try {
      const txn1 = { lsid, txnNumber: Long.fromNumber(1), autocommit: false };
      assert.equal(num((await run({ insert: "moves", documents: [{ _id: new Int32(1) }], ...txn1, startTransaction: true })).ok), 1);
      assert.deepEqual(first.named("insert").length, 1);
      await firstServer.close();
      let failed: Document | undefined;
      for (let attempt = 0; attempt < 3 && !/where this transaction started/.test(String(failed?.errmsg)); attempt++) {
        failed = await run({ update: "moves", updates: [{ q: { _id: new Int32(1) }, u: { $set: { moved: true } } }], ...txn1 });
        assert.deepEqual([num(failed.ok), num(failed.code), failed.errorLabels], [0, 6, ["TransientTransactionError"]], String(failed.errmsg));
      }
      assert.match(String(failed?.errmsg), new RegExp(`upstream 127\\.0\\.0\\.1:${firstServer.port}, where this transaction started.*now 127\\.0\\.0\\.1:${standbyServer.port}`));
      assert.equal(local.address, `127.0.0.1:${standbyServer.port}`);
      assert.deepEqual(standby.named("update"), [], "the statement was not sent to the new server");
      // commitTransaction may go to the new server (a new primary knows committed transactions); this one never started there.
      const commit = await run({ commitTransaction: new Int32(1), ...txn1 }, "admin");
      assert.deepEqual([commit.codeName, commit.errorLabels], ["NoSuchTransaction", ["TransientTransactionError"]]);
      assert.equal(standby.named("commitTransaction").length, 1);
      // What a driver does next on TransientTransactionError: the same session, the next txnNumber, from the start.
      const txn2 = { lsid, txnNumber: Long.fromNumber(2), autocommit: false };
      assert.equal(num((await run({ insert: "moves", documents: [{ _id: new Int32(2) }], ...txn2, startTransaction: true })).ok), 1);
      assert.equal(num((await run({ update: "moves", updates: [{ q: { _id: new Int32(2) }, u: { $set: { moved: true } } }], ...txn2 })).nModified), 1);
      assert.equal(num((await run({ commitTransaction: new Int32(1), ...txn2 }, "admin")).ok), 1);
      const retried = standby.named("insert", "update", "commitTransaction");
      assert.equal(new Set(retried.map((c) => hex(c.lsid))).size, 1, "one upstream session throughout");
      assert.equal(hex(retried[0]?.lsid), hex(first.named("insert")[0]?.lsid));
    } finally {
      await local.close();
      await standbyServer.close();
      await firstServer.close();
    }
  });
});

function nameOf(command: Document | undefined): string {
  return Object.keys(command ?? {})[0] ?? "";
}

/** An lsid's id as hex; the driver's events carry its own bson's Binary, so this reads the bytes, not the class. */
function hex(lsid: unknown): string | undefined {
  const bytes = ((lsid as { id?: { buffer?: unknown } } | undefined)?.id)?.buffer;
  return bytes instanceof Uint8Array ? Buffer.from(bytes).toString("hex") : undefined;
}

function num(value: unknown): number | undefined {
  return bsonNumber(value);
}
