import type { Document } from "bson";
import { runQuery } from "../eval/query-runner.js";
import { validateDbName } from "../storage/namespace.js";
import { boolArg, collectionArg, countArg, documentArg, requireSimpleCollation } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { cursorReply, mapIterator } from "./cursor-reply.js";

/**
 * `find`: filter, projection, sort, skip, limit, batchSize, singleBatch. A missing
 * collection is an empty result, as in mongod. Results after the first batch stay in a
 * cursor owned by the caller.
 */
export function find(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  validateDbName(db);
  const name = collectionArg(command, db);
  requireSimpleCollation(command);
  const ns = `${db}.${name}`;
  // The arguments are checked in this order (filter last): it decides which error a command with several bad ones gets.
  const matches = runQuery(env.store, env.catalog.find(db, name), {
    limit: countArg(command, "limit"),
    skip: countArg(command, "skip"),
    sort: documentArg(command, "sort"),
    projection: documentArg(command, "projection"),
    filter: documentArg(command, "filter") ?? {},
    maxSortBytes: env.maxSortBytes,
  });
  const batchSize = countArg(command, "batchSize");
  const batch = env.cursors.open(ns, env.context, mapIterator(matches, (m) => m.output), {
    ...(batchSize !== undefined ? { batchSize } : {}),
    singleBatch: boolArg(command, "singleBatch") ?? false,
  });
  return cursorReply(ns, batch, "firstBatch");
}
