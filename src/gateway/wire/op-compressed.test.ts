import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync } from "node:zlib";
import { Int32 } from "bson";
import { compress as snappyCompress } from "snappyjs";
import { HEADER_SIZE, OP_CODES, readHeader, writeHeader } from "./msg-header.js";
import { COMPRESSOR_IDS, decodeOpCompressed, encodeOpCompressed } from "./op-compressed.js";
import { encodeOpMsg } from "./op-msg.js";
import { decodeMessage } from "./wire-message.js";
import { WireError } from "./wire-error.js";

const inner = encodeOpMsg({ requestId: 21, responseTo: 0, body: { find: "orders", filter: { status: "A".repeat(200) }, $db: "sales" } });

for (const name of ["zlib", "snappy", "noop"] as const) {
  test(`OP_COMPRESSED with ${name} unwraps to the original OP_MSG`, () => {
    const frame = encodeOpCompressed(inner, COMPRESSOR_IDS[name]);
    assert.equal(readHeader(frame).opCode, OP_CODES.OP_COMPRESSED);
    if (name !== "noop") assert.ok(frame.length < inner.length, `${name} made the message smaller`);
    const unwrapped = decodeOpCompressed(frame, readHeader(frame));
    assert.deepEqual(unwrapped.frame, inner);
    const message = decodeMessage(frame);
    assert.equal(message.kind, "OP_MSG");
    assert.equal(message.compressorId, COMPRESSOR_IDS[name]);
    assert.equal(message.header.requestId, 21);
    assert.deepEqual(message.kind === "OP_MSG" && message.msg.body.find, "orders");
  });
}

function compressedFrame(payload: Buffer, declaredSize: number, compressorId: number): Buffer {
  const frame = Buffer.alloc(HEADER_SIZE + 9 + payload.length);
  writeHeader(frame, { messageLength: frame.length, requestId: 5, responseTo: 0, opCode: OP_CODES.OP_COMPRESSED });
  frame.writeInt32LE(OP_CODES.OP_MSG, HEADER_SIZE);
  frame.writeInt32LE(declaredSize, HEADER_SIZE + 4);
  frame.writeUInt8(compressorId, HEADER_SIZE + 8);
  payload.copy(frame, HEADER_SIZE + 9);
  return frame;
}

test("zstd and unknown compressor ids are refused as unsupported", () => {
  for (const id of [COMPRESSOR_IDS.zstd, 9]) {
    const frame = compressedFrame(Buffer.alloc(10), 10, id);
    assert.throws(() => decodeMessage(frame), (e: unknown) => e instanceof WireError && e.code === "UNSUPPORTED_COMPRESSOR");
  }
});

test("snappy data that declares more than the header, or is corrupt, is refused before it is expanded", () => {
  const big = Buffer.from(snappyCompress(Buffer.alloc(10_000_000)));
  assert.throws(() => decodeMessage(compressedFrame(big, 100, COMPRESSOR_IDS.snappy)), (e: unknown) => e instanceof WireError && e.code === "DECOMPRESSION_FAILED");
  const corrupt = Buffer.from(snappyCompress(inner.subarray(HEADER_SIZE)));
  corrupt.fill(0xff, 2);
  const declared = inner.length - HEADER_SIZE;
  assert.throws(() => decodeMessage(compressedFrame(corrupt, declared, COMPRESSOR_IDS.snappy)), (e: unknown) => e instanceof WireError && (e.code === "DECOMPRESSION_FAILED" || e.code === "LENGTH_MISMATCH"));
});

test("zlib data larger than declared is refused without inflating it all", () => {
  const bomb = deflateSync(Buffer.alloc(10_000_000));
  const frame = compressedFrame(bomb, 100, COMPRESSOR_IDS.zlib);
  assert.throws(() => decodeMessage(frame), (e: unknown) => e instanceof WireError && e.code === "DECOMPRESSION_FAILED");
});

test("a declared size beyond maxMessageSizeBytes or a mismatching size is refused", () => {
  assert.throws(() => decodeMessage(compressedFrame(Buffer.alloc(4), 48_000_000, 0)), (e: unknown) => e instanceof WireError && e.code === "MESSAGE_TOO_LARGE");
  const body = inner.subarray(HEADER_SIZE);
  assert.throws(() => decodeMessage(compressedFrame(body, body.length + 1, 0)), (e: unknown) => e instanceof WireError && e.code === "LENGTH_MISMATCH");
});

test("the unwrapped message keeps the outer header's ids", () => {
  const frame = encodeOpCompressed(encodeOpMsg({ requestId: 77, responseTo: 66, body: { ok: new Int32(1) } }), COMPRESSOR_IDS.zlib);
  const message = decodeMessage(frame);
  assert.equal(message.header.requestId, 77);
  assert.equal(message.header.responseTo, 66);
});
