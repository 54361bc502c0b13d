import { Query } from "mingo";
import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { toEvalDocument } from "../eval/bson-eval.js";
import { queryOptions } from "../eval/query-options.js";
import { projectDocument, runQuery } from "../eval/query-runner.js";
import { CollectionWriter } from "../storage/collection-writer.js";
import { validateCollectionName } from "../storage/namespace.js";
import { arrayArg, boolArg, collectionArg, documentArg, requireSimpleCollation } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { applyStatement, parseUpdateStatement } from "./update.js";

/**
 * `findAndModify`: updates (or removes) the first document matching `query` in `sort`
 * order and returns it before (default) or after (`new: true`) the change, projected by
 * `fields`; `{lastErrorObject: {n, updatedExisting, upserted?}, value, ok}`.
 */
export function findAndModify(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  requireSimpleCollation(command);
  const filter = documentArg(command, "query") ?? {};
  const sort = documentArg(command, "sort");
  const fields = documentArg(command, "fields");
  const remove = boolArg(command, "remove") ?? false;
  const returnNew = boolArg(command, "new") ?? false;
  const upsert = boolArg(command, "upsert") ?? false;
  const u = command["update"] as Document | Document[] | undefined;
  if (remove && u !== undefined) throw new BackendError("FailedToParse", "Cannot specify both an update and remove=true");
  if (!remove && u === undefined) throw new BackendError("FailedToParse", "Either an update or remove=true must be specified");
  if (remove && upsert) throw new BackendError("FailedToParse", "Cannot specify both upsert=true and remove=true");
  if (remove && returnNew) {
    throw new BackendError("FailedToParse", "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document");
  }
  const project = (doc: Document | undefined): Document | null => {
    if (!doc) return null;
    if (!fields || Object.keys(fields).length === 0) return doc;
    return projectDocument(new Query(toEvalDocument(filter), queryOptions()), toEvalDocument(doc), toEvalDocument(fields), doc);
  };

  return env.write(() => {
    if (remove) {
      const handle = env.catalog.find(db, name);
      const match = runQuery(env.store, handle, { filter, limit: 1, ...(sort ? { sort } : {}), maxSortBytes: env.maxSortBytes }).next();
      if (match.done || !handle) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
      new CollectionWriter(env.store, handle).delete(match.value.idKey);
      return { lastErrorObject: { n: 1 }, value: project(match.value.doc), ok: 1 };
    }
    const arrayFilters = arrayArg(command, "arrayFilters");
    const statement = parseUpdateStatement({ q: filter, u, upsert, multi: false, ...(arrayFilters ? { arrayFilters } : {}) });
    let handle = env.catalog.find(db, name);
    if (!handle) {
      if (!upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
      validateCollectionName(db, name);
      handle = env.catalog.ensure(db, name).handle;
    }
    const outcome = applyStatement(env, handle, statement, {
      ...(sort ? { sort } : {}),
      bypassDocumentValidation: boolArg(command, "bypassDocumentValidation") ?? false,
    });
    if (outcome.upserted) {
      return {
        lastErrorObject: { n: 1, updatedExisting: false, upserted: outcome.upserted["_id"] },
        value: returnNew ? project(outcome.upserted) : null,
        ok: 1,
      };
    }
    return {
      lastErrorObject: { n: outcome.matched, updatedExisting: outcome.matched > 0 },
      value: project(returnNew ? outcome.after : outcome.before),
      ok: 1,
    };
  });
}
