import { Long } from "bson";

/**
 * A whole number as the wire carries it (int32, int64 or double) as a decimal string, for use as a
 * map key: cursor ids and transaction numbers compare by value whatever BSON type the client sent.
 * Anything else answers `undefined`.
 */
export function int64Key(value: unknown): string | undefined {
  if (value instanceof Long) return value.toString();
  if (typeof value === "number" && Number.isInteger(value)) return String(value);
  if (value !== null && typeof value === "object" && "_bsontype" in value) {
    const text = String((value as { valueOf(): unknown }).valueOf());
    return /^-?\d+$/.test(text) ? text : undefined;
  }
  return undefined;
}
