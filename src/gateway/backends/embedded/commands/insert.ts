import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import { CollectionWriter } from "../storage/collection-writer.js";
import { validateCollectionName } from "../storage/namespace.js";
import { boolArg, collectionArg, requiredArrayArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { eachStatement, withId, withWriteErrors } from "./write-errors.js";

/** `insert`: ordered or unordered, creating the collection on first use; `{n, writeErrors?, ok}`. */
export function insert(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  validateCollectionName(db, name);
  const documents = requiredArrayArg(command, "documents");
  const ordered = boolArg(command, "ordered") ?? true;
  const bypassDocumentValidation = boolArg(command, "bypassDocumentValidation") ?? false;
  let n = 0;
  const errors = env.write(() => {
    const writer = new CollectionWriter(env.store, env.catalog.ensure(db, name).handle, { bypassDocumentValidation });
    return eachStatement(documents, ordered, (doc) => {
      if (!isPlainDocument(doc)) throw new BackendError("TypeMismatch", "BSON field 'insert.documents' must hold documents");
      writer.insert(withId(doc));
      n++;
    });
  });
  return withWriteErrors({ n }, errors);
}
