import { calculateObjectSize, type Document } from "bson";
import { Aggregator } from "mingo/aggregator";
import type { Options } from "mingo/types";
import { BackendError } from "../../backend-error.js";
import { PIPELINE_CONTEXT, pipelineContext } from "./pipeline-context.js";

/** mongod's replies when a stage would need more than its limit and `allowDiskUse` is not set. */
export function stageMemoryExceeded(stage: "$group" | "$lookup" | "$sort", limitBytes: number): BackendError {
  const message =
    stage === "$sort"
      ? `Sort exceeded memory limit of ${limitBytes} bytes, but did not opt in to external sorting.`
      : `Exceeded memory limit for ${stage}, but didn't allow external spilling; pass allowDiskUse:true to opt in`;
  return new BackendError("QueryExceededMemoryLimitNoDiskUseAllowed", message);
}

/** Stages that hold their groups until their input ends, accounted by what they hold (their output). */
const GROUPING = new Set(["$group", "$bucket", "$bucketAuto"]);

/**
 * Runs an aggregation pipeline one stage at a time over `input`, accounting the BSON bytes its blocking
 * stages hold as mongod does: a `$sort` or `$bucketAuto` holds its whole input, a `$group` (or `$bucket`)
 * its groups, and a `$group` or `$bucket` its growing accumulators while it reads (`group-stage.ts`; mongod
 * runs a `$bucket` as a `$group` whose key is the bucket, and so is it accounted).
 * Past `limitBytes` (undefined: no limit, `allowDiskUse: true`) the stage fails with
 * QueryExceededMemoryLimitNoDiskUseAllowed (292). The embedded engine cannot spill to disk, so with
 * `allowDiskUse` the bound is the worker's heap limit instead.
 */
export function runStages(stages: readonly Document[], input: Iterable<Document>, options: Partial<Options>, limitBytes: number | undefined): Iterator<Document> {
  let current: Iterable<Document> = input;
  for (const stage of stages) {
    const name = Object.keys(stage)[0] ?? "";
    const feed = limitBytes === undefined ? current : accountedInput(name, current, limitBytes);
    const out = iterable(new Aggregator([stage], { ...options, context: stageContext(name, limitBytes) }).stream(feed) as unknown as Iterator<Document>);
    current = limitBytes !== undefined && GROUPING.has(name) ? accounted(out, "$group", limitBytes) : out;
  }
  return current[Symbol.iterator]();
}

/** The input of a stage that holds all it reads before it yields, accounted as it is read. */
function accountedInput(name: string, input: Iterable<Document>, limitBytes: number): Iterable<Document> {
  // mongod's $bucketAuto sorts its whole input before cutting it into buckets, and fails as that sort does.
  return name === "$sort" || name === "$bucketAuto" ? accounted(input, "$sort", limitBytes) : input;
}

/** The operators a stage runs with: a `$group` or `$bucket` under a limit accounts its groups as it reads. */
function stageContext(name: string, limitBytes: number | undefined) {
  if (limitBytes === undefined || (name !== "$group" && name !== "$bucket")) return PIPELINE_CONTEXT;
  return pipelineContext({ limitBytes, exceeded: () => stageMemoryExceeded("$group", limitBytes) });
}

function iterable(iterator: Iterator<Document>): Iterable<Document> {
  return { [Symbol.iterator]: () => iterator };
}

function* accounted(source: Iterable<Document>, stage: "$group" | "$sort", limitBytes: number): Generator<Document> {
  let held = 0;
  for (const doc of source) {
    held += calculateObjectSize(doc);
    if (held > limitBytes) throw stageMemoryExceeded(stage, limitBytes);
    yield doc;
  }
}
