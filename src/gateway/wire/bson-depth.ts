import { bsonValueSize } from "./bson-value-size.js";

/**
 * mongod's nesting limit for BSON it receives (`BSONDepth::getMaxAllowableDepth()`, the
 * `maxBSONDepth` parameter, 200 by default): a document may hold at most 200 levels of embedded
 * documents and arrays below its root. Checked on the raw bytes, without recursion, before the
 * document is decoded, so a message nested a million levels costs one linear scan.
 */
export const MAX_WIRE_BSON_DEPTH = 200;

/** The smallest encoding of one nesting level: type byte, empty name, length and terminator. */
const MIN_LEVEL_BYTES = 7;

/**
 * The field names from the root to the element that nests past `maxDepth` (mongod names them in its
 * error), or undefined when the document is within the limit. Bytes that are not well-formed BSON
 * end the scan with undefined: the decoder reports those.
 */
export function nestingOverflowPath(buffer: Buffer, start: number, size: number, maxDepth = MAX_WIRE_BSON_DEPTH): string[] | undefined {
  if (size < maxDepth * MIN_LEVEL_BYTES) return undefined;
  const end = start + size;
  const names: string[] = [];
  const ends: number[] = [end];
  let pos = start + 4;
  while (ends.length > 0) {
    if (pos >= end) return undefined;
    const type = buffer[pos] as number;
    pos++;
    if (type === 0) {
      ends.pop();
      names.pop();
      continue;
    }
    const nameEnd = buffer.indexOf(0, pos);
    if (nameEnd < 0 || nameEnd >= end) return undefined;
    const name = buffer.toString("utf8", pos, nameEnd);
    pos = nameEnd + 1;
    if (type === 3 || type === 4) {
      if (ends.length > maxDepth) return [...names, name];
      if (pos + 4 > end) return undefined;
      const length = buffer.readInt32LE(pos);
      if (length < 5 || pos + length > end) return undefined;
      ends.push(pos + length);
      names.push(name);
      pos += 4;
      continue;
    }
    const skip = bsonValueSize(buffer, type, pos, end);
    if (skip === undefined) return undefined;
    pos += skip;
  }
  return undefined;
}

/** mongod's message for a document nested past the limit (BSON validation, code Overflow). */
export function nestingOverflowMessage(path: readonly string[]): string {
  return `BSONObj exceeds maximum nested object depth in element with field name '${path.join(".")}' in object with unknown _id`;
}
