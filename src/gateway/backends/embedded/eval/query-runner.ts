import type { Document } from "bson";
import { Query } from "mingo";
import { BackendError } from "../../backend-error.js";
import type { CollectionHandle } from "../storage/catalog.js";
import { candidateDocuments, type Candidates, type StoredDocument } from "../storage/document-source.js";
import type { SqliteStore } from "../storage/sqlite-store.js";
import { restoreTypes, toEvalDocument } from "./bson-eval.js";
import { checkForInterrupt } from "./operation-deadline.js";
import { stageMemoryExceeded } from "./stage-memory.js";
import { orderedEqualityCheck } from "./ordered-equality.js";
import { queryOptions } from "./query-options.js";
import { setOwn } from "../../../../shared/own-property.js";

/**
 * The most BSON bytes a sort may hold, mongod's in-memory sort limit. mongod spills beyond it
 * to disk; the embedded engine can't, so it refuses instead of growing without bound.
 */
export const MAX_SORT_BYTES = 100 * 1024 * 1024;

/** What a find-like read asks for. */
export interface QuerySpec {
  readonly filter: Document;
  readonly sort?: Document;
  readonly skip?: number;
  readonly limit?: number;
  readonly projection?: Document;
  /** Overrides {@link MAX_SORT_BYTES}. */
  readonly maxSortBytes?: number;
}

/** A matching document: the stored original and its canonical `_id` key. */
export interface QueryMatch extends StoredDocument {
  /** The document as the client should see it (projected when a projection was given). */
  readonly output: Document;
}

/**
 * Runs a filter/sort/skip/limit/projection query over a collection and yields matches
 * lazily: without a sort, documents stream from storage through the filter one chunk at
 * a time; a sort has to see every match first (held in memory, as mongod's in-memory sort).
 */
export function runQuery(store: SqliteStore, handle: CollectionHandle | undefined, spec: QuerySpec): Generator<QueryMatch> {
  const unsorted = !spec.sort || Object.keys(spec.sort).length === 0;
  const unprojected = !spec.projection || Object.keys(spec.projection).length === 0;
  const candidates = handle ? candidateDocuments(store, handle, spec.filter) : undefined;
  // The hot path: a plain `_id` or indexed-field lookup needs no query engine at all
  // (building mingo's evaluation context costs more than the SQLite reads).
  if (candidates?.exact && unsorted && unprojected) return exactMatches(candidates, spec);
  // Parsing up front: an invalid filter or sort fails the command, not a later getMore.
  const query = new Query(toEvalDocument(spec.filter), queryOptions());
  const sort = spec.sort && Object.keys(spec.sort).length > 0 ? sortSpec(spec.sort) : undefined;
  const projection = spec.projection && Object.keys(spec.projection).length > 0 ? toEvalDocument(spec.projection) : undefined;
  if (projection) query.find([], projection).all();
  return matches(candidates, spec, query, sort, projection);
}

function* exactMatches(candidates: Candidates, spec: QuerySpec): Generator<QueryMatch> {
  for (const s of skipAndLimit(candidates.docs, spec)) yield { ...s, output: s.doc };
}

/** The items after the first `skip`, at most `limit` of them (0 or none: no limit), read as they are asked for. */
function* skipAndLimit<T>(items: Iterable<T>, { skip, limit }: Pick<QuerySpec, "skip" | "limit">): Generator<T> {
  let toSkip = skip ?? 0;
  let left = limit || Number.POSITIVE_INFINITY;
  for (const item of items) {
    if (left <= 0) return;
    if (toSkip > 0) {
      toSkip--;
      continue;
    }
    left--;
    yield item;
  }
}

function* matches(
  candidates: Candidates | undefined,
  spec: QuerySpec,
  query: Query,
  sort: Record<string, 1 | -1> | undefined,
  projection: Document | undefined,
): Generator<QueryMatch> {
  if (!candidates) return;
  const stored = new WeakMap<object, StoredDocument>();
  const ordered = orderedEqualityCheck(spec.filter);
  const maxSortBytes = spec.maxSortBytes ?? MAX_SORT_BYTES;
  let sortBytes = 0;
  function* evalMatches(): Generator<Document> {
    for (const s of (candidates as Candidates).docs) {
      checkForInterrupt();
      if (ordered && !ordered(s.doc)) continue;
      const e = toEvalDocument(s.doc);
      if (!query.test(e)) continue;
      stored.set(e, s);
      if (sort && (sortBytes += s.size) > maxSortBytes) throw stageMemoryExceeded("$sort", maxSortBytes);
      yield e;
    }
  }
  let ordering: Iterable<Document> = evalMatches();
  if (sort) {
    const sorted = new Query({}, queryOptions()).find<Document>(ordering).sort(sort);
    if (spec.limit) sorted.limit((spec.skip ?? 0) + spec.limit);
    // mingo's cursor iterates lazily with the iterator protocol; its typings just don't say so.
    ordering = sorted as unknown as Iterable<Document>;
  }
  // Skipping and limiting happen before projecting, so skipped documents are never projected.
  for (const e of skipAndLimit(ordering, spec)) {
    const s = stored.get(e) as StoredDocument;
    yield { ...s, output: projection ? projectDocument(query, e, projection, s.doc) : s.doc };
  }
}

/**
 * Applies a projection to one evaluated document `e` and gives the result the stored
 * document's BSON types and field order (mongod keeps the document's order; mingo puts
 * included fields in projection order). `query` supplies the filter for positional `.$`.
 */
export function projectDocument(query: Query, e: Document, projection: Document, stored: Document): Document {
  const projected = restoreTypes(query.find<Document>([e], projection).all()[0], stored) as Document;
  const ordered: Document = {};
  for (const key of Object.keys(stored)) if (Object.hasOwn(projected, key)) setOwn(ordered, key, projected[key]);
  for (const [key, value] of Object.entries(projected)) if (!Object.hasOwn(ordered, key)) setOwn(ordered, key, value);
  return ordered;
}

/** Checks a sort document (`{field: 1 | -1}`) and converts its directions to JS numbers. */
export function sortSpec(sort: Document): Record<string, 1 | -1> {
  const out: Record<string, 1 | -1> = {};
  for (const [field, direction] of Object.entries(toEvalDocument(sort))) {
    if (direction !== 1 && direction !== -1) {
      throw new BackendError("BadValue", "$sort key ordering must be 1 (for ascending) or -1 (for descending)");
    }
    out[field] = direction;
  }
  return out;
}
