import { test } from "node:test";
import assert from "node:assert/strict";
import { Binary, Int32, Long, serialize, Timestamp, UUID } from "bson";
import { decodeMessage, encodeOpMsg } from "../../wire/index.js";
import { outgoingCommand } from "./outgoing-command.js";

function element(doc: Record<string, unknown>): Buffer {
  const bytes = Buffer.from(serialize(doc));
  return bytes.subarray(4, bytes.length - 1);
}

test("the forwarded body is the decoded one: a key sent twice is forwarded once, with the value authorization saw", () => {
  const elements = Buffer.concat([element({ find: "c" }), element({ filter: { owner: "alice" } }), element({ filter: { owner: "bob" } }), element({ $db: "d" })]);
  const length = Buffer.alloc(4);
  length.writeInt32LE(4 + elements.length + 1);
  const body = Buffer.concat([length, elements, Buffer.from([0])]);
  const header = Buffer.alloc(20);
  header.writeInt32LE(20 + 1 + body.length, 0);
  header.writeInt32LE(1, 4);
  header.writeInt32LE(2013, 12);
  const decoded = decodeMessage(Buffer.concat([header, Buffer.from([0]), body]));
  assert.ok(decoded.kind === "OP_MSG");
  const checked = decoded.msg.body;
  const out = outgoingCommand(checked, undefined, undefined);
  assert.deepEqual(out.body.filter, checked.filter);
  const sent = Buffer.from(serialize(out.body)).toString("latin1");
  assert.equal(sent.split("filter").length - 1, 1, "one filter key on the wire");
  assert.ok(sent.includes(String(checked.filter.owner)));
});

test("internal $ fields are dropped, $db and $readPreference kept, lsid and $clusterTime replaced", () => {
  const clientLsid = { id: new UUID().toBinary() };
  const upstreamLsid = { id: new UUID().toBinary() };
  const gossip = { clusterTime: new Timestamp({ t: 100, i: 2 }), signature: { hash: new Binary(Buffer.alloc(20)), keyId: Long.fromNumber(7) } };
  const out = outgoingCommand(
    {
      find: "orders",
      filter: { _id: new Int32(1) },
      lsid: clientLsid,
      txnNumber: Long.fromNumber(3),
      $clusterTime: { clusterTime: new Timestamp({ t: 999, i: 1 }) },
      $audit: { impersonatedUser: { user: "root", db: "admin" } },
      $impersonatedUser: { user: "root", db: "admin" },
      $client: { driver: { name: "x" } },
      $readPreference: { mode: "primaryPreferred" },
      $db: "shop",
    },
    upstreamLsid,
    gossip,
  );
  assert.deepEqual(Object.keys(out.body), ["find", "filter", "lsid", "txnNumber", "$readPreference", "$db", "$clusterTime"]);
  assert.equal(out.body.lsid, upstreamLsid);
  assert.equal(out.body.$clusterTime, gossip);
  assert.deepEqual(out.body.filter, { _id: new Int32(1) });
  assert.deepEqual(out.sequences, []);
});

test("without a session or gossip the client's lsid and $clusterTime are not sent", () => {
  const out = outgoingCommand({ ping: 1, lsid: { id: new UUID().toBinary() }, $clusterTime: {}, $db: "admin" }, undefined, undefined);
  assert.deepEqual(Object.keys(out.body), ["ping", "$db"]);
});

test("write batches travel as document sequences, other arrays stay in the body", () => {
  const docs = [{ _id: new Int32(1) }, { _id: new Int32(2) }];
  const insert = outgoingCommand({ insert: "c", documents: docs, ordered: true, $db: "d" }, undefined, undefined);
  assert.deepEqual(insert.sequences, [{ identifier: "documents", documents: docs }]);
  assert.deepEqual(Object.keys(insert.body), ["insert", "ordered", "$db"]);
  const update = outgoingCommand({ update: "c", updates: [{ q: {}, u: { $set: { a: 1 } } }], $db: "d" }, undefined, undefined);
  assert.equal(update.sequences[0]?.identifier, "updates");
  const del = outgoingCommand({ delete: "c", deletes: [{ q: {}, limit: 0 }], $db: "d" }, undefined, undefined);
  assert.equal(del.sequences[0]?.identifier, "deletes");
  const aggregate = outgoingCommand({ aggregate: "c", pipeline: [{ $match: {} }], cursor: {}, $db: "d" }, undefined, undefined);
  assert.deepEqual(aggregate.sequences, []);
  assert.deepEqual(aggregate.body.pipeline, [{ $match: {} }]);
  const frame = encodeOpMsg({ requestId: 5, responseTo: 0, body: insert.body, sequences: insert.sequences });
  const decoded = decodeMessage(frame);
  assert.ok(decoded.kind === "OP_MSG");
  assert.deepEqual(decoded.msg.sequences, [{ identifier: "documents", documents: docs }]);
});

