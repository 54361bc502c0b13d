import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { isPlainDocument } from "./canonical-key.js";

/**
 * mongod's nesting limit for stored documents, `BSONDepth::getMaxDepthForUserStorage()`: the wire
 * limit (200) less the 20 levels mongod keeps for its own wrapping (oplog entries and the like).
 * The root counts as the first level; an empty embedded document or array adds none.
 */
export const MAX_STORAGE_DEPTH = 180;

/** Whether `doc` holds a non-empty container deeper than `maxDepth` levels (iterative: no recursion). */
export function exceedsStorageDepth(doc: Document, maxDepth = MAX_STORAGE_DEPTH): boolean {
  const pending: Array<[unknown, number]> = [[doc, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    const children = Array.isArray(value) ? value : isPlainDocument(value) ? Object.values(value) : [];
    for (const child of children) {
      const container = Array.isArray(child) ? child.length > 0 : isPlainDocument(child) && Object.keys(child).length > 0;
      if (!container) continue;
      if (depth >= maxDepth) return true;
      pending.push([child, depth + 1]);
    }
  }
  return false;
}

/** mongod's insert-time refusal of a document nested too deeply (Overflow). */
export function checkInsertDepth(doc: Document): void {
  if (exceedsStorageDepth(doc)) {
    throw new BackendError("Overflow", `cannot insert document because it exceeds ${MAX_STORAGE_DEPTH} levels of nesting`);
  }
}

/** mongod's refusal of an update whose result is nested too deeply (Overflow). */
export function checkUpdatedDepth(doc: Document): void {
  if (exceedsStorageDepth(doc)) throw new BackendError("Overflow", `Document exceeds maximum nesting depth of ${MAX_STORAGE_DEPTH}`);
}
