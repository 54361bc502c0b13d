/**
 * The operators aggregation pipelines run with: mingo's own, except `$bucket`, which runs as mongod runs
 * it (`bucket-stage.ts`), and `$group`, which accounts what it holds as it reads (`group-stage.ts`). Held
 * in a context of its own so that pipelines nested in `$facet`, `$lookup` and `$unionWith` use the same
 * operators as the top level.
 */
import type { Document } from "bson";
import { Context } from "mingo/core";
import { Lazy } from "mingo/lazy";
import * as accumulator from "mingo/operators/accumulator";
import * as expression from "mingo/operators/expression";
import * as pipeline from "mingo/operators/pipeline";
import * as projection from "mingo/operators/projection";
import * as query from "mingo/operators/query";
import * as window from "mingo/operators/window";
import type { Options } from "mingo/types";
import { bucketStage } from "./bucket-stage.js";
import { groupStage, type GroupMemoryLimit } from "./group-stage.js";

function $bucket(collection: Iterable<unknown>, spec: unknown, options: Options) {
  return Lazy(bucketStage(collection as Iterable<Document>, spec, options));
}

/**
 * The operators, with `$group` (and so `$bucket`, which runs one) bounded by `groupMemory` when given:
 * a top-level `$group` or `$bucket` stage without `allowDiskUse` runs with one of these.
 */
export function pipelineContext(groupMemory?: GroupMemoryLimit): Context {
  const $group = (collection: Iterable<unknown>, spec: unknown, options: Options) => Lazy(groupStage(collection as Iterable<Document>, spec, options, groupMemory));
  return Context.init({ accumulator, expression, pipeline: { ...pipeline, $bucket, $group } as never, projection, query, window });
}

export const PIPELINE_CONTEXT = pipelineContext();
