import { test } from "node:test";
import assert from "node:assert/strict";
import { Binary, Decimal128, Double, Int32, Long, ObjectId, serialize } from "bson";
import { encodeDocument } from "./bson-codec.js";
import { crc32c } from "./crc32c.js";
import { HEADER_SIZE, OP_CODES, readHeader } from "./msg-header.js";
import { bodyWithSequences, decodeOpMsg, encodeOpMsg, hasFlag, OP_MSG_FLAGS } from "./op-msg.js";
import { WireError } from "./wire-error.js";

function decode(frame: Buffer) {
  return decodeOpMsg(frame, readHeader(frame));
}

function expectWireError(fn: () => unknown, code: string): void {
  assert.throws(fn, (error: unknown) => error instanceof WireError && error.code === code);
}

test("an OP_MSG with only a body round-trips with its header fields", () => {
  const frame = encodeOpMsg({ requestId: 7, responseTo: 3, body: { ping: new Int32(1), $db: "admin" } });
  const header = readHeader(frame);
  assert.deepEqual(header, { messageLength: frame.length, requestId: 7, responseTo: 3, opCode: OP_CODES.OP_MSG });
  const msg = decode(frame);
  assert.equal(msg.flagBits, 0);
  assert.deepEqual(msg.body, { ping: new Int32(1), $db: "admin" });
  assert.deepEqual(msg.sequences, []);
});

test("document sequences round-trip with their identifiers and are spliced into the body", () => {
  const docs = [{ _id: new Int32(1) }, { _id: new Int32(2), name: "b" }];
  const frame = encodeOpMsg({
    requestId: 1,
    responseTo: 0,
    body: { insert: "orders", $db: "sales" },
    sequences: [{ identifier: "documents", documents: docs }],
  });
  const msg = decode(frame);
  assert.equal(msg.sequences.length, 1);
  assert.equal(msg.sequences[0].identifier, "documents");
  assert.deepEqual(msg.sequences[0].documents, docs);
  assert.deepEqual(bodyWithSequences(msg), { insert: "orders", $db: "sales", documents: docs });
});

test("a sequence named like a body field is refused when splicing", () => {
  const msg = decode(encodeOpMsg({ requestId: 1, responseTo: 0, body: { insert: "c", documents: [] }, sequences: [{ identifier: "documents", documents: [{}] }] }));
  expectWireError(() => bodyWithSequences(msg), "DUPLICATE_SEQUENCE");
});

test("a sequence named __proto__ becomes an ordinary field, not the body's prototype", () => {
  const msg = decode(encodeOpMsg({ requestId: 1, responseTo: 0, body: { insert: "c", $db: "d" }, sequences: [{ identifier: "__proto__", documents: [{ a: 1 }] }] }));
  const body = bodyWithSequences(msg);
  assert.equal(Object.getPrototypeOf(body), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(body, "__proto__")?.value, [{ a: new Int32(1) }]);
  assert.deepEqual(Object.keys(body), ["insert", "$db", "__proto__"]);
});

test("BSON types survive decode and re-encode byte for byte", () => {
  const body = {
    d: new Double(1),
    i: new Int32(1),
    l: Long.fromString("9223372036854775807"),
    dec: Decimal128.fromString("0.1"),
    uuid: new Binary(Buffer.alloc(16, 0xab), 4),
    oid: new ObjectId("66f1c0ffee00000000000001"),
    negZero: new Double(-0),
    $db: "test",
  };
  const frame = encodeOpMsg({ requestId: 1, responseTo: 0, body });
  const msg = decode(frame);
  assert.ok(msg.body.d instanceof Double);
  assert.ok(msg.body.l instanceof Long);
  assert.deepEqual(encodeDocument(msg.body), Buffer.from(serialize(body)));
  assert.deepEqual(encodeOpMsg({ requestId: 1, responseTo: 0, body: msg.body }), frame);
});

