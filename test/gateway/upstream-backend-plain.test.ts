import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Int32, Long, UUID, type Document } from "bson";
import { MongoClient } from "mongodb";
import { openScratchBackend, type ScratchBackend } from "../support/scratch-backend.js";
import { EncodedReply } from "../../src/gateway/backends/encoded-reply.js";
import { UpstreamBackend } from "../../src/gateway/backends/upstream/upstream-backend.js";
import { bsonNumber } from "../../src/gateway/wire/index.js";
import { startOpMsgTestServer, type OpMsgTestServer } from "../support/op-msg-test-server.js";
import { crudSuite } from "../support/crud-suite.js";
import { eventually } from "./support/eventually.js";

// The upstream backend over plain TCP: an embedded backend behind the plaintext test server plays
// the upstream deployment, and a second test server puts the upstream backend in front of the
// Node driver. The TLS and X.509 path through real gateways is upstream-backend-gateway.test.ts.
describe("upstream backend over plain TCP", () => {
  let scratch: ScratchBackend;
  let upstreamServer: OpMsgTestServer;
  let backend: UpstreamBackend;
  let front: OpMsgTestServer;
  let forwarded: MongoClient;
  let direct: MongoClient;

  before(async () => {
    scratch = openScratchBackend();
    // The upstream sees every forwarded command as the gateway's one identity.
    upstreamServer = await startOpMsgTestServer(scratch.backend, "gateway-service");
    backend = UpstreamBackend.open({ connectionString: `mongodb://127.0.0.1:${upstreamServer.port}/?maxPoolSize=4` });
    front = await startOpMsgTestServer(backend, "app-user");
    forwarded = new MongoClient(`mongodb://127.0.0.1:${front.port}/?directConnection=true&serverSelectionTimeoutMS=3000`);
    direct = new MongoClient(`mongodb://127.0.0.1:${upstreamServer.port}/?directConnection=true&serverSelectionTimeoutMS=3000`);
    await Promise.all([forwarded.connect(), direct.connect()]);
  });
  after(async () => {
    await forwarded.close();
    await direct.close();
    await front.close();
    await backend.close();
    await upstreamServer.close();
    await scratch.dispose();
  });

  crudSuite({ forwarded: () => forwarded.db("shop"), direct: () => direct.db("shop") });

  it("keeps a cursor to its owner, its namespace and its session", async () => {
    await forwarded.db("shop").collection("owned").insertMany(Array.from({ length: 10 }, (_, i) => ({ i })));
    const lsid = { id: new UUID().toBinary() };
    const run = (owner: string, command: Document) => backend.runCommand({ command: { ...command, $db: "shop" }, context: { db: "shop", connectionId: 7, owner } });
    const opened = await run("alice", { find: "owned", batchSize: new Int32(2), lsid });
    const id = opened.cursor.id as Long;
    assert.ok(id instanceof Long && !id.isZero());
    const foreign = await run("mallory", { getMore: id, collection: "owned", lsid });
    assert.deepEqual([num(foreign.ok), num(foreign.code), foreign.codeName], [0, 13, "Unauthorized"]);
    const kill = await run("mallory", { killCursors: "owned", cursors: [id] });
    assert.deepEqual([num(kill.ok), num(kill.code)], [0, 13]);
    const wrongNs = await run("alice", { getMore: id, collection: "other", lsid });
    assert.equal(num(wrongNs.code), 13);
    const next = await run("alice", { getMore: id, collection: "owned", batchSize: new Int32(3), lsid });
    assert.equal(num(next.ok), 1);
    assert.deepEqual(next.cursor.nextBatch.map((d: Document) => num(d.i)), [2, 3, 4]);
    const killed = await run("alice", { killCursors: "owned", cursors: [id, Long.fromNumber(424242)] });
    assert.equal(num(killed.ok), 1);
    assert.deepEqual(killed.cursorsKilled.map(String), [id.toString()]);
    assert.deepEqual(killed.cursorsNotFound.map(String), ["424242"]);
    const gone = await run("alice", { getMore: id, collection: "owned", lsid });
    assert.deepEqual([num(gone.ok), gone.codeName], [0, "CursorNotFound"]);
  });

  it("relays the upstream's reply bytes and still tracks the cursor they open", async () => {
    await forwarded.db("shop").collection("relayed").insertMany(Array.from({ length: 5 }, (_, i) => ({ i })));
    const run = (command: Document) => backend.runCommandEncoded({ command: { ...command, $db: "shop" }, context: { db: "shop", connectionId: 9, owner: "alice" } });
    const opened = await run({ find: "relayed", batchSize: new Int32(2) });
    assert.ok(opened instanceof EncodedReply, "a find reply is passed through as bytes");
    const first = opened.body.decode();
    assert.deepEqual(first.cursor.firstBatch.map((d: Document) => num(d.i)), [0, 1]);
    assert.deepEqual(opened.summary, { ok: true, cursor: { id: String(first.cursor.id), ns: "shop.relayed" } });
    const next = await run({ getMore: first.cursor.id, collection: "relayed", batchSize: new Int32(10) });
    assert.ok(next instanceof EncodedReply);
    assert.deepEqual(next.body.decode().cursor.nextBatch.map((d: Document) => num(d.i)), [2, 3, 4]);
    assert.equal(next.summary.cursor?.id, "0");
    const after = await run({ getMore: first.cursor.id, collection: "relayed" });
    assert.ok(!(after instanceof EncodedReply), "the exhausted cursor was forgotten: the gateway answers itself");
    assert.equal(after.codeName, "CursorNotFound");
  });

  it("gives two owners who send the same lsid two upstream sessions", async () => {
    const lsid = { id: new UUID().toBinary() };
    const run = (owner: string, command: Document) => backend.runCommand({ command: { ...command, $db: "shop" }, context: { db: "shop", connectionId: 8, owner } });
    const alices = (await run("alice", { find: "owned", batchSize: new Int32(1), lsid })).cursor.id as Long;
    const mallorys = (await run("mallory", { find: "owned", batchSize: new Int32(1), lsid })).cursor.id as Long;
    // Upstream, ending a session closes its cursors: alice's ends, mallory's cursor lives on.
    assert.equal(num((await run("alice", { endSessions: [lsid] })).ok), 1);
    const upstreamAlice = scratch.run({ getMore: alices, collection: "owned" }, { db: "shop", owner: "gateway-service" });
    assert.equal(upstreamAlice.codeName, "CursorNotFound");
    const stillThere = await run("mallory", { getMore: mallorys, collection: "owned", batchSize: new Int32(1), lsid });
    assert.equal(num(stillThere.ok), 1);
    assert.equal(stillThere.cursor.nextBatch.length, 1);
    const viaGateway = await run("alice", { getMore: alices, collection: "owned", lsid });
    assert.equal(viaGateway.codeName, "CursorNotFound");
  });

  it("answers HostUnreachable while the upstream is down and reconnects when it returns", async () => {
    const scratch2 = openScratchBackend();
    let server = await startOpMsgTestServer(scratch2.backend, "gateway-service");
    const port = server.port;
    const local = UpstreamBackend.open({ connectionString: `mongodb://127.0.0.1:${port}/?connectTimeoutMS=2000` });
    const ctx = { db: "t", connectionId: 1, owner: "o" };
    try {
      const ok = await local.runCommand({ command: { insert: "c", documents: [{ a: 1 }], $db: "t" }, context: ctx });
      assert.equal(num(ok.n), 1);
      await server.close();
      const lost = await local.runCommand({ command: { insert: "c", documents: [{ a: 2 }], txnNumber: Long.ONE, lsid: { id: new UUID().toBinary() }, $db: "t" }, context: ctx });
      assert.deepEqual([num(lost.ok), num(lost.code), lost.codeName], [0, 6, "HostUnreachable"]);
      assert.deepEqual(lost.errorLabels, ["RetryableWriteError"]);
      assert.match(String(lost.errmsg), new RegExp(`127\\.0\\.0\\.1:${port}`));
      const fast = await local.runCommand({ command: { find: "c", $db: "t" }, context: ctx });
      assert.equal(num(fast.code), 6);
      assert.equal(fast.errorLabels, undefined);
      server = await startOpMsgTestServer(scratch2.backend, "gateway-service", port);
      const { value: back } = await eventually(async () => {
        const reply = await local.runCommand({ command: { find: "c", filter: {}, $db: "t" }, context: ctx });
        assert.equal(num(reply.ok), 1, `the upstream is back: ${JSON.stringify(reply)}`);
        return reply;
      }, 4_000);
      assert.deepEqual(back.cursor.firstBatch.map((d: Document) => num(d.a)), [1]);
    } finally {
      await local.close();
      await server.close();
      await scratch2.dispose();
    }
  });

  it("refuses a standalone upstream with HostUnreachable naming why: clients of the gateway see a replica set and send retryable writes", async () => {
    const scratch3 = openScratchBackend();
    const standalone = await startOpMsgTestServer(scratch3.backend, "gateway-service", 0, { standalone: true });
    const local = UpstreamBackend.open({ connectionString: `mongodb://127.0.0.1:${standalone.port}/?connectTimeoutMS=2000` });
    try {
      const reply = await local.runCommand({ command: { insert: "c", documents: [{ a: 1 }], $db: "t" }, context: { db: "t", connectionId: 1, owner: "o" } });
      assert.equal(reply.codeName, "HostUnreachable");
      assert.match(String(reply.errmsg), new RegExp(`^upstream 127\\.0\\.0\\.1:${standalone.port}: the server is a standalone mongod; .*must be a replica set or a sharded cluster`));
      assert.equal(scratch3.run({ count: "c" }, { db: "t" })["n"], 0, "nothing reached the standalone");
    } finally {
      await local.close();
      await standalone.close();
      await scratch3.dispose();
    }
  });

  it("refuses commands once closed", async () => {
    const dead = UpstreamBackend.open({ connectionString: "mongodb://127.0.0.1:1/?connectTimeoutMS=1000" });
    const reply = await dead.runCommand({ command: { ping: 1, $db: "admin" }, context: { db: "admin", connectionId: 1, owner: "o" } });
    assert.equal(reply.codeName, "HostUnreachable");
    await dead.close();
    await assert.rejects(dead.runCommand({ command: { ping: 1, $db: "admin" }, context: { db: "admin", connectionId: 1, owner: "o" } }), /closed/);
  });
});

function num(value: unknown): number | undefined {
  return bsonNumber(value);
}
