import { UUID, type Document } from "bson";
import { Query } from "mingo";
import { toEvalDocument } from "../eval/bson-eval.js";
import { queryOptions } from "../eval/query-options.js";
import { ID_INDEX } from "../storage/index-info.js";
import { validateDbName } from "../storage/namespace.js";
import { boolArg, cursorBatchSize, documentArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { collectionOptions } from "./collections.js";
import { cursorReply } from "./cursor-reply.js";

/**
 * `listCollections`: a cursor over `{name, type, options, info, idIndex}` entries (or
 * `{name, type}` with nameOnly), filtered by `filter` on those fields. The gateway filters
 * for `authorizedCollections` before forwarding; the backend lists everything.
 */
export function listCollections(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  validateDbName(db);
  const nameOnly = boolArg(command, "nameOnly") ?? false;
  const filter = documentArg(command, "filter");
  const query = filter ? new Query(toEvalDocument(filter), queryOptions()) : undefined;
  const entries = env.store.listCollections(db).map((row): Document => {
    if (nameOnly) return { name: row.name, type: "collection" };
    return {
      name: row.name,
      type: "collection",
      options: collectionOptions(row.options),
      info: { readOnly: false, uuid: new UUID(row.uuid) },
      idIndex: { ...ID_INDEX },
    };
  });
  const selected = query ? entries.filter((e) => query.test(toEvalDocument(e))) : entries;
  const batchSize = cursorBatchSize(command);
  const ns = `${db}.$cmd.listCollections`;
  const batch = env.cursors.open(ns, env.context, selected[Symbol.iterator](), batchSize !== undefined ? { batchSize } : {});
  return cursorReply(ns, batch, "firstBatch");
}
