/**
 * How many bytes a BSON element's value takes, by its type byte (bsonspec.org): the one reading of BSON
 * value lengths shared by the field finder (`bson-fields.ts`) and the nesting check (`bson-depth.ts`).
 */

/** Sizes of the fixed-size types; -1 for the types whose size is read from the value. */
const FIXED_SIZES: Int8Array = (() => {
  const sizes = new Int8Array(256).fill(-1);
  for (const type of [0x06, 0x0a, 0x7f, 0xff]) sizes[type] = 0; // undefined, null, max key, min key
  sizes[0x08] = 1; // boolean
  sizes[0x10] = 4; // int32
  for (const type of [0x01, 0x09, 0x11, 0x12]) sizes[type] = 8; // double, UTC datetime, timestamp, int64
  sizes[0x07] = 12; // ObjectId
  sizes[0x13] = 16; // decimal128
  return sizes;
})();

/**
 * Bytes taken by the value of type `type` starting at `pos`, reading no further than `end`; undefined
 * for an unknown type or a length that is malformed. The caller checks that `pos` plus the size fits.
 */
export function bsonValueSize(buffer: Buffer, type: number, pos: number, end: number): number | undefined {
  const fixed = FIXED_SIZES[type] ?? -1;
  if (fixed >= 0) return fixed;
  if (type === 0x0b) { // regular expression: two C strings
    const first = buffer.indexOf(0, pos);
    const second = first < 0 || first >= end ? -1 : buffer.indexOf(0, first + 1);
    return second < 0 || second >= end ? undefined : second + 1 - pos;
  }
  if (pos + 4 > end) return undefined;
  const n = buffer.readInt32LE(pos);
  switch (type) {
    case 0x02: case 0x0d: case 0x0e: return n < 1 ? undefined : 4 + n; // string, JavaScript code, symbol
    case 0x0c: return n < 1 ? undefined : 4 + n + 12; // DBPointer: a string and an ObjectId
    case 0x05: return n < 0 ? undefined : 5 + n; // binary: length, subtype, bytes
    case 0x03: case 0x04: return n < 5 ? undefined : n; // document, array
    case 0x0f: return n < 14 ? undefined : n; // code with scope: its total length first
    default: return undefined;
  }
}
