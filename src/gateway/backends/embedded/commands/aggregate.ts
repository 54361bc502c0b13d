import { Long, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { fromEval, toEvalDocument } from "../eval/bson-eval.js";
import { checkForInterrupt } from "../eval/operation-deadline.js";
import { checkPipelineStage } from "../eval/apply-update.js";
import { queryOptions } from "../eval/query-options.js";
import { runStages, stageMemoryExceeded } from "../eval/stage-memory.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import { candidateDocuments, scanCollection } from "../storage/document-source.js";
import { generatedSource } from "./aggregate-sources.js";
import { boolArg, cursorBatchSize, numberValue, requiredArrayArg, requireSimpleCollation } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { cursorReply } from "./cursor-reply.js";
import { explainCommand } from "./explain.js";
import { writeOut } from "./aggregate-out.js";

/**
 * `aggregate` over a collection (or `aggregate: 1`, sent as any number type, for pipelines that
 * start with `$documents` or `$currentOp`), evaluated by mingo:
 * - the collection streams in from storage (through the `_id` key or an index when the
 *   pipeline starts with a `$match` on them); results stream out through a cursor unless a
 *   blocking stage ($group, $sort, ...) needs every input first;
 * - `$lookup`, `$graphLookup` and `$unionWith` read other collections of the same database,
 *   each loaded whole into memory once per aggregate;
 * - a final `$out` replaces its target collection in one transaction;
 * - a leading `$collStats` or `$currentOp` is answered by the backend (aggregate-sources.ts).
 * Documents that pass through unchanged are returned as stored (exact BSON types); computed
 * ones carry numbers as mingo computed them.
 */
export function aggregate(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const target: unknown = command["aggregate"];
  const name = typeof target === "string" ? target : undefined;
  if (name === undefined && numberValue(target) !== 1) {
    throw new BackendError("FailedToParse", "Invalid command format: the 'aggregate' field must specify a collection name or 1");
  }
  if (boolArg(command, "explain")) {
    if (name === undefined) throw new BackendError("CommandNotSupported", "explain of a collectionless aggregate is not supported by the embedded backend");
    return explainCommand(command, "queryPlanner", env);
  }
  requireSimpleCollation(command);
  if (command["cursor"] === undefined) {
    throw new BackendError("FailedToParse", "The 'cursor' option is required, except for aggregate with the explain argument");
  }
  const pipeline = requiredArrayArg(command, "pipeline").map((stage) => {
    checkPipelineStage(stage);
    return stage as Document;
  });
  const last = pipeline[pipeline.length - 1];
  const out = last && "$out" in last ? last["$out"] : undefined;
  const stages = out === undefined ? pipeline : pipeline.slice(0, -1);
  for (const stage of stages) {
    const op = Object.keys(stage)[0];
    if (op === "$out") throw new BackendError("Location40324", "$out can only be the final stage in the pipeline");
    if (op === "$merge") throw new BackendError("Location40324", "$merge is not supported by the embedded backend; use $out");
  }
  const ns = `${db}.${name ?? "$cmd.aggregate"}`;
  const generated = generatedSource(env, command, name, stages[0]);
  const evaluated = generated === undefined ? stages : stages.slice(1);

  const stored = new WeakMap<object, Document>();
  const memoryLimit = boolArg(command, "allowDiskUse") === true ? undefined : env.maxSortBytes;
  const loaded = new Map<string, Document[]>();
  let loadedBytes = 0;
  const loader = (foreign: string): Document[] => {
    let docs = loaded.get(foreign);
    if (!docs) {
      const handle = env.catalog.find(db, foreign);
      docs = [];
      // Held whole for the aggregate, like the inner side of mongod's hash join.
      for (const s of handle ? scanCollection(env.store, handle.row.id) : []) {
        loadedBytes += s.size;
        if (memoryLimit !== undefined && loadedBytes > memoryLimit) throw stageMemoryExceeded("$lookup", memoryLimit);
        docs.push(toEvalDocument(s.doc));
      }
      loaded.set(foreign, docs);
    }
    return docs;
  };
  const handle = name === undefined ? undefined : env.catalog.find(db, name);
  // A leading $match narrows what is read (primary key or index) the way find's filter does;
  // the stage itself still runs, so the candidates only need to be a superset.
  const leadingMatch = stages[0]?.["$match"];
  function* source(): Generator<Document> {
    if (generated !== undefined) {
      for (const doc of generated.docs) yield toEvalDocument(doc);
      return;
    }
    if (!handle) return;
    const rows = isPlainDocument(leadingMatch) ? candidateDocuments(env.store, handle, leadingMatch).docs : scanCollection(env.store, handle.row.id);
    for (const s of rows) {
      checkForInterrupt();
      const e = toEvalDocument(s.doc);
      stored.set(e, s.doc);
      yield e;
    }
  }
  const evalStages = evaluated.map((stage) => toEvalDocument(stage));
  const results = runStages(evalStages, source(), queryOptions(loader), memoryLimit);
  const outputs: Iterator<Document> = {
    next: () => {
      checkForInterrupt();
      const r = results.next();
      if (r.done) return { done: true, value: undefined };
      const doc = r.value as Document;
      return { done: false, value: stored.get(doc) ?? (fromEval(doc) as Document) };
    },
  };
  if (out !== undefined) {
    writeOut(env, out, outputs, boolArg(command, "bypassDocumentValidation") ?? false);
    return cursorReply(ns, { docs: [], id: Long.ZERO }, "firstBatch");
  }
  const batchSize = cursorBatchSize(command);
  const batch = env.cursors.open(ns, env.context, outputs, batchSize !== undefined ? { batchSize } : {});
  return cursorReply(ns, batch, "firstBatch");
}
