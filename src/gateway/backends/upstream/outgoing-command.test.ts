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
