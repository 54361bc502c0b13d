import { hostname } from "node:os";
import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import type { CommandEnv } from "./command-env.js";
import { storageStats, storageStatsScale } from "./stats.js";

/** mongod's answer when no search index management is configured (search_index_common.cpp). */
export const SEARCH_NOT_ENABLED =
  "Using Atlas Search Database Commands and the $listSearchIndexes aggregation stage requires additional configuration. " +
  "Please connect to Atlas or an AtlasCLI local deployment to enable. For more information on how to connect, see " +
  "https://dochub.mongodb.org/core/atlas-cli-deploy-local-reqs.";

const SEARCH_STAGES = new Set(["$listSearchIndexes", "$search", "$searchMeta", "$vectorSearch"]);

/** A leading stage the embedded backend answers itself, and the documents it produces. */
export interface GeneratedSource {
  readonly docs: Document[];
}

/** The operation an embedded command is while it runs, as `$currentOp` and `currentOp` report it. */
export function currentOperation(env: CommandEnv, command: Document, ns: string): Document {
  const nul = env.context.owner.indexOf("\u0000");
  const effectiveUsers = nul < 0 ? [] : [{ user: env.context.owner.slice(nul + 1), db: env.context.owner.slice(0, nul) }];
  return {
    type: "op",
    host: hostname(),
    desc: `conn${env.context.connectionId}`,
    connectionId: env.context.connectionId,
    active: true,
    currentOpTime: new Date().toISOString(),
    effectiveUsers,
    opid: env.context.connectionId,
    secs_running: 0,
    microsecs_running: 0,
    op: "command",
    ns,
    command,
    numYields: 0,
    waitingForLock: false,
  };
}

function collStatsSource(env: CommandEnv, collection: string | undefined, spec: Document): GeneratedSource {
  const db = env.context.db;
  if (collection === undefined) throw new BackendError("InvalidNamespace", "$collStats must be run against a collection namespace");
  for (const key of Object.keys(spec)) {
    if (key !== "storageStats" && key !== "count") {
      throw new BackendError("CommandNotSupported", `$collStats ${key} is not supported by the embedded backend (it keeps no ${key}); storageStats and count are`);
    }
  }
  const out: Document = { ns: `${db}.${collection}`, host: hostname(), localTime: new Date() };
  const storage = spec.storageStats;
  const needs = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (err) {
      if (err instanceof BackendError && err.codeName === "NamespaceNotFound") {
        throw new BackendError("NamespaceNotFound", `Unable to retrieve ${what} in $collStats stage :: caused by :: ${err.message}`);
      }
      throw err;
    }
  };
  if (storage !== undefined) {
    const scale = isPlainDocument(storage) ? storageStatsScale(storage) : 1;
    needs("storageStats", () => (out.storageStats = storageStats(env, db, collection, scale)));
  }
  if (spec.count !== undefined) needs("count", () => (out.count = storageStats(env, db, collection, 1).count as number));
  return { docs: [out] };
}

/**
 * The documents of a pipeline's first stage when it is one the embedded backend generates itself
 * (`$collStats`, `$currentOp`), or undefined for ordinary pipelines. Search stages fail with
 * SearchNotEnabled, as a mongod without search index management answers.
 */
export function generatedSource(env: CommandEnv, command: Document, collection: string | undefined, first: Document | undefined): GeneratedSource | undefined {
  const name = first === undefined ? undefined : Object.keys(first)[0];
  if (name === undefined || first === undefined) return undefined;
  if (SEARCH_STAGES.has(name)) {
    const message = name === "$listSearchIndexes" ? SEARCH_NOT_ENABLED : SEARCH_NOT_ENABLED.replace("Atlas Search Database Commands and the $listSearchIndexes aggregation stage", "$search and $vectorSearch aggregation stages");
    throw new BackendError("SearchNotEnabled", message);
  }
  const spec: unknown = first[name];
  if (name === "$collStats") return collStatsSource(env, collection, isPlainDocument(spec) ? spec : {});
  if (name === "$currentOp") {
    if (env.context.db !== "admin" || collection !== undefined) {
      throw new BackendError("InvalidNamespace", "$currentOp must be run against the 'admin' database with {aggregate: 1}");
    }
    return { docs: [currentOperation(env, command, "admin.$cmd.aggregate")] };
  }
  if (name === "$indexStats" || name === "$planCacheStats") {
    throw new BackendError("CommandNotSupported", `${name} is not supported by the embedded backend (it keeps no index or plan cache statistics)`);
  }
  return undefined;
}
