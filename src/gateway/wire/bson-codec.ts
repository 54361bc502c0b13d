import { deserialize, serialize, type Document } from "bson";
import { WireError } from "./wire-error.js";
import { MAX_WIRE_BSON_DEPTH, nestingOverflowMessage, nestingOverflowPath } from "./bson-depth.js";

/** Largest user document mongod stores (advertised as `maxBsonObjectSize`). */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

/**
 * Largest command body mongod accepts: a full-size document plus 16 KiB of command overhead, so an insert
 * whose documents travel inside the body (Node driver <= 7.5) can still carry a 16 MiB document.
 */
export const MAX_BSON_INTERNAL_SIZE = MAX_BSON_OBJECT_SIZE + 16 * 1024;

/** Smallest possible BSON document: an int32 length and the terminating NUL. */
export const MIN_BSON_SIZE = 5;

/**
 * Decoding keeps every BSON type as its own class (Int32, Double, Long, Decimal128, Binary, BSONRegExp),
 * so `encodeDocument(decodeDocument(x))` reproduces `x` byte for byte and a reply relayed from an upstream
 * server is never altered. Readers of numeric fields use {@link bsonNumber}.
 */
const DECODE_OPTIONS = {
  promoteValues: false,
  promoteLongs: false,
  promoteBuffers: false,
  bsonRegExp: true,
  validation: { utf8: true },
} as const;

/** A decoded document together with the number of bytes it occupied. */
export interface DecodedDocument {
  document: Document;
  size: number;
}

/**
 * Decodes the BSON document starting at `offset` of `buffer`, checking its length prefix against the
 * bytes available, against `maxSize` and against mongod's nesting limit. Throws {@link WireError} only.
 */
export function decodeDocumentAt(buffer: Buffer, offset: number, maxSize = MAX_BSON_OBJECT_SIZE, maxDepth = MAX_WIRE_BSON_DEPTH): DecodedDocument {
  const available = buffer.length - offset;
  if (available < MIN_BSON_SIZE) {
    throw new WireError("INVALID_BSON", `BSON document at offset ${offset} is truncated: ${available} bytes left`);
  }
  const size = buffer.readInt32LE(offset);
  if (size < MIN_BSON_SIZE || size > available) {
    throw new WireError("INVALID_BSON", `BSON document at offset ${offset} declares ${size} bytes but ${available} remain`);
  }
  if (size > maxSize) {
    throw new WireError("BSON_TOO_LARGE", `BSON document of ${size} bytes exceeds the ${maxSize}-byte limit`);
  }
  const overflow = nestingOverflowPath(buffer, offset, size, maxDepth);
  if (overflow !== undefined) throw new WireError("BSON_TOO_DEEP", nestingOverflowMessage(overflow));
  try {
    return { document: deserialize(buffer.subarray(offset, offset + size), DECODE_OPTIONS), size };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new WireError("INVALID_BSON", `invalid BSON document at offset ${offset}: ${reason}`, { cause });
  }
}

/** Whether a decoded value holds fields: an object that is neither null nor an array (BSON-typed values included). */
export function isDocument(value: unknown): value is Document {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Decodes a buffer that holds exactly one BSON document. */
export function decodeDocument(buffer: Buffer, maxSize = MAX_BSON_OBJECT_SIZE, maxDepth = MAX_WIRE_BSON_DEPTH): Document {
  const { document, size } = decodeDocumentAt(buffer, 0, maxSize, maxDepth);
  if (size !== buffer.length) {
    throw new WireError("INVALID_BSON", `BSON document of ${size} bytes followed by ${buffer.length - size} extra bytes`);
  }
  return document;
}

/** Encodes a document, refusing results larger than `maxSize`. */
export function encodeDocument(document: Document, maxSize = MAX_BSON_INTERNAL_SIZE): Buffer {
  let bytes: Uint8Array;
  try {
    bytes = serialize(document);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new WireError("INVALID_BSON", `document cannot be encoded as BSON: ${reason}`, { cause });
  }
  if (bytes.length > maxSize) {
    throw new WireError("BSON_TOO_LARGE", `encoded document of ${bytes.length} bytes exceeds the ${maxSize}-byte limit`);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * Reads a numeric BSON value whatever its wire type (JS number, Int32, Double, Long, Decimal128), or
 * returns undefined for anything else. Long values beyond 2^53 lose precision, as in mongod's own
 * numeric coercion of command options.
 */
export function bsonNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (value !== null && typeof value === "object" && "_bsontype" in value) {
    const wrapped = value as unknown as { _bsontype: string; valueOf(): unknown; toNumber?(): number };
    if (wrapped._bsontype === "Int32" || wrapped._bsontype === "Double") return Number(wrapped.valueOf());
    if (wrapped._bsontype === "Long" && wrapped.toNumber) return wrapped.toNumber();
    if (wrapped._bsontype === "Decimal128") return Number(String(value));
  }
  return undefined;
}
