import { test } from "node:test";
import assert from "node:assert/strict";
import { Int32 } from "bson";
import { readHeader, OP_CODES } from "./msg-header.js";
import { decodeOpQuery, encodeOpQuery, OP_QUERY_FLAGS } from "./op-query.js";
import { decodeOpReply, encodeOpReply, OP_REPLY_FLAGS } from "./op-reply.js";
import { WireError } from "./wire-error.js";

test("an OP_QUERY handshake round-trips every field", () => {
  const fields = {
    flags: OP_QUERY_FLAGS.secondaryOk,
    fullCollectionName: "admin.$cmd",
    numberToSkip: 0,
    numberToReturn: -1,
    query: { ismaster: new Int32(1), helloOk: true },
  };
  const frame = encodeOpQuery({ requestId: 11, ...fields });
  const header = readHeader(frame);
  assert.equal(header.opCode, OP_CODES.OP_QUERY);
  assert.equal(header.requestId, 11);
  assert.deepEqual(decodeOpQuery(frame, header), fields);
});

test("the optional returnFieldsSelector is decoded", () => {
  const frame = encodeOpQuery({ requestId: 1, flags: 0, fullCollectionName: "db.c", numberToSkip: 2, numberToReturn: 5, query: { a: 1 }, returnFieldsSelector: { b: 1 } });
  const query = decodeOpQuery(frame, readHeader(frame));
  assert.deepEqual(query.returnFieldsSelector, { b: new Int32(1) });
  assert.equal(query.numberToSkip, 2);
});

test("a collection name without NUL or trailing garbage is refused", () => {
  const frame = encodeOpQuery({ requestId: 3, flags: 0, fullCollectionName: "admin.$cmd", numberToSkip: 0, numberToReturn: -1, query: {} });
  const noNul = Buffer.from(frame.subarray(0, 16 + 4 + 5));
  assert.throws(() => decodeOpQuery(noNul, readHeader(frame)), (e: unknown) => e instanceof WireError && e.code === "INVALID_CSTRING" && e.requestId === 3);
  const extra = Buffer.concat([frame, Buffer.from([1, 2, 3])]);
  assert.throws(() => decodeOpQuery(extra, readHeader(frame)), (e: unknown) => e instanceof WireError && e.code === "INVALID_BSON");
});

test("OP_REPLY carries responseTo, awaitCapable and the reply document", () => {
  const frame = encodeOpReply({ requestId: 100, responseTo: 11, documents: [{ ismaster: true, ok: 1 }] });
  const header = readHeader(frame);
  assert.deepEqual(header, { messageLength: frame.length, requestId: 100, responseTo: 11, opCode: OP_CODES.OP_REPLY });
  const reply = decodeOpReply(frame, header);
  assert.equal(reply.responseFlags, OP_REPLY_FLAGS.awaitCapable);
  assert.equal(reply.cursorId, 0n);
  assert.equal(reply.startingFrom, 0);
  assert.deepEqual(reply.documents, [{ ismaster: true, ok: new Int32(1) }]);
});

test("OP_REPLY whose numberReturned disagrees with its documents is refused", () => {
  const frame = encodeOpReply({ requestId: 1, responseTo: 1, documents: [{ ok: 1 }] });
  frame.writeInt32LE(2, 16 + 16);
  assert.throws(() => decodeOpReply(frame, readHeader(frame)), (e: unknown) => e instanceof WireError && /numberReturned 2/.test(e.message));
});
