import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { runQuery } from "../eval/query-runner.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import { CollectionWriter } from "../storage/collection-writer.js";
import { boolArg, collectionArg, countArg, documentArg, requiredArrayArg, requireSimpleCollation } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { eachStatement, withWriteErrors } from "./write-errors.js";

/** `delete`: statements `{q, limit: 0 | 1}`; `{n, writeErrors?, ok}`. */
export function deleteCommand(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  const statements = requiredArrayArg(command, "deletes");
  const ordered = boolArg(command, "ordered") ?? true;
  let n = 0;
  const errors = env.write(() => {
    const handle = env.catalog.find(db, name);
    return eachStatement(statements, ordered, (statement) => {
      if (!isPlainDocument(statement)) throw new BackendError("TypeMismatch", "BSON field 'delete.deletes' must hold documents");
      requireSimpleCollation(statement);
      const limit = countArg(statement, "limit") ?? 0;
      if (limit > 1) throw new BackendError("FailedToParse", `The limit field in delete objects must be 0 or 1. Got ${limit}`);
      const filter = documentArg(statement, "q");
      if (!filter) throw new BackendError("FailedToParse", "BSON field 'delete.deletes.q' is missing but a required field");
      const matches = runQuery(env.store, handle, { filter, ...(limit === 1 ? { limit: 1 } : {}) });
      if (!handle) return;
      const writer = new CollectionWriter(env.store, handle);
      for (const match of matches) {
        writer.delete(match.idKey);
        n++;
      }
    });
  });
  return withWriteErrors({ n }, errors);
}
