import assert from "node:assert/strict";
import { test } from "node:test";
import { Double, Int32, Long, serialize } from "bson";
import { MessageReader } from "./message-reader.js";
import { OP_CODES, readHeader } from "./msg-header.js";
import { decodeOpMsg, encodeOpMsg, hasFlag, OP_MSG_FLAGS } from "./op-msg.js";
import { encodeOpQuery } from "./op-query.js";
import { decodeOpReply } from "./op-reply.js";
import { EncodedBody, OP_MSG_BODY_OFFSET } from "./encoded-body.js";
import { MAX_BSON_INTERNAL_SIZE } from "./bson-codec.js";
import { encodeReply } from "./reply-encoder.js";
import type { WireMessage } from "./wire-message.js";

function read(frame: Buffer): WireMessage {
  const [result] = new MessageReader().push(frame);
  assert.ok(result?.ok);
  return result.message;
}

const reply = { cursor: { firstBatch: [{ _id: new Int32(1), n: Long.fromString("9007199254740993") }], id: Long.ZERO, ns: "db.c" }, ok: 1 };

test("an encoded body is framed in place: the frame is the very buffer encoded, byte for byte what encodeOpMsg writes", () => {
  const request = read(encodeOpMsg({ requestId: 40, responseTo: 0, body: { find: "c", $db: "db" } }));
  const bytes = EncodedBody.encode(reply);
  const frame = encodeReply(request, 900, EncodedBody.fromFrame(bytes));
  assert.equal(frame.buffer, bytes.buffer, "no copy of the body");
  assert.deepEqual(frame, encodeReply(request, 900, reply));
  const header = readHeader(frame);
  assert.equal(header.opCode, OP_CODES.OP_MSG);
  assert.equal(header.responseTo, 40);
  assert.ok(decodeOpMsg(frame, header).body.ok instanceof Double, "ok is written as a double, as mongod writes it");
});

test("an encoded body owns its ArrayBuffer (transferable), carries moreToCome, and is sent once", () => {
  const bytes = EncodedBody.encode({ ok: 1 });
  assert.equal(bytes.byteOffset, 0);
  assert.equal(bytes.buffer.byteLength, bytes.byteLength);
  const body = EncodedBody.fromFrame(bytes);
  assert.deepEqual(body.bytes, Buffer.from(serialize({ ok: new Double(1) })));
  const request = read(encodeOpMsg({ requestId: 41, responseTo: 0, body: { hello: 1, $db: "admin" }, flagBits: OP_MSG_FLAGS.exhaustAllowed }));
  const frame = encodeReply(request, 901, body, { moreToCome: true });
  assert.ok(hasFlag(decodeOpMsg(frame, readHeader(frame)).flagBits, OP_MSG_FLAGS.moreToCome));
  assert.throws(() => encodeReply(request, 902, body), /sent once/);
});

test("an encoded body answering a legacy OP_QUERY becomes an OP_REPLY with the same document", () => {
  const request = read(encodeOpQuery({ requestId: 42, flags: 0, fullCollectionName: "admin.$cmd", numberToSkip: 0, numberToReturn: -1, query: { isMaster: new Int32(1) } }));
  const frame = encodeReply(request, 903, EncodedBody.fromFrame(EncodedBody.encode(reply)));
  const header = readHeader(frame);
  assert.equal(header.opCode, OP_CODES.OP_REPLY);
  assert.deepEqual(decodeOpReply(frame, header).documents[0], EncodedBody.fromFrame(EncodedBody.encode(reply)).decode());
});

test("a body over mongod's reply limit is refused when encoded; bytes that don't fill their frame are refused when wrapped", () => {
  assert.throws(() => EncodedBody.encode({ big: "x".repeat(MAX_BSON_INTERNAL_SIZE) }), (err: Error & { code?: string }) => err.code === "BSON_TOO_LARGE");
  const bytes = EncodedBody.encode({ ok: 1 });
  assert.throws(() => EncodedBody.fromFrame(bytes.subarray(0, bytes.length - 1)), /does not fill/);
  assert.throws(() => EncodedBody.fromFrame(new Uint8Array(OP_MSG_BODY_OFFSET)), /does not fill/);
});
