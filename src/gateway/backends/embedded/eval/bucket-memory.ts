/**
 * What `$bucket` and `$bucketAuto` hold while they read their input, accounted as mongod accounts them.
 * mongod runs a `$bucket` as a `$group` whose key is the bucket a document falls in, so it is accounted
 * as that group (`group-memory.ts`): each bucket's key once, and what its `$push` and `$addToSet` outputs
 * collect. (A `$bucketAuto` sorts its whole input first, so `stage-memory.ts` accounts it as a `$sort`.)
 */
import type { Document } from "bson";
import type { Options } from "mingo/types";
import { isPlainDocument } from "../storage/canonical-key.js";
import { accountGroupInput } from "./group-memory.js";

/** The `$group` specification mongod runs for a `$bucket`; undefined for a malformed one (the stage itself reports it). */
export function bucketAsGroup(spec: unknown): Document | undefined {
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

/** Passes `source` on to a `$bucket`, calling `exceeded` once what it holds passes `limitBytes`. */
export function accountBucketInput(source: Iterable<Document>, spec: unknown, options: Partial<Options>, limitBytes: number, exceeded: () => Error): Iterable<Document> {
  const group = bucketAsGroup(spec);
  return group === undefined ? source : accountGroupInput(source, group, options, limitBytes, exceeded);
}
