/**
 * `$bucket` as mongod runs it: a `$group` whose key is the bucket a document falls in, found with a
 * `$switch` over the half-open ranges `[boundaries[i], boundaries[i + 1])`, then sorted by that key.
 * mingo's own `$bucket` files a value equal to an inner boundary in the bucket below it, keeps the
 * default bucket last whatever its value, and files values that fall outside the boundaries when no
 * default is given; it is used here only to check the stage's specification.
 */
import type { Document } from "bson";
import { Aggregator } from "mingo";
import type { Options } from "mingo/types";
import { BackendError } from "../../backend-error.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import { bucketAsGroup } from "./bucket-memory.js";

/** mongod's answer when a document falls outside every bucket and the stage names no default. */
function noMatchingBucket(): BackendError {
  return new BackendError("Location40066", "$switch could not find a matching branch for an input, and no default was specified.");
}

/** The documents `$bucket: spec` produces from `source`. */
export function* bucketStage(source: Iterable<Document>, spec: unknown, options: Partial<Options>): Generator<Document> {
  // mingo checks the specification (two or more ascending boundaries of one type, a default outside them) eagerly.
  new Aggregator([{ $bucket: spec }], options).run([]);
  const group = bucketAsGroup(spec) as Document;
  const hasDefault = isPlainDocument(spec) && spec["default"] !== undefined;
  const buckets = new Aggregator([{ $group: group }, { $sort: { _id: 1 } }], options).stream(source as Iterable<unknown> as never) as unknown as Iterator<Document>;
  for (let next = buckets.next(); next.done !== true; next = buckets.next()) {
    // bucketAsGroup's $switch answers null for a document outside every bucket when there is no default.
    if (!hasDefault && next.value["_id"] === null) throw noMatchingBucket();
    yield next.value;
  }
}
