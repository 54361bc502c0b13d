import { hostname } from "node:os";
import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { runQuery } from "../eval/query-runner.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import type { CollectionHandle } from "../storage/catalog.js";
import { candidateDocuments, type AccessPlan } from "../storage/document-source.js";
import { collectionArg, countArg, documentArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";

const VERBOSITIES = new Set(["queryPlanner", "executionStats", "allPlansExecution"]);

/** What explain needs of the explained command: its collection, filter and the stage on top of the read. */
interface Explained {
  collection: string;
  filter: Document;
  /** COUNT, UPDATE, DELETE, ... wrapping the access path; undefined for find. */
  top?: string;
  sort?: Document;
  skip?: number;
  limit?: number;
  /** For aggregate: the stages after the leading $match. */
  pipelineRest?: Document[];
}

function firstStatement(command: Document, field: string): Document {
  const list: unknown = command[field];
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  if (!isPlainDocument(first)) throw new BackendError("FailedToParse", `explain of ${Object.keys(command)[0]} needs at least one statement in '${field}'`);
  return first;
}

function describe(command: Document, db: string): Explained {
  const name = Object.keys(command)[0] ?? "";
  const collection = collectionArg(command, db);
  switch (name) {
    case "find": {
      const sort = documentArg(command, "sort");
      const skip = countArg(command, "skip");
      const limit = countArg(command, "limit");
      return { collection, filter: documentArg(command, "filter") ?? {}, ...(sort ? { sort } : {}), ...(skip ? { skip } : {}), ...(limit ? { limit } : {}) };
    }
    case "count":
      return { collection, filter: documentArg(command, "query") ?? {}, top: "COUNT" };
    case "distinct":
      return { collection, filter: documentArg(command, "query") ?? {}, top: "PROJECTION_DEFAULT" };
    case "findAndModify":
    case "findandmodify":
      return { collection, filter: documentArg(command, "query") ?? {}, top: command.remove === true ? "DELETE" : "UPDATE", limit: 1 };
    case "update":
      return { collection, filter: (firstStatement(command, "updates").q as Document | undefined) ?? {}, top: "UPDATE" };
    case "delete":
      return { collection, filter: (firstStatement(command, "deletes").q as Document | undefined) ?? {}, top: "DELETE" };
    case "aggregate": {
      const pipeline = (Array.isArray(command.pipeline) ? command.pipeline : []).filter(isPlainDocument);
      const leading = pipeline[0]?.$match;
      const filter = isPlainDocument(leading) ? leading : {};
      return { collection, filter, pipelineRest: isPlainDocument(leading) ? pipeline.slice(1) : pipeline };
    }
    default:
      throw new BackendError("CommandNotSupported", `explain of ${name} is not supported by the embedded backend`);
  }
}

function accessStage(plan: AccessPlan, handle: CollectionHandle | undefined, filter: Document): Document {
  if (plan.kind === "id") return { stage: "IDHACK" };
  if (plan.kind === "scan") return { stage: "COLLSCAN", filter, direction: "forward" };
  const index = handle?.indexes.find((i) => i.name === plan.name);
  const keyPattern = (index?.spec.key as Document | undefined) ?? { [plan.field]: 1 };
  return {
    stage: "FETCH",
    inputStage: {
      stage: "IXSCAN",
      keyPattern,
      indexName: plan.name,
      isMultiKey: false,
      isUnique: index?.unique ?? false,
      isSparse: index?.sparse ?? false,
      isPartial: false,
      indexVersion: 2,
      direction: "forward",
    },
  };
}

/** The queryPlanner section (and with it the access path the embedded engine will really take). */
function queryPlanner(env: CommandEnv, ns: string, what: Explained, handle: CollectionHandle | undefined): Document {
  const plan: AccessPlan = handle === undefined ? { kind: "scan" } : candidateDocuments(env.store, handle, what.filter).plan;
  let winning: Document = handle === undefined ? { stage: "EOF" } : accessStage(plan, handle, what.filter);
  if (what.sort !== undefined) winning = { stage: "SORT", sortPattern: what.sort, inputStage: winning };
  if (what.skip !== undefined) winning = { stage: "SKIP", skipAmount: what.skip, inputStage: winning };
  if (what.limit !== undefined) winning = { stage: "LIMIT", limitAmount: what.limit, inputStage: winning };
  if (what.top !== undefined) winning = { stage: what.top, inputStage: winning };
  return {
    namespace: ns,
    indexFilterSet: false,
    parsedQuery: what.filter,
    maxIndexedOrSolutionsReached: false,
    maxIndexedAndSolutionsReached: false,
    maxScansToExplodeReached: false,
    winningPlan: winning,
    rejectedPlans: [],
  };
}

/** Runs the read part of the plan (never a write) and reports what it examined. */
function executionStats(env: CommandEnv, what: Explained, handle: CollectionHandle | undefined): Document {
  const started = process.hrtime.bigint();
  let nReturned = 0;
  const matches = runQuery(env.store, handle, { filter: what.filter, sort: what.sort, skip: what.skip, limit: what.limit, maxSortBytes: env.maxSortBytes });
  for (const _ of matches) nReturned++;
  const candidates = handle === undefined ? undefined : candidateDocuments(env.store, handle, what.filter);
  let totalDocsExamined = 0;
  if (candidates !== undefined) for (const _ of candidates.docs) totalDocsExamined++;
  const totalKeysExamined = candidates === undefined || candidates.plan.kind === "scan" ? 0 : totalDocsExamined;
  return {
    executionSuccess: true,
    nReturned,
    executionTimeMillis: Number((process.hrtime.bigint() - started) / 1_000_000n),
    totalKeysExamined,
    totalDocsExamined,
  };
}

function serverInfo(): Document {
  return { host: hostname(), port: 0, version: "7.0.0", gitVersion: "certgate" };
}

/**
 * `explain` of find, aggregate, count, distinct, update, delete and findAndModify, and aggregate's
 * `explain: true`: the access path the embedded engine takes (IDHACK, IXSCAN through a single-field
 * index, or COLLSCAN) in mongod's explain shapes; with `executionStats` or `allPlansExecution` the read
 * is run (writes are never applied) and its counts reported.
 */
export function explainCommand(inner: Document, verbosity: string, env: CommandEnv): Document {
  if (!VERBOSITIES.has(verbosity)) throw new BackendError("FailedToParse", `verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`);
  const db = env.context.db;
  const what = describe(inner, db);
  const ns = `${db}.${what.collection}`;
  const handle = env.catalog.find(db, what.collection);
  const planner = queryPlanner(env, ns, what, handle);
  const stats = verbosity === "queryPlanner" ? undefined : executionStats(env, what, handle);
  const command = { ...inner, $db: db };
  if (what.pipelineRest !== undefined && what.pipelineRest.length > 0) {
    const cursor: Document = { queryPlanner: planner, ...(stats ? { executionStats: stats } : {}) };
    return { explainVersion: "1", stages: [{ $cursor: cursor }, ...what.pipelineRest], serverInfo: serverInfo(), command, ok: 1 };
  }
  return { explainVersion: "1", queryPlanner: planner, ...(stats ? { executionStats: stats } : {}), command, serverInfo: serverInfo(), ok: 1 };
}

/** The `explain` command: `{explain: <command>, verbosity}`. */
export function explain(command: Document, env: CommandEnv): Document {
  const inner = documentArg(command, "explain");
  if (inner === undefined) throw new BackendError("FailedToParse", "explain command requires a nested object");
  const verbosity = command.verbosity === undefined ? "allPlansExecution" : command.verbosity;
  if (typeof verbosity !== "string") throw new BackendError("FailedToParse", "explain verbosity must be a string");
  return explainCommand(inner, verbosity, env);
}
