import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { isPlainDocument } from "../storage/canonical-key.js";
import { CollectionWriter } from "../storage/collection-writer.js";
import { validateCollectionName } from "../storage/namespace.js";
import type { CommandEnv } from "./command-env.js";
import { withId } from "./write-errors.js";

/**
 * Carries out a final `$out` stage (`"coll"` or `{db, coll}`, any database of the cluster):
 * every result is computed first, then the target's documents are replaced in one
 * transaction, keeping its indexes. A failure (a duplicate `_id`, a unique index
 * violation) leaves the target as it was, as mongod's temporary-collection swap does.
 */
export function writeOut(env: CommandEnv, out: unknown, results: Iterator<Document>, bypassDocumentValidation: boolean): void {
  let db = env.context.db;
  let name: string;
  if (typeof out === "string") name = out;
  else if (isPlainDocument(out) && typeof out["coll"] === "string") {
    name = out["coll"];
    if (typeof out["db"] === "string") db = out["db"];
  } else {
    throw new BackendError("FailedToParse", "$out stage requires a string or object argument with 'coll' and optionally 'db'");
  }
  validateCollectionName(db, name);
  // The source may be the target itself, so everything is read before anything is replaced.
  const docs: Document[] = [];
  for (let r = results.next(); !r.done; r = results.next()) docs.push(withId(r.value));
  env.write(() => {
    const { handle } = env.catalog.ensure(db, name);
    env.store.truncateCollection(handle.row.id, handle.indexes.map((i) => i.id));
    const writer = new CollectionWriter(env.store, handle, { bypassDocumentValidation });
    for (const doc of docs) writer.insert(doc);
  });
  env.cursors.killNamespace(db, `${db}.${name}`);
}
