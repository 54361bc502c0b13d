import { ACTION } from "./actions.js";
import { firstKey, namespaceOf, trueValue, type CommandDocument } from "./command-values.js";
import type { PrivilegeSet } from "./privilege-set.js";

/** Stages that add no requirement beyond reading the pipeline's input. */
const PLAIN_STAGES = new Set([
  "$addFields", "$bucket", "$bucketAuto", "$changeStreamSplitLargeEvent", "$count", "$densify", "$fill", "$geoNear",
  "$group", "$limit", "$match", "$project", "$redact", "$replaceRoot", "$replaceWith", "$sample", "$search",
  "$searchMeta", "$set", "$setWindowFields", "$skip", "$sort", "$sortByCount", "$unset", "$unwind", "$vectorSearch",
]);

/**
 * Stages that generate their own input, so the pipeline needs no `find` on its namespace when one of
 * them comes first (mongod's "initial source" stages).
 */
const INITIAL_SOURCES = new Set([
  "$changeStream", "$collStats", "$currentOp", "$documents", "$indexStats", "$listLocalSessions", "$listSampledQueries",
  "$listSearchIndexes", "$listSessions", "$planCacheStats", "$querySettings", "$queryStats", "$shardedDataDistribution",
]);

/** Stages with a requirement of their own (see `stageAllowed`). */
const CHECKED_STAGES = new Set(["$lookup", "$unionWith", "$graphLookup", "$facet", "$out", "$merge"]);

/** Whether mongod knows the stage name (the rest it refuses with 40324 before authorizing). */
export function isKnownStage(name: string): boolean {
  return PLAIN_STAGES.has(name) || INITIAL_SOURCES.has(name) || CHECKED_STAGES.has(name);
}

const MAX_PIPELINE_DEPTH = 20;

/** What a pipeline is being checked against: its namespace (coll null for `aggregate: 1`). */
interface PipelineContext {
  p: PrivilegeSet;
  db: string;
  coll: string | null;
  bypass: boolean;
}

function startsWithInitialSource(pipeline: unknown[]): boolean {
  const first = pipeline[0];
  if (first === null || typeof first !== "object") return false;
  const name = firstKey(first);
  return name !== undefined && INITIAL_SOURCES.has(name);
}

function canFind(ctx: PipelineContext, db: string, coll: string): boolean {
  return ctx.p.canNamespace(db, coll, ACTION.find);
}

/**
 * Decides whether a pipeline may run on `db.coll` (coll null for a collectionless `aggregate: 1`):
 * `find` on the namespace unless the first stage is an initial source, then every stage's own needs,
 * recursing into `$lookup`, `$unionWith` and `$facet` sub-pipelines. Unknown stages are refused.
 */
export function pipelineAllowed(p: PrivilegeSet, db: string, coll: string | null, pipeline: unknown, bypass: boolean): boolean {
  if (!Array.isArray(pipeline)) return false;
  const ctx: PipelineContext = { p, db, coll, bypass };
  if (pipeline.length === 0 || !startsWithInitialSource(pipeline)) {
    // mongod checks a collectionless pipeline against the pseudo-namespace "<db>.$cmd.aggregate".
    if (!canFind(ctx, db, coll ?? "$cmd.aggregate")) return false;
  }
  return stagesAllowed(ctx, pipeline, 0);
}

function stagesAllowed(ctx: PipelineContext, stages: unknown[], depth: number): boolean {
  if (depth > MAX_PIPELINE_DEPTH) return false;
  for (const stage of stages) {
    if (stage === null || typeof stage !== "object" || Array.isArray(stage)) return false;
    const name = firstKey(stage);
    if (name === undefined || !stageAllowed(ctx, name, (stage as CommandDocument)[name], depth)) return false;
  }
  return true;
}

/** A sub-pipeline of $lookup/$unionWith: find on its foreign namespace unless it starts with a source. */
function subPipelineAllowed(ctx: PipelineContext, foreign: { db: string; coll: string } | undefined, pipeline: unknown, depth: number): boolean {
  if (pipeline !== undefined && !Array.isArray(pipeline)) return false;
  const stages = pipeline ?? [];
  if (stages.length === 0 || !startsWithInitialSource(stages)) {
    if (foreign === undefined || !canFind(ctx, foreign.db, foreign.coll)) return false;
  }
  const inner: PipelineContext = foreign ? { ...ctx, db: foreign.db, coll: foreign.coll } : { ...ctx, coll: null };
  return stagesAllowed(inner, stages, depth + 1);
}

