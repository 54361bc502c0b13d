import { Binary, Decimal128, Double, Int32, Long, ObjectId, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { isPlainDocument } from "../storage/canonical-key.js";

/** The BSON type name of a value, as mongod names types in its error messages. */
export function bsonTypeName(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "missing";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? "int" : "double";
  if (v instanceof Int32) return "int";
  if (v instanceof Double) return "double";
  if (v instanceof Long) return "long";
  if (v instanceof Decimal128) return "decimal";
  if (v instanceof ObjectId) return "objectId";
  if (v instanceof Binary) return "binData";
  if (v instanceof Date) return "date";
  if (Array.isArray(v)) return "array";
  return isPlainDocument(v) ? "object" : "unknown";
}

function wrongType(command: Document, field: string, v: unknown, expected: string): BackendError {
  const name = Object.keys(command)[0] ?? "";
  return new BackendError("TypeMismatch", `BSON field '${name}.${field}' is the wrong type '${bsonTypeName(v)}', expected type '${expected}'`);
}

/** The collection named by the command's first field, which must be a non-empty string. */
export function collectionArg(command: Document, db: string): string {
  const value: unknown = Object.values(command)[0];
  if (typeof value !== "string") {
    throw new BackendError("InvalidNamespace", `collection name has invalid type ${bsonTypeName(value)}`);
  }
  if (value.length === 0 || value.includes("\0")) {
    throw new BackendError("InvalidNamespace", `Invalid namespace specified '${db}.${value}'`);
  }
  return value;
}

/** An optional embedded-document argument. */
export function documentArg(command: Document, field: string): Document | undefined {
  const v = command[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainDocument(v)) throw wrongType(command, field, v, "object");
  return v;
}

/** An optional array argument. */
export function arrayArg(command: Document, field: string): unknown[] | undefined {
  const v = command[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw wrongType(command, field, v, "array");
  return v;
}

/** A required array argument. */
export function requiredArrayArg(command: Document, field: string): unknown[] {
  const v = arrayArg(command, field);
  if (v === undefined) {
    const name = Object.keys(command)[0] ?? "";
    throw new BackendError("FailedToParse", `BSON field '${name}.${field}' is missing but a required field`);
  }
  return v;
}

/** An optional whole-number argument (any BSON number type holding an integer), at least 0. */
export function countArg(command: Document, field: string): number | undefined {
  const v = command[field];
  if (v === undefined || v === null) return undefined;
  const n = numberValue(v);
  if (n === undefined || !Number.isInteger(n)) throw wrongType(command, field, v, "long");
  if (n < 0) throw new BackendError("BadValue", `BSON field '${field}' value must be >= 0, actual value '${n}'`);
  return n;
}

/** An optional boolean argument; numbers count as booleans, as mongod's parser allows. */
export function boolArg(command: Document, field: string): boolean | undefined {
  const v = command[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "boolean") return v;
  const n = numberValue(v);
  if (n === undefined) throw wrongType(command, field, v, "bool");
  return n !== 0;
}

/** The JS number of any BSON numeric value, or undefined for non-numbers. */
export function numberValue(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof Int32 || v instanceof Double) return v.value;
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return undefined;
}

/** An optional `cursor: {batchSize}` sub-document's batch size. */
export function cursorBatchSize(command: Document): number | undefined {
  const cursor = documentArg(command, "cursor");
  return cursor ? countArg(cursor, "batchSize") : undefined;
}

/**
 * Refuses a `collation` other than `{locale: "simple"}`: the embedded engine compares strings
 * by code point only, and a silently ignored collation would change which documents match.
 */
export function requireSimpleCollation(command: Document): void {
  const collation = command["collation"];
  if (collation === undefined || collation === null) return;
  if (isPlainDocument(collation) && collation["locale"] === "simple") return;
  throw new BackendError("BadValue", "collation other than {locale: \"simple\"} is not supported by the embedded backend");
}
