import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { applyUpdate, updateKind, upsertSeed } from "../eval/apply-update.js";
import { runQuery } from "../eval/query-runner.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import type { CollectionHandle } from "../storage/catalog.js";
import { CollectionWriter, encode } from "../storage/collection-writer.js";
import { validateCollectionName } from "../storage/namespace.js";
import { arrayArg, boolArg, collectionArg, documentArg, requiredArrayArg, requireSimpleCollation } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { eachStatement, withId, withWriteErrors } from "./write-errors.js";

/** A parsed update statement. */
export interface UpdateStatement {
  readonly q: Document;
  readonly u: Document | Document[];
  readonly upsert: boolean;
  readonly multi: boolean;
  readonly arrayFilters?: Document[];
}

/** Parses one entry of `updates` (also the shape findAndModify builds). */
export function parseUpdateStatement(statement: unknown): UpdateStatement {
  if (!isPlainDocument(statement)) throw new BackendError("TypeMismatch", "BSON field 'update.updates' must hold documents");
  requireSimpleCollation(statement);
  const q = documentArg(statement, "q");
  if (!q) throw new BackendError("FailedToParse", "BSON field 'update.updates.q' is missing but a required field");
  const u = statement["u"] as Document | Document[] | undefined;
  if (u === undefined) throw new BackendError("FailedToParse", "BSON field 'update.updates.u' is missing but a required field");
  const multi = boolArg(statement, "multi") ?? false;
  if (multi && updateKind(u) === "replacement") {
    throw new BackendError("FailedToParse", "multi update is not supported for replacement-style update");
  }
  const arrayFilters = arrayArg(statement, "arrayFilters") as Document[] | undefined;
  return { q, u, upsert: boolArg(statement, "upsert") ?? false, multi, ...(arrayFilters ? { arrayFilters } : {}) };
}

/** The outcome of one update statement. */
export interface UpdateOutcome {
  readonly matched: number;
  readonly modified: number;
  /** The upserted document, when the statement inserted one. */
  readonly upserted?: Document;
  /** The last matched document before and after the update (for findAndModify). */
  readonly before?: Document;
  readonly after?: Document;
}

/**
 * Applies one statement: updates the first (or, with multi, every) match, or inserts the
 * upsert seed when nothing matched. A document counts as modified when its bytes changed.
 */
export function applyStatement(
  env: CommandEnv,
  handle: CollectionHandle,
  statement: UpdateStatement,
  options: { sort?: Document; bypassDocumentValidation?: boolean } = {},
): UpdateOutcome {
  const sort = options.sort;
  const writer = new CollectionWriter(env.store, handle, { bypassDocumentValidation: options.bypassDocumentValidation ?? false });
  const apply = { filter: statement.q, inserting: false, ...(statement.arrayFilters ? { arrayFilters: statement.arrayFilters } : {}) };
  let matched = 0;
  let modified = 0;
  let before: Document | undefined;
  let after: Document | undefined;
  for (const match of runQuery(env.store, handle, { filter: statement.q, ...(sort ? { sort } : {}), ...(statement.multi ? {} : { limit: 1 }), maxSortBytes: env.maxSortBytes })) {
    matched++;
    const updated = applyUpdate(match.doc, statement.u, apply);
    const bytes = encode(updated);
    if (!bytes.equals(encode(match.doc))) {
      writer.replace(match.idKey, updated, match.doc);
      modified++;
    }
    before = match.doc;
    after = updated;
  }
  if (matched > 0 || !statement.upsert) return { matched, modified, ...(before ? { before } : {}), ...(after ? { after } : {}) };
  const upserted = withId(applyUpdate(upsertSeed(statement.q), statement.u, { ...apply, inserting: true }));
  writer.insert(upserted);
  return { matched: 0, modified: 0, upserted, after: upserted };
}

/** `update`: statements `{q, u, upsert, multi, arrayFilters}`; `{n, nModified, upserted?, writeErrors?, ok}`. */
export function update(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  const statements = requiredArrayArg(command, "updates").map(parseUpdateStatement);
  const ordered = boolArg(command, "ordered") ?? true;
  const bypassDocumentValidation = boolArg(command, "bypassDocumentValidation") ?? false;
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const errors = env.write(() =>
    eachStatement(statements, ordered, (statement, index) => {
      let handle = env.catalog.find(db, name);
      if (!handle) {
        if (!statement.upsert) return;
        validateCollectionName(db, name);
        handle = env.catalog.ensure(db, name).handle;
      }
      const outcome = applyStatement(env, handle, statement, { bypassDocumentValidation });
      n += outcome.matched;
      nModified += outcome.modified;
      if (outcome.upserted) {
        n++;
        upserted.push({ index, _id: outcome.upserted["_id"] });
      }
    }),
  );
  const reply: Document = { n, nModified, ...(upserted.length > 0 ? { upserted } : {}) };
  return withWriteErrors(reply, errors);
}
