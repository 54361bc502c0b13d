import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from "bson";
import { isPlainDocument } from "../storage/canonical-key.js";

/**
 * Renders a BSON value the way mongod prints values in error messages such as
 * `E11000 ... dup key: { name: "x" }`: unquoted field names, double-quoted strings,
 * `ObjectId('...')`, `new Date(ms)`, spaces inside braces and brackets.
 */
export function mongodString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Int32) return String(value.value);
  if (value instanceof Double) return String(value.value);
  if (value instanceof Long) return value.toString();
  if (value instanceof Decimal128) return value.toString();
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof Timestamp) return `Timestamp(${value.t}, ${value.i})`;
  if (value instanceof Binary) return `BinData(${value.sub_type}, ${Buffer.from(value.buffer).toString("hex").toUpperCase()})`;
  if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[ ${value.map(mongodString).join(", ")} ]`;
  if (isPlainDocument(value)) {
    const fields = Object.entries(value).map(([k, v]) => `${k}: ${mongodString(v)}`);
    return fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`;
  }
  return String(value);
}
