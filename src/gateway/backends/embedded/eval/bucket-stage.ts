/**
 * `$bucket` as mongod runs it: a `$group` whose key is the bucket a document falls in, found with a
 * `$switch` over the half-open ranges `[boundaries[i], boundaries[i + 1])`, then sorted by that key.
 * mingo's own `$bucket` files a value equal to an inner boundary in the bucket below it, keeps the
 * default bucket last whatever its value, and files values that fall outside the boundaries when no
 * default is given; it is used here only to check the stage's specification. The `$group` it runs is the
 * pipeline's (`pipeline-context.ts`), so a `$bucket` is accounted as that group.
 */
import type { Document } from "bson";
import { Aggregator as MingoAggregator } from "mingo";
import { Aggregator } from "mingo/aggregator";
import type { Options } from "mingo/types";
import { BackendError } from "../../backend-error.js";
import { isPlainDocument } from "../storage/canonical-key.js";

/** The `$group` specification mongod runs for a `$bucket`; undefined for a malformed one (mingo reports it). */
function bucketAsGroup(spec: unknown): Document | undefined {
  if (!isPlainDocument(spec) || !Array.isArray(spec["boundaries"]) || spec["boundaries"].length < 2) return undefined;
  const boundaries = spec["boundaries"] as unknown[];
  const groupBy = spec["groupBy"];
  const branches = boundaries.slice(0, -1).map((lower, i) => ({
    case: { $and: [{ $gte: [groupBy, { $literal: lower }] }, { $lt: [groupBy, { $literal: boundaries[i + 1] }] }] },
    then: { $literal: lower },
  }));
  const output = isPlainDocument(spec["output"]) ? spec["output"] : { count: { $sum: 1 } };
  return { ...output, _id: { $switch: { branches, default: { $literal: spec["default"] ?? null } } } };
}

/** mongod's answer when a document falls outside every bucket and the stage names no default. */
function noMatchingBucket(): BackendError {
  return new BackendError("Location40066", "$switch could not find a matching branch for an input, and no default was specified.");
}

/** The documents `$bucket: spec` produces from `source`. */
export function* bucketStage(source: Iterable<Document>, spec: unknown, options: Partial<Options>): Generator<Document> {
  // mingo's own $bucket (its default operators come first in this Aggregator) checks the specification
  // (two or more ascending boundaries of one type, a default outside them) eagerly.
  new MingoAggregator([{ $bucket: spec }], options).run([]);
  const group = bucketAsGroup(spec) as Document;
  const hasDefault = isPlainDocument(spec) && spec["default"] !== undefined;
  // The pipeline's own operators (`options.context`), so the `$group` is the accounted one.
  const buckets = new Aggregator([{ $group: group }, { $sort: { _id: 1 } }], options).stream(source as Iterable<unknown> as never) as unknown as Iterator<Document>;
  for (let next = buckets.next(); next.done !== true; next = buckets.next()) {
    // bucketAsGroup's $switch answers null for a document outside every bucket when there is no default.
    if (!hasDefault && next.value["_id"] === null) throw noMatchingBucket();
    yield next.value;
  }
}