test("checksumPresent appends a CRC-32C over the whole message before it", () => {
  const frame = encodeOpMsg({ requestId: 9, responseTo: 0, body: { hello: 1 }, checksum: true });
  assert.ok(hasFlag(frame.readUInt32LE(HEADER_SIZE), OP_MSG_FLAGS.checksumPresent));
  assert.equal(frame.readUInt32LE(frame.length - 4), crc32c(frame.subarray(0, frame.length - 4)));
  assert.deepEqual(decode(frame).body, { hello: new Int32(1) });
});

test("a wrong checksum is refused and names both values", () => {
  const frame = encodeOpMsg({ requestId: 9, responseTo: 0, body: { hello: 1 }, checksum: true });
  frame[frame.length - 1] ^= 0xff;
  assert.throws(() => decode(frame), (e: unknown) => e instanceof WireError && e.code === "CHECKSUM_MISMATCH" && e.requestId === 9 && /does not match/.test(e.message));
});

test("moreToCome and exhaustAllowed are kept; unknown optional bits are ignored", () => {
  const flags = OP_MSG_FLAGS.moreToCome | OP_MSG_FLAGS.exhaustAllowed | (1 << 20);
  const msg = decode(encodeOpMsg({ requestId: 1, responseTo: 0, body: { insert: "c" }, flagBits: flags }));
  assert.ok(hasFlag(msg.flagBits, OP_MSG_FLAGS.moreToCome));
  assert.ok(hasFlag(msg.flagBits, OP_MSG_FLAGS.exhaustAllowed));
  assert.ok(!hasFlag(msg.flagBits, OP_MSG_FLAGS.checksumPresent));
});

test("an unknown required flag bit (0-15) is refused", () => {
  expectWireError(() => decode(encodeOpMsg({ requestId: 1, responseTo: 0, body: {}, flagBits: 1 << 5 })), "UNKNOWN_REQUIRED_FLAG");
});

function rawMsg(sections: Buffer): Buffer {
  const frame = Buffer.alloc(HEADER_SIZE + 4 + sections.length);
  frame.writeInt32LE(frame.length, 0);
  frame.writeInt32LE(5, 4);
  frame.writeInt32LE(OP_CODES.OP_MSG, 12);
  sections.copy(frame, HEADER_SIZE + 4);
  return frame;
}

test("two body sections, no body, or an unknown section kind are refused", () => {
  const body = Buffer.concat([Buffer.from([0]), encodeDocument({ a: 1 })]);
  expectWireError(() => decode(rawMsg(Buffer.concat([body, body]))), "DUPLICATE_BODY");
  const seq = encodeOpMsg({ requestId: 1, responseTo: 0, body: {}, sequences: [{ identifier: "x", documents: [] }] });
  expectWireError(() => decode(rawMsg(seq.subarray(HEADER_SIZE + 4 + 6))), "MISSING_BODY");
  expectWireError(() => decode(rawMsg(Buffer.concat([body, Buffer.from([2, 0, 0, 0, 0])]))), "UNKNOWN_SECTION_KIND");
});

test("a document sequence whose size overruns the message is refused", () => {
  const body = Buffer.concat([Buffer.from([0]), encodeDocument({ a: 1 })]);
  const seq = Buffer.from([1, 0xff, 0, 0, 0, 0x78, 0]);
  expectWireError(() => decode(rawMsg(Buffer.concat([body, seq]))), "LENGTH_MISMATCH");
});

test("a duplicate sequence identifier is refused", () => {
  const frame = encodeOpMsg({
    requestId: 1,
    responseTo: 0,
    body: { insert: "c" },
    sequences: [{ identifier: "documents", documents: [{}] }, { identifier: "documents", documents: [{}] }],
  });
  expectWireError(() => decode(frame), "DUPLICATE_SEQUENCE");
});

test("a body whose BSON length disagrees with the bytes is refused as INVALID_BSON", () => {
  const frame = encodeOpMsg({ requestId: 4, responseTo: 0, body: { find: "c" } });
  frame.writeInt32LE(9999, HEADER_SIZE + 5);
  assert.throws(() => decode(frame), (e: unknown) => e instanceof WireError && e.code === "INVALID_BSON" && e.requestId === 4);
});
