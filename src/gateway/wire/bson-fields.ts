/**
 * Reads single fields of an encoded BSON document without decoding it: a walk over one document's
 * elements that finds a field by name and reports where its value lies. The gateway uses it to learn the
 * few facts it needs from a reply it relays as bytes (its `ok`, `code`, cursor id) while the document's
 * other contents, such as a batch of user documents, are never turned into JS values.
 *
 * Every read is bounds-checked against the document's own length; a malformed document throws
 * {@link WireError} (INVALID_BSON), so a caller can fall back to a full decode, which words the problem.
 */
import { bsonValueSize } from "./bson-value-size.js";
import { WireError } from "./wire-error.js";

/** BSON element types this module reads values of. */
export const BSON_TYPE = {
  double: 0x01,
  string: 0x02,
  document: 0x03,
  int32: 0x10,
  timestamp: 0x11,
  int64: 0x12,
} as const;

/** Where one element's value lies in the buffer. */
export interface BsonField {
  readonly type: number;
  /** Offset of the value's first byte. */
  readonly start: number;
  /** Offset just past the value. */
  readonly end: number;
}

function invalid(reason: string): never {
  throw new WireError("INVALID_BSON", `BSON document cannot be read: ${reason}`);
}

function int32At(buffer: Buffer, offset: number, limit: number): number {
  if (offset + 4 > limit) invalid(`length at offset ${offset} runs past the document`);
  return buffer.readInt32LE(offset);
}

function cstringEnd(buffer: Buffer, offset: number, limit: number): number {
  const nul = buffer.indexOf(0, offset);
  if (nul < 0 || nul >= limit) invalid(`name at offset ${offset} has no terminating NUL`);
  return nul;
}

/** Offset just past the value of type `type` that starts at `offset`. */
function valueEnd(buffer: Buffer, type: number, offset: number, limit: number): number {
  const size = bsonValueSize(buffer, type, offset, limit);
  if (size === undefined) invalid(`value of element type 0x${type.toString(16)} at offset ${offset} is unknown or malformed`);
  if (offset + size > limit) invalid(`value at offset ${offset} runs past the document`);
  return offset + size;
}

function nameIs(buffer: Buffer, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (buffer[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * The top-level fields named in `names` (ASCII names) of the document at `offset`, by name; a name
 * that occurs twice reports its last occurrence, as a decoder keeps the last value. Throws
 * {@link WireError} when the document is malformed.
 */
export function findFields(buffer: Buffer, offset: number, names: readonly string[]): Map<string, BsonField> {
  const size = int32At(buffer, offset, buffer.length);
  const limit = offset + size;
  if (size < 5 || limit > buffer.length || buffer[limit - 1] !== 0) invalid(`document at offset ${offset} declares ${size} bytes`);
  const found = new Map<string, BsonField>();
  let at = offset + 4;
  while (at < limit - 1) {
    const type = buffer[at] as number;
    const nameEnd = cstringEnd(buffer, at + 1, limit - 1);
    const start = nameEnd + 1;
    const end = valueEnd(buffer, type, start, limit - 1);
    for (const name of names) if (nameIs(buffer, at + 1, nameEnd, name)) found.set(name, { type, start, end });
    at = end;
  }
  if (at !== limit - 1) invalid(`elements of the document at offset ${offset} overrun its length`);
  return found;
}

/**
 * A numeric field's value (double, int32 or int64), or undefined for a missing field or another type.
 * An int64 beyond 2^53 loses precision, as {@link bsonNumber} does.
 */
export function numberField(buffer: Buffer, field: BsonField | undefined): number | undefined {
  if (field === undefined) return undefined;
  if (field.type === BSON_TYPE.double) return buffer.readDoubleLE(field.start);
  if (field.type === BSON_TYPE.int32) return buffer.readInt32LE(field.start);
  if (field.type === BSON_TYPE.int64) return Number(buffer.readBigInt64LE(field.start));
  return undefined;
}

/** A whole-number field (int64, int32, or a double without a fraction) as a decimal string. */
export function integerKeyField(buffer: Buffer, field: BsonField | undefined): string | undefined {
  if (field === undefined) return undefined;
  if (field.type === BSON_TYPE.int64) return buffer.readBigInt64LE(field.start).toString();
  const value = numberField(buffer, field);
  const text = value === undefined ? "" : String(value);
  return /^-?\d+$/.test(text) ? text : undefined;
}

/** A string field's value, or undefined for a missing field or another type. */
export function stringField(buffer: Buffer, field: BsonField | undefined): string | undefined {
  if (field === undefined || field.type !== BSON_TYPE.string) return undefined;
  return buffer.toString("utf8", field.start + 4, field.end - 1);
}
