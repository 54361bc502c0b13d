import assert from "node:assert/strict";
import { test } from "node:test";
import { Binary, Double, Int32, Long, serialize, Timestamp, type Document } from "bson";
import { decodeDocument, encodeOpMsg, OP_MSG_FLAGS } from "../../wire/index.js";
import { EncodedReply, summarizeReply } from "../encoded-reply.js";
import { UpstreamReply } from "./upstream-reply.js";

const clusterTime = (t: number, i: number): Document => ({
  clusterTime: new Timestamp({ t, i }),
  signature: { hash: new Binary(Buffer.alloc(20, 7)), keyId: Long.fromNumber(12) },
});

const REPLIES: Document[] = [
  { cursor: { firstBatch: [{ _id: 1, text: "x".repeat(100) }], id: Long.ZERO, ns: "bench.items" }, ok: new Double(1), $clusterTime: clusterTime(100, 3), operationTime: new Timestamp({ t: 100, i: 3 }) },
  { cursor: { firstBatch: [], id: Long.fromString("7305726498120384512"), ns: "db.coll" }, ok: new Double(1) },
  { cursor: { nextBatch: [{ a: 1 }], id: new Int32(0), ns: "db.coll" }, ok: new Int32(1) },
  { n: new Int32(1), ok: new Double(1) },
  { ok: new Double(0), errmsg: "not authorized", code: new Int32(13), codeName: "Unauthorized" },
  { ok: new Double(0), errmsg: "odd", code: Long.fromNumber(2) },
  { ok: new Double(0), errmsg: "no code" },
];

function upstreamFrame(body: Document, flagBits = 0, checksum = false): Buffer {
  return encodeOpMsg({ requestId: 9, responseTo: 4, body, flagBits, checksum });
}

test("a plain reply is relayed as the upstream's bytes, with the summary a decoded reply gives", () => {
  for (const body of REPLIES) {
    const frame = upstreamFrame(body);
    const sentBytes = Buffer.from(serialize(body));
    const reply = UpstreamReply.read(Buffer.from(frame));
    assert.deepEqual(reply.summary, summarizeReply(decodeDocument(sentBytes)), JSON.stringify(body));
    const relayed = reply.forClient();
    assert.ok(relayed instanceof EncodedReply);
    assert.deepEqual(relayed.body.bytes, sentBytes);
    assert.deepEqual(relayed.summary, reply.summary);
  }
});

test("the relayed frame gets the gateway's header and keeps the body bytes", () => {
  const body = REPLIES[0] as Document;
  const relayed = UpstreamReply.read(upstreamFrame(body)).forClient();
  assert.ok(relayed instanceof EncodedReply);
  const frame = relayed.body.opMsgFrame(77, 55, 0);
  assert.equal(frame.readInt32LE(0), frame.length);
  assert.equal(frame.readInt32LE(4), 77);
  assert.equal(frame.readInt32LE(8), 55);
  assert.deepEqual(frame.subarray(21), Buffer.from(serialize(body)));
});

test("$clusterTime: its order follows seconds then increment, and only it is decoded", () => {
  const order = (t: number, i: number): bigint | undefined => UpstreamReply.read(upstreamFrame({ ok: 1, $clusterTime: clusterTime(t, i) })).clusterTimeOrder;
  const a = order(100, 5) ?? -1n;
  const b = order(100, 6) ?? -1n;
  const c = order(101, 0) ?? -1n;
  assert.ok(a < b && b < c);
  const reply = UpstreamReply.read(upstreamFrame(REPLIES[0] as Document));
  assert.deepEqual(reply.clusterTimeDocument(), decodeDocument(Buffer.from(serialize(clusterTime(100, 3)))));
  assert.ok(reply.forClient() instanceof EncodedReply, "reading the gossip leaves the reply relayable");
  const none = UpstreamReply.read(upstreamFrame({ ok: 1 }));
  assert.equal(none.clusterTimeOrder, undefined);
  assert.equal(none.clusterTimeDocument(), undefined);
});

test("a reply read as a document is sent as that document, edits included", () => {
  const reply = UpstreamReply.read(upstreamFrame({ cursorsKilled: [], cursorsNotFound: [], ok: new Double(1) }));
  reply.document().cursorsNotFound = [Long.fromNumber(5)];
  const sent = reply.forClient();
  assert.ok(!(sent instanceof EncodedReply));
  assert.deepEqual(sent.cursorsNotFound, [Long.fromNumber(5)]);
});

test("unusual layouts and field types are decoded in full instead of relayed", () => {
  const body = { cursor: { firstBatch: [], id: Long.fromNumber(3), ns: "a.b" }, ok: new Double(1) };
  const unusual: Array<[string, Buffer]> = [
    ["checksum", upstreamFrame(body, 0, true)],
    ["moreToCome", upstreamFrame(body, OP_MSG_FLAGS.moreToCome)],
    ["document sequence", encodeOpMsg({ requestId: 1, responseTo: 2, body, sequences: [{ identifier: "documents", documents: [{ a: 1 }] }] })],
    ["ok as a boolean", upstreamFrame({ ok: true })],
    ["cursor id as a string", upstreamFrame({ cursor: { id: "3", ns: "a.b" }, ok: 1 })],
  ];
  for (const [name, frame] of unusual) {
    const reply = UpstreamReply.read(frame);
    assert.ok(!(reply.forClient() instanceof EncodedReply), name);
    assert.deepEqual(reply.summary, summarizeReply(reply.document()), name);
  }
});

test("a malformed reply is refused in the decoder's words", () => {
  const frame = upstreamFrame({ ok: 1, text: "abc" });
  frame.writeInt32LE(1000, frame.indexOf("text") + 5);
  assert.throws(() => UpstreamReply.read(frame), /BSON|bson|string/i);
});