test("commitTransaction and abortTransaction go with the mapped lsid and every transaction field unchanged", () => {
  const clientLsid = { id: new UUID().toBinary() };
  const upstreamLsid = { id: new UUID().toBinary() };
  const recoveryToken = { recoveryShardId: "shard-a" };
  const writeConcern = { w: "majority", wtimeout: new Int32(10_000) };
  for (const name of ["commitTransaction", "abortTransaction"]) {
    const command = {
      [name]: new Int32(1),
      writeConcern,
      recoveryToken,
      maxTimeMS: new Int32(500),
      lsid: clientLsid,
      txnNumber: Long.fromNumber(12),
      autocommit: false,
      $clusterTime: { clusterTime: new Timestamp({ t: 5, i: 1 }) },
      $db: "admin",
    };
    const out = outgoingCommand(command, upstreamLsid, undefined);
    assert.deepEqual(Object.keys(out.body), [name, "writeConcern", "recoveryToken", "maxTimeMS", "lsid", "txnNumber", "autocommit", "$db"]);
    assert.equal(out.body.lsid, upstreamLsid);
    assert.notDeepEqual(out.body.lsid, clientLsid);
    assert.equal(out.body.writeConcern, writeConcern);
    assert.equal(out.body.recoveryToken, recoveryToken);
    assert.ok(out.body.txnNumber instanceof Long && out.body.txnNumber.equals(Long.fromNumber(12)), "txnNumber stays a Long");
    assert.equal(out.body.autocommit, false);
    assert.deepEqual(out.sequences, []);
    const decoded = decodeMessage(encodeOpMsg({ requestId: 1, responseTo: 0, body: out.body, sequences: out.sequences }));
    assert.ok(decoded.kind === "OP_MSG");
    assert.ok(decoded.msg.body.txnNumber instanceof Long, "txnNumber is still an int64 on the wire");
    assert.equal(decoded.msg.body.autocommit, false);
  }
});

test("a transaction's statements keep startTransaction, autocommit and readConcern; the batch still travels as a sequence", () => {
  const upstreamLsid = { id: new UUID().toBinary() };
  const docs = [{ _id: new Int32(1) }];
  const first = outgoingCommand(
    {
      insert: "orders",
      documents: docs,
      ordered: true,
      readConcern: { level: "snapshot" },
      lsid: { id: new UUID().toBinary() },
      txnNumber: Long.fromNumber(1),
      startTransaction: true,
      autocommit: false,
      $db: "shop",
    },
    upstreamLsid,
    undefined,
  );
  assert.deepEqual(Object.keys(first.body), ["insert", "ordered", "readConcern", "lsid", "txnNumber", "startTransaction", "autocommit", "$db"]);
  assert.equal(first.body.startTransaction, true);
  assert.equal(first.body.autocommit, false);
  assert.deepEqual(first.body.readConcern, { level: "snapshot" });
  assert.equal(first.body.lsid, upstreamLsid);
  assert.deepEqual(first.sequences, [{ identifier: "documents", documents: docs }]);
  const next = outgoingCommand(
    { update: "orders", updates: [{ q: { _id: new Int32(1) }, u: { $set: { paid: true } } }], lsid: { id: new UUID().toBinary() }, txnNumber: Long.fromNumber(1), autocommit: false, $db: "shop" },
    upstreamLsid,
    undefined,
  );
  assert.deepEqual(Object.keys(next.body), ["update", "lsid", "txnNumber", "autocommit", "$db"]);
  assert.equal(next.body.startTransaction, undefined);
  assert.equal(next.sequences[0]?.identifier, "updates");
});
