import { deflateSync, inflateSync } from "node:zlib";
import { compress as snappyCompress, uncompress as snappyUncompress } from "snappyjs";
import { HEADER_SIZE, MAX_MESSAGE_SIZE_BYTES, OP_CODES, writeHeader, type MsgHeader } from "./msg-header.js";
import { WireError } from "./wire-error.js";

/** Compressor ids of OP_COMPRESSED. */
export const COMPRESSOR_IDS = { noop: 0, snappy: 1, zlib: 2, zstd: 3 } as const;

/** A compressor name from {@link COMPRESSOR_IDS}. */
export type CompressorName = keyof typeof COMPRESSOR_IDS;

/**
 * Compressors the gateway negotiates in `hello`: snappy (the pure-JavaScript `snappyjs`, MongoDB's raw
 * snappy block format) and zlib (Node's own). Not zstd: Node 20 has none built in, and the npm packages
 * that compress it either download a native binary at install time or are unmaintained WebAssembly builds.
 */
export const SUPPORTED_COMPRESSORS = ["snappy", "zlib"] as const satisfies readonly CompressorName[];

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

const PREFIX_SIZE = 4 + 4 + 1;

/** The message an OP_COMPRESSED wraps, rebuilt as an ordinary frame, plus the compressor that carried it. */
export interface DecompressedMessage {
  /** The inner message with a rebuilt header (original opcode, uncompressed length, same ids). */
  frame: Buffer;
  compressorId: number;
}

/** Unwraps an OP_COMPRESSED frame. Throws {@link WireError} only. */
export function decodeOpCompressed(frame: Buffer, header: MsgHeader, maxMessageSize = MAX_MESSAGE_SIZE_BYTES): DecompressedMessage {
  const fail = (code: ConstructorParameters<typeof WireError>[0], message: string, cause?: unknown): never => {
    throw new WireError(code, `OP_COMPRESSED: ${message}`, { requestId: header.requestId, cause });
  };
  if (frame.length < HEADER_SIZE + PREFIX_SIZE) fail("MESSAGE_TOO_SHORT", `${frame.length} bytes is too short`);
  const originalOpcode = frame.readInt32LE(HEADER_SIZE);
  const uncompressedSize = frame.readInt32LE(HEADER_SIZE + 4);
  const compressorId = frame.readUInt8(HEADER_SIZE + 8);
  if (originalOpcode === OP_CODES.OP_COMPRESSED) fail("UNSUPPORTED_OPCODE", "nested OP_COMPRESSED");
  if (uncompressedSize < 0 || uncompressedSize + HEADER_SIZE > maxMessageSize) {
    fail("MESSAGE_TOO_LARGE", `uncompressed size ${uncompressedSize} is outside 0..${maxMessageSize - HEADER_SIZE}`);
  }
  const payload = frame.subarray(HEADER_SIZE + PREFIX_SIZE);
  let body: Buffer = payload;
  if (compressorId === COMPRESSOR_IDS.zlib) {
    try {
      // maxOutputLength stops a small "zip bomb" from allocating more than the header promised.
      body = inflateSync(payload, { maxOutputLength: Math.max(uncompressedSize, 1) });
    } catch (cause) {
      fail("DECOMPRESSION_FAILED", "zlib data is corrupt or larger than declared", cause);
    }
  } else if (compressorId === COMPRESSOR_IDS.snappy) {
    try {
      // The length snappy declares is checked before anything is allocated.
      body = asBuffer(snappyUncompress(payload, uncompressedSize));
    } catch (cause) {
      fail("DECOMPRESSION_FAILED", "snappy data is corrupt or larger than declared", cause);
    }
  } else if (compressorId !== COMPRESSOR_IDS.noop) {
    fail("UNSUPPORTED_COMPRESSOR", `compressor id ${compressorId} is not supported (only noop, snappy and zlib)`);
  }
  if (body.length !== uncompressedSize) {
    fail("LENGTH_MISMATCH", `decompressed ${body.length} bytes but the header declared ${uncompressedSize}`);
  }
  const inner = Buffer.alloc(HEADER_SIZE + body.length);
  writeHeader(inner, {
    messageLength: inner.length,
    requestId: header.requestId,
    responseTo: header.responseTo,
    opCode: originalOpcode,
  });
  body.copy(inner, HEADER_SIZE);
  return { frame: inner, compressorId };
}

/** Wraps a complete message frame in OP_COMPRESSED with the given compressor (noop, snappy or zlib). */
export function encodeOpCompressed(inner: Buffer, compressorId: number): Buffer {
  const body = inner.subarray(HEADER_SIZE);
  let payload: Buffer;
  if (compressorId === COMPRESSOR_IDS.zlib) payload = deflateSync(body);
  else if (compressorId === COMPRESSOR_IDS.snappy) payload = asBuffer(snappyCompress(body));
  else if (compressorId === COMPRESSOR_IDS.noop) payload = body;
  else throw new WireError("UNSUPPORTED_COMPRESSOR", `cannot compress with compressor id ${compressorId}`);
  const messageLength = HEADER_SIZE + PREFIX_SIZE + payload.length;
  const frame = Buffer.alloc(messageLength);
  writeHeader(frame, {
    messageLength,
    requestId: inner.readInt32LE(4),
    responseTo: inner.readInt32LE(8),
    opCode: OP_CODES.OP_COMPRESSED,
  });
  let offset = frame.writeInt32LE(inner.readInt32LE(12), HEADER_SIZE);
  offset = frame.writeInt32LE(body.length, offset);
  offset = frame.writeUInt8(compressorId, offset);
  payload.copy(frame, offset);
  return frame;
}
