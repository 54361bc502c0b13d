import { BSONRegExp, deserialize, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { checkForInterrupt } from "../eval/operation-deadline.js";
import { canonicalKey, isPlainDocument } from "./canonical-key.js";
import type { CollectionHandle } from "./catalog.js";
import type { SqliteStore } from "./sqlite-store.js";

/** A stored document with its canonical `_id` key. */
export interface StoredDocument {
  readonly idKey: Buffer;
  readonly doc: Document;
  /** Size of the stored BSON in bytes. */
  readonly size: number;
}

/** Rows read per query while scanning; bounds the memory a scan holds at once. */
const SCAN_CHUNK_ROWS = 256;

/** Decodes a stored body keeping Int64 values as Long (the reply then carries them unchanged). */
export function decodeDocument(body: Buffer): Document {
  return deserialize(body, { promoteLongs: false });
}

/**
 * Every document of a collection in insertion order, read in chunks of rows, so neither
 * the collection nor an open SQLite statement is held between two pulls. A scan resumed
 * after its collection was dropped fails with QueryPlanKilled, as mongod's does.
 */
export function* scanCollection(store: SqliteStore, collectionId: number): Generator<StoredDocument> {
  let after = 0;
  for (;;) {
    if (after !== 0 && !store.collectionById(collectionId)) {
      throw new BackendError("QueryPlanKilled", "collection dropped");
    }
    const rows = store.scanChunk(collectionId, after, SCAN_CHUNK_ROWS);
    for (const row of rows) {
      checkForInterrupt();
      yield { idKey: row.id_key, doc: decodeDocument(row.body), size: row.body.length };
    }
    if (rows.length < SCAN_CHUNK_ROWS) return;
    after = rows[rows.length - 1]?.record_id ?? after;
  }
}

/** The documents an access path reads, and whether they are exactly the filter's matches. */
export interface Candidates {
  readonly docs: Iterable<StoredDocument>;
  /**
   * True when the filter is nothing but the equality the access path answered (`{_id: v}`,
   * `{_id: {$in: [...]}}`, `{field: v}` on a single-field index), so no evaluation is needed.
   */
  readonly exact: boolean;
  /** The access path, as explain reports it. */
  readonly plan: AccessPlan;
}

/** How candidates are read: by `_id`, through a secondary index, or by a collection scan. */
export type AccessPlan = { readonly kind: "id" } | { readonly kind: "index"; readonly name: string; readonly field: string } | { readonly kind: "scan" };

/**
 * The documents that may match `filter`, read as cheaply as the filter allows:
 * - `_id` equality or `_id: {$in: [...]}` reads those primary keys only;
 * - equality on the field of a single-field, non-partial secondary index reads that
 *   index's entries;
 * - anything else scans the collection.
 * Unless `exact`, the caller still applies the whole filter to every candidate.
 */
export function candidateDocuments(store: SqliteStore, handle: CollectionHandle, filter: Document): Candidates {
  const single = Object.keys(filter).length === 1;
  const ids = pointValues(filter["_id"]);
  if (ids) return { docs: fetchKeys(store, handle.row.id, ids.map(canonicalKey)), exact: single, plan: { kind: "id" } };
  for (const index of handle.indexes) {
    const field = index.fields[0];
    if (index.fields.length !== 1 || index.partial || field === undefined || field === "_id") continue;
    const values = pointValues(filter[field]);
    if (values && values.every((v) => v !== null)) {
      const keys = values.flatMap((v) => store.lookupIndex(index.id, canonicalKey([v])));
      return { docs: fetchKeys(store, handle.row.id, keys), exact: single, plan: { kind: "index", name: index.name, field } };
    }
  }
  return { docs: scanCollection(store, handle.row.id), exact: false, plan: { kind: "scan" } };
}

/** The documents under the given `_id` keys, in insertion order like a scan. */
function* fetchKeys(store: SqliteStore, collectionId: number, keys: Buffer[]): Generator<StoredDocument> {
  const unique = new Map(keys.map((k) => [k.toString("hex"), k]));
  const rows = [...unique.values()].flatMap((k) => store.getDocument(collectionId, k) ?? []);
  rows.sort((a, b) => a.record_id - b.record_id);
  for (const row of rows) yield { idKey: row.id_key, doc: decodeDocument(row.body), size: row.body.length };
}

/** The values a filter term matches by plain equality, or undefined when it is anything else. */
function pointValues(term: unknown): unknown[] | undefined {
  if (term === undefined) return undefined;
  if (isPlainDocument(term)) {
    const keys = Object.keys(term);
    if (keys.length === 1 && keys[0] === "$eq") return isPointValue(term["$eq"]) ? [term["$eq"]] : undefined;
    if (keys.length === 1 && keys[0] === "$in" && Array.isArray(term["$in"])) {
      const values = term["$in"] as unknown[];
      return values.every(isPointValue) ? values : undefined;
    }
    return undefined;
  }
  return isPointValue(term) ? [term] : undefined;
}

/** Values whose equality match is exactly "same canonical key": no regexes, arrays or documents. */
function isPointValue(v: unknown): boolean {
  return !(v instanceof RegExp || v instanceof BSONRegExp || Array.isArray(v) || isPlainDocument(v));
}
