import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { toEvalDocument } from "../eval/bson-eval.js";
import { canonicalKey, isPlainDocument } from "./canonical-key.js";
import type { IndexInfo } from "./index-info.js";
import { setOwn } from "../../../../shared/own-property.js";

/** One entry a document contributes to an index: the key bytes and the key as `{field: value}`. */
export interface IndexEntry {
  readonly key: Buffer;
  readonly keyValue: Document;
}

/**
 * The entries `doc` contributes to `index`, following mongod's multikey rules:
 * - a missing field is indexed as null (so a unique index admits one document without it);
 * - an array contributes one entry per element (duplicates within a document collapse);
 * - two array fields in one compound key are refused (CannotIndexParallelArrays);
 * - sparse indexes skip documents missing every indexed field, partial indexes skip
 *   documents outside their filter.
 */
export function indexEntries(index: IndexInfo, doc: Document): IndexEntry[] {
  if (index.partial && !index.partial.test(toEvalDocument(doc))) return [];
  const perField = index.fields.map((f) => valuesAt(doc, f.split(".")));
  if (index.sparse && perField.every((vs) => vs.missing)) return [];
  const multi = index.fields.filter((_, i) => (perField[i]?.values.length ?? 0) > 1);
  if (multi.length > 1) {
    throw new BackendError("CannotIndexParallelArrays", `cannot index parallel arrays [${multi[1]}] [${multi[0]}]`);
  }
  const entries = new Map<string, IndexEntry>();
  const width = Math.max(1, ...perField.map((p) => p.values.length));
  for (let i = 0; i < width; i++) {
    const keyValue: Document = {};
    index.fields.forEach((f, j) => {
      const vs = perField[j]?.values ?? [null];
      setOwn(keyValue, f, vs.length > 1 ? vs[i] : vs[0]);
    });
    const key = canonicalKey(Object.values(keyValue));
    entries.set(key.toString("hex"), { key, keyValue });
  }
  return [...entries.values()];
}

interface PathValues {
  readonly values: unknown[];
  readonly missing: boolean;
}

function valuesAt(value: unknown, parts: readonly string[]): PathValues {
  if (parts.length === 0) {
    if (Array.isArray(value)) return { values: value.length > 0 ? dedupe(value) : [null], missing: false };
    return { values: [value ?? null], missing: false };
  }
  if (Array.isArray(value)) {
    const found = value.filter(isPlainDocument).map((el) => valuesAt(el, parts)).filter((p) => !p.missing);
    if (found.length === 0) return { values: [null], missing: true };
    return { values: dedupe(found.flatMap((p) => p.values)), missing: false };
  }
  if (isPlainDocument(value)) {
    const [head, ...rest] = parts as [string, ...string[]];
    if (!Object.hasOwn(value, head) || value[head] === undefined) return { values: [null], missing: true };
    return valuesAt(value[head], rest);
  }
  return { values: [null], missing: true };
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const v of values) seen.set(canonicalKey(v).toString("hex"), v);
  return [...seen.values()];
}
