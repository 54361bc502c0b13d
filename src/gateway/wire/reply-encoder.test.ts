import { test } from "node:test";
import assert from "node:assert/strict";
import { Double, Int32 } from "bson";
import { MessageReader } from "./message-reader.js";
import { OP_CODES, readHeader } from "./msg-header.js";
import { COMPRESSOR_IDS, decodeOpCompressed, encodeOpCompressed } from "./op-compressed.js";
import { decodeOpMsg, encodeOpMsg, hasFlag, OP_MSG_FLAGS } from "./op-msg.js";
import { encodeOpQuery } from "./op-query.js";
import { decodeOpReply } from "./op-reply.js";
import { encodeReply } from "./reply-encoder.js";
import type { WireMessage } from "./wire-message.js";

function read(frame: Buffer): WireMessage {
  const [result] = new MessageReader().push(frame);
  assert.ok(result.ok);
  return result.message;
}

const reply = { ok: new Double(1) };

test("an OP_QUERY is answered with OP_REPLY pointing at its requestID", () => {
  const request = read(encodeOpQuery({ requestId: 17, flags: 0, fullCollectionName: "admin.$cmd", numberToSkip: 0, numberToReturn: -1, query: { ismaster: new Int32(1) } }));
  const frame = encodeReply(request, 500, reply);
  const header = readHeader(frame);
  assert.equal(header.opCode, OP_CODES.OP_REPLY);
  assert.equal(header.responseTo, 17);
  assert.deepEqual(decodeOpReply(frame, header).documents, [reply]);
});

test("an OP_MSG is answered with OP_MSG, with moreToCome on request", () => {
  const request = read(encodeOpMsg({ requestId: 18, responseTo: 0, body: { hello: 1 }, flagBits: OP_MSG_FLAGS.exhaustAllowed }));
  const frame = encodeReply(request, 501, reply, { moreToCome: true });
  const header = readHeader(frame);
  assert.equal(header.opCode, OP_CODES.OP_MSG);
  assert.equal(header.responseTo, 18);
  const msg = decodeOpMsg(frame, header);
  assert.ok(hasFlag(msg.flagBits, OP_MSG_FLAGS.moreToCome));
  assert.deepEqual(msg.body, reply);
});

test("a compressed request gets a reply compressed the same way", () => {
  const request = read(encodeOpCompressed(encodeOpMsg({ requestId: 19, responseTo: 0, body: { ping: 1 } }), COMPRESSOR_IDS.zlib));
  const frame = encodeReply(request, 502, reply);
  const header = readHeader(frame);
  assert.equal(header.opCode, OP_CODES.OP_COMPRESSED);
  const inner = decodeOpCompressed(frame, header);
  assert.equal(inner.compressorId, COMPRESSOR_IDS.zlib);
  assert.deepEqual(decodeOpMsg(inner.frame, readHeader(inner.frame)).body, reply);
  assert.equal(readHeader(inner.frame).responseTo, 19);
});

test("a reply's top-level ok is written as a BSON double whatever type the handler used, in place", () => {
  const request = read(encodeOpMsg({ requestId: 19, responseTo: 0, body: { ping: 1 } }));
  for (const [ok, expected] of [[1, 1], [0, 0], [new Int32(1), 1], [true, 1], [new Double(0), 0]] as const) {
    const frame = encodeReply(request, 502, { n: 3, ok, errmsg: "x" });
    const body = decodeOpMsg(frame, readHeader(frame)).body;
    assert.ok(body.ok instanceof Double, `ok ${String(ok)} became ${String(body.ok?._bsontype)}`);
    assert.equal(body.ok.value, expected);
    assert.deepEqual(Object.keys(body), ["n", "ok", "errmsg"]);
    // Element type 0x01 (double) precedes the "ok" key in the raw bytes.
    const at = frame.indexOf(Buffer.from("ok\0"));
    assert.equal(frame[at - 1], 0x01);
  }
  const withoutOk = encodeReply(request, 503, { cursor: {} });
  assert.equal(decodeOpMsg(withoutOk, readHeader(withoutOk)).body.ok, undefined);
});
