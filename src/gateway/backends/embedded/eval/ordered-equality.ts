import type { Document } from "bson";
import { canonicalKey, isPlainDocument } from "../storage/canonical-key.js";

/**
 * mingo compares embedded documents without regard to field order, while MongoDB's
 * equality on a document is field-order sensitive (`{size: {w: 21, h: 14}}` does not match
 * `{size: {h: 14, w: 21}}`). This predicate restores MongoDB's rule for the common case:
 * top-level filter terms that compare a field with a literal document. A document that
 * mingo matched must also hold, at that path, a value (or array element) with the same
 * field order. Literal documents nested in operators (`$in`, `$or`, aggregation `$match`)
 * keep mingo's order-insensitive comparison.
 */
export function orderedEqualityCheck(filter: Document): ((doc: Document) => boolean) | undefined {
  const terms = Object.entries(filter).filter(([path, value]) => !path.startsWith("$") && isLiteralDocument(value));
  if (terms.length === 0) return undefined;
  const expected = terms.map(([path, value]) => ({ parts: path.split("."), key: canonicalKey(value) }));
  return (doc) => expected.every(({ parts, key }) => valuesAt(doc, parts).some((v) => canonicalKey(v).equals(key)));
}

function isLiteralDocument(value: unknown): boolean {
  return isPlainDocument(value) && !Object.keys(value).some((k) => k.startsWith("$"));
}

function valuesAt(value: unknown, parts: readonly string[]): unknown[] {
  if (parts.length === 0) return Array.isArray(value) ? [value, ...value] : [value];
  if (Array.isArray(value)) return value.flatMap((el) => valuesAt(el, parts));
  if (!isPlainDocument(value)) return [];
  const [head, ...rest] = parts as [string, ...string[]];
  return valuesAt(value[head], rest);
}
