import { Decimal128, Double, Int32, Long, serialize, type Document } from "bson";
import { setOwn } from "../../../../shared/own-property.js";

/**
 * Encodes a BSON value as bytes that are equal exactly when mongod considers the values
 * equal for `_id` and index-key purposes.
 * - Numbers of different BSON types compare equal in mongod (`1`, `1.0`, `NumberLong(1)`),
 *   so Int32, Double, Long and JS numbers are normalized to one Double, except Longs
 *   beyond 2^53, which stay Long to keep their exact value.
 * - Decimal128 is normalized to the nearest Double too, matching how queries compare it
 *   (see eval/bson-eval.ts); two Decimal128 values that differ only beyond double precision
 *   therefore share a key. `-0` becomes `0`.
 * - Field order inside embedded documents matters, as it does in mongod.
 */
export function canonicalKey(value: unknown): Buffer {
  return Buffer.from(serialize({ k: normalize(value) }));
}

function normalize(value: unknown): unknown {
  if (typeof value === "number") return new Double(value === 0 ? 0 : value);
  if (value instanceof Int32 || value instanceof Double) return new Double(value.value === 0 ? 0 : value.value);
  if (value instanceof Long) {
    const n = value.toNumber();
    return Number.isSafeInteger(n) ? new Double(n === 0 ? 0 : n) : value;
  }
  if (value instanceof Decimal128) {
    const n = Number(value.toString());
    return new Double(n === 0 ? 0 : n);
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(normalize);
  if (isPlainDocument(value)) {
    const out: Document = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, normalize(v));
    return out;
  }
  return value;
}

/** Whether `value` is a plain embedded document (not an array or a BSON value class). */
export function isPlainDocument(value: unknown): value is Document {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
