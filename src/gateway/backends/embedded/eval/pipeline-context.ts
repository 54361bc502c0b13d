/**
 * The operators aggregation pipelines run with: mingo's own, except `$bucket`, which runs as mongod runs
 * it (`bucket-stage.ts`). Held in a context of its own so that pipelines nested in `$facet`, `$lookup`
 * and `$unionWith` use the same operators as the top level.
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

function $bucket(collection: Iterable<unknown>, spec: unknown, options: Options) {
  return Lazy(bucketStage(collection as Iterable<Document>, spec, options));
}

export const PIPELINE_CONTEXT = Context.init({ accumulator, expression, pipeline: { ...pipeline, $bucket } as never, projection, query, window });