function onNamespace(ctx: PipelineContext, action: number): boolean {
  return ctx.coll !== null && ctx.p.canNamespace(ctx.db, ctx.coll, action);
}

function writeTargetAllowed(ctx: PipelineContext, target: { db: string; coll: string } | undefined, actions: number[]): boolean {
  if (target === undefined) return false;
  if (ctx.bypass) actions.push(ACTION.bypassDocumentValidation);
  return actions.every((a) => ctx.p.canNamespace(target.db, target.coll, a));
}

function mergeActions(spec: CommandDocument): number[] {
  const whenMatched = Array.isArray(spec.whenMatched) ? "pipeline" : (spec.whenMatched ?? "merge");
  const whenNotMatched = spec.whenNotMatched ?? "insert";
  const updates = whenMatched === "replace" || whenMatched === "merge" || whenMatched === "pipeline";
  if (whenMatched === "fail" && whenNotMatched === "insert") return [ACTION.insert];
  if (updates && (whenNotMatched === "fail" || whenNotMatched === "discard")) return [ACTION.update];
  // Every other mode (and any mode mongod would reject later) needs both.
  return [ACTION.insert, ACTION.update];
}

function stageAllowed(ctx: PipelineContext, name: string, spec: unknown, depth: number): boolean {
  if (PLAIN_STAGES.has(name)) return true;
  const doc = (spec !== null && typeof spec === "object" ? spec : {}) as CommandDocument;
  switch (name) {
    case "$lookup": {
      const foreign = doc.from === undefined ? undefined : namespaceOf(doc.from, ctx.db);
      if (doc.from !== undefined && foreign === undefined) return false;
      return subPipelineAllowed(ctx, foreign, doc.pipeline, depth);
    }
    case "$unionWith": {
      const foreign = typeof spec === "string" ? namespaceOf(spec, ctx.db) : doc.coll === undefined ? undefined : namespaceOf(doc.coll, ctx.db);
      return subPipelineAllowed(ctx, foreign, typeof spec === "string" ? undefined : doc.pipeline, depth);
    }
    case "$graphLookup": {
      const foreign = namespaceOf(doc.from, ctx.db);
      return foreign !== undefined && canFind(ctx, foreign.db, foreign.coll);
    }
    case "$facet":
      return Object.values(doc).every((sub) => Array.isArray(sub) && stagesAllowed(ctx, sub, depth + 1));
    case "$out":
      return writeTargetAllowed(ctx, namespaceOf(spec, ctx.db), [ACTION.insert, ACTION.remove]);
    case "$merge": {
      const into = typeof spec === "string" ? spec : doc.into;
      return writeTargetAllowed(ctx, namespaceOf(into, ctx.db), typeof spec === "string" ? [ACTION.insert, ACTION.update] : mergeActions(doc));
    }
    case "$collStats":
      return onNamespace(ctx, ACTION.collStats);
    case "$indexStats":
      return onNamespace(ctx, ACTION.indexStats);
    case "$planCacheStats":
      return onNamespace(ctx, ACTION.planCacheRead);
    case "$listSearchIndexes":
      return onNamespace(ctx, ACTION.listSearchIndexes);
    case "$changeStream":
      return changeStreamAllowed(ctx, doc);
    case "$currentOp":
      return !trueValue(doc.allUsers) || ctx.p.canCluster(ACTION.inprog);
    case "$listSessions":
    case "$listLocalSessions": {
      const others = trueValue(doc.allUsers) || (Array.isArray(doc.users) && doc.users.length > 0);
      return !others || ctx.p.canCluster(ACTION.listSessions);
    }
    case "$documents":
      return true;
    case "$querySettings":
      return ctx.p.canCluster(ACTION.querySettings);
    case "$queryStats":
      return ctx.p.canCluster(ACTION.queryStatsRead);
    case "$shardedDataDistribution":
      return ctx.p.canCluster(ACTION.shardedDataDistribution);
    case "$listSampledQueries":
      return ctx.p.canCluster(ACTION.listSampledQueries);
    default:
      return false;
  }
}

function changeStreamAllowed(ctx: PipelineContext, spec: CommandDocument): boolean {
  const both = (check: (a: number) => boolean) => check(ACTION.changeStream) && check(ACTION.find);
  if (trueValue(spec.allChangesForCluster)) return both((a) => ctx.p.canAnyNormal(a));
  if (ctx.coll === null) return both((a) => ctx.p.canDatabase(ctx.db, a));
  const coll = ctx.coll;
  return both((a) => ctx.p.canNamespace(ctx.db, coll, a));
}
