import { deserialize, type Document } from "bson";
import { Query } from "mingo";
import { BackendError } from "../../backend-error.js";
import { queryOptions } from "../eval/query-options.js";
import { toEvalDocument } from "../eval/bson-eval.js";
import type { IndexRow } from "./sqlite-store.js";

/** The name and key of the implicit `_id` index every collection has. */
export const ID_INDEX = { v: 2, key: { _id: 1 }, name: "_id_" } as const;

/** A secondary index, parsed from its catalog row. */
export interface IndexInfo {
  readonly id: number;
  readonly name: string;
  /** The index specification as listIndexes shows it. */
  readonly spec: Document;
  /** The key pattern's field paths, in order. */
  readonly fields: readonly string[];
  readonly unique: boolean;
  readonly sparse: boolean;
  /** Documents outside the partial filter have no entries. */
  readonly partial?: Query;
}

/** Parses a catalog row into an {@link IndexInfo}. */
export function parseIndexRow(row: IndexRow): IndexInfo {
  const spec = deserialize(row.spec, { promoteLongs: false });
  const key = spec["key"] as Document;
  const partialFilter = spec["partialFilterExpression"] as Document | undefined;
  return {
    id: row.id,
    name: row.name,
    spec,
    fields: Object.keys(key),
    unique: spec["unique"] === true,
    sparse: spec["sparse"] === true,
    ...(partialFilter ? { partial: new Query(toEvalDocument(partialFilter), queryOptions()) } : {}),
  };
}

/**
 * Checks a key pattern from createIndexes: field paths with ascending (1) or descending (-1)
 * directions. Special index types (text, 2dsphere, hashed, wildcard) need query support the
 * embedded engine doesn't have, so they are refused rather than silently ignored.
 */
export function validateKeyPattern(key: unknown, indexName: string): Document {
  if (key === null || typeof key !== "object" || Array.isArray(key) || Object.keys(key).length === 0) {
    throw new BackendError("CannotCreateIndex", `Index key pattern of '${indexName}' must be a non-empty object`);
  }
  for (const [field, direction] of Object.entries(key as Document)) {
    const n = typeof direction === "number" ? direction : Number(direction?.valueOf?.());
    if (n !== 1 && n !== -1) {
      throw new BackendError("CannotCreateIndex", `Index '${indexName}': key type ${JSON.stringify(String(direction))} of field '${field}' is not supported by the embedded backend (only 1 and -1)`);
    }
    if (field === "" || field.startsWith("$") || field.includes("..")) {
      throw new BackendError("CannotCreateIndex", `Index '${indexName}': invalid field name '${field}'`);
    }
  }
  return key as Document;
}

/** mongod's default index name for a key pattern: `a_1_b_-1`. */
export function defaultIndexName(key: Document): string {
  return Object.entries(key).map(([f, d]) => `${f}_${String(d)}`).join("_");
}
