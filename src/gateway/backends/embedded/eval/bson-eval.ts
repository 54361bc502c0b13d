import { Decimal128, Double, Int32, Long, type Document } from "bson";
import { isPlainDocument } from "../storage/canonical-key.js";
import { getOwn, setOwn } from "../../../../shared/own-property.js";

/**
 * Conversions between stored BSON documents and the form the query engine (mingo)
 * evaluates. mingo compares JS numbers, strings, Dates, RegExps and, for other classes,
 * equal `toString()` results; it has no notion of BSON's numeric types. So:
 * - Int32, Double and Long become JS numbers. Longs beyond 2^53 lose precision in
 *   comparisons only (two Longs differing past the 53rd bit compare equal).
 * - Decimal128 becomes a JS number (a double approximation) for comparisons.
 * - ObjectId, Binary/UUID, Timestamp stay objects: equality works through `toString()`;
 *   ObjectId ordering is right too (hex order is byte order); ordering of the others is not
 *   BSON order.
 * Stored documents keep their exact types: results are taken from the stored form, and an
 * updated document gets its original numeric types back by {@link restoreTypes}.
 *
 * A field named `__proto__` is an ordinary field in MongoDB, but mingo refuses it in paths. In the
 * evaluation form it is renamed to a name no BSON field can have (it starts with a NUL byte), in
 * documents and in filter paths alike, and renamed back by {@link restoreTypes} and {@link fromEval}.
 */
export function toEval(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Int32 || value instanceof Double) return value.value;
  if (value instanceof Long) return value.toNumber();
  if (value instanceof Decimal128) return Number(value.toString());
  if (Array.isArray(value)) return value.map(toEval);
  if (isPlainDocument(value)) {
    const out: Document = {};
    for (const [k, v] of Object.entries(value)) out[evalKey(k)] = toEval(v);
    return out;
  }
  return value;
}

const PROTO = "__proto__";
const ESCAPED_PROTO = "\u0000__proto__";

/** `key` (a field name or a dotted path) with every `__proto__` part renamed for evaluation. */
export function evalKey(key: string): string {
  return renameParts(key, PROTO, ESCAPED_PROTO);
}

/** The field name an evaluation-form `key` stands for (the inverse of {@link evalKey}). */
export function storedKey(key: string): string {
  return renameParts(key, ESCAPED_PROTO, PROTO);
}

function renameParts(key: string, from: string, to: string): string {
  if (!key.includes(from)) return key;
  return key
    .split(".")
    .map((part) => (part === from ? to : part))
    .join(".");
}

/** `value` with its field names in evaluation form at every level and its values' BSON types kept. */
export function toEvalKeys(value: unknown): unknown {
  return renameFields(value, evalKey);
}

/** A document computed by the query engine (not a stored one) with its field names as stored. */
export function fromEval(value: unknown): unknown {
  return renameFields(value, storedKey);
}

/** `value` with `rename` applied to the field names of its documents at every level, arrays included. */
function renameFields(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((element) => renameFields(element, rename));
  if (!isPlainDocument(value)) return value;
  const out: Document = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, rename(k), renameFields(v, rename));
  return out;
}

/** {@link toEval} for a whole document. */
export function toEvalDocument(doc: Document): Document {
  return toEval(doc) as Document;
}

/**
 * Gives `updated` (a document computed from `toEval(original)`) the numeric types that
 * `original` had at the same paths.
 * - A number where the original held a Long becomes a Long (an integer) or stays a double
 *   (a fraction, as mongod's Long arithmetic with a double yields a double).
 * - A number equal to the original Decimal128's approximation gets the original object back,
 *   so an untouched Decimal128 is stored exactly; a changed one is re-parsed from the number.
 * - An unchanged Long beyond 2^53 keeps its exact value the same way.
 * Arrays are matched by position, so after `$push`/`$pull` shifted elements a number may pick
 * up its neighbour's type; the value itself is always kept.
 */
export function restoreTypes(updated: unknown, original: unknown): unknown {
  if (typeof updated === "number") return restoreNumber(updated, original);
  if (Array.isArray(updated)) {
    const orig = Array.isArray(original) ? original : [];
    return updated.map((v, i) => restoreTypes(v, orig[i]));
  }
  if (isPlainDocument(updated)) {
    const orig = isPlainDocument(original) ? original : {};
    const out: Document = {};
    for (const [k, v] of Object.entries(updated)) {
      const key = storedKey(k);
      setOwn(out, key, restoreTypes(v, getOwn(orig, key)));
    }
    return out;
  }
  return updated;
}

function restoreNumber(n: number, original: unknown): unknown {
  if (original instanceof Long) {
    if (original.toNumber() === n) return original;
    return Number.isInteger(n) ? Long.fromNumber(n) : n;
  }
  if (original instanceof Decimal128) {
    return Number(original.toString()) === n ? original : Decimal128.fromString(String(n));
  }
  if (original instanceof Double) return new Double(n);
  return n;
}
