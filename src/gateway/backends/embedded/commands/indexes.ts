import { serialize, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { canonicalKey, isPlainDocument } from "../storage/canonical-key.js";
import type { CollectionHandle } from "../storage/catalog.js";
import { scanCollection } from "../storage/document-source.js";
import { ID_INDEX, defaultIndexName, parseIndexRow, validateKeyPattern, type IndexInfo } from "../storage/index-info.js";
import { duplicateKeyError } from "../storage/collection-writer.js";
import { indexEntries } from "../storage/index-keys.js";
import { validateCollectionName } from "../storage/namespace.js";
import { mongodValueString } from "../../../mongod-text/mongod-bson-string.js";
import { collectionArg, cursorBatchSize, requiredArrayArg } from "./command-args.js";
import type { CommandEnv } from "./command-env.js";
import { cursorReply } from "./cursor-reply.js";

/** Index options the embedded engine honours; anything else is refused, not silently dropped. */
const SUPPORTED_OPTIONS = new Set(["key", "name", "unique", "sparse", "partialFilterExpression", "v", "background"]);

function sameKey(a: Document, b: Document): boolean {
  return canonicalKey(a).equals(canonicalKey(b));
}

function normalizedSpec(raw: unknown): Document {
  if (!isPlainDocument(raw)) throw new BackendError("TypeMismatch", "Each index specification must be an object");
  for (const option of Object.keys(raw)) {
    if (!SUPPORTED_OPTIONS.has(option)) {
      throw new BackendError("CannotCreateIndex", `index option '${option}' is not supported by the embedded backend`);
    }
  }
  const name = typeof raw["name"] === "string" ? raw["name"] : undefined;
  const key = validateKeyPattern(raw["key"], name ?? "");
  const spec: Document = { v: 2, key, name: name ?? defaultIndexName(key) };
  if (raw["unique"] === true) spec["unique"] = true;
  if (raw["sparse"] === true) spec["sparse"] = true;
  if (isPlainDocument(raw["partialFilterExpression"])) spec["partialFilterExpression"] = raw["partialFilterExpression"];
  return spec;
}

/** Builds a new index's entries from the collection's documents; a unique violation aborts the build. */
function buildIndex(env: CommandEnv, handle: CollectionHandle, index: IndexInfo): void {
  for (const { idKey, doc } of scanCollection(env.store, handle.row.id)) {
    for (const entry of indexEntries(index, doc)) {
      if (index.unique && env.store.otherHolder(index.id, entry.key, idKey)) {
        throw duplicateKeyError(handle.ns, index.name, index.spec["key"] as Document, entry.keyValue);
      }
      env.store.addIndexEntry(index.id, entry.key, idKey);
    }
  }
}

/**
 * `createIndexes`: creates the missing indexes (building them from existing documents),
 * creating the collection if needed; an identical existing index is a no-op, a clash of
 * name or key pattern with different options an error, as in mongod.
 */
export function createIndexes(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  validateCollectionName(db, name);
  const specs = requiredArrayArg(command, "indexes").map(normalizedSpec);
  if (specs.length === 0) throw new BackendError("BadValue", "Must specify at least one index to create");
  return env.write(() => {
    const { handle, created } = env.catalog.ensure(db, name);
    const before = handle.indexes.length + 1;
    let current = handle;
    for (const spec of specs) {
      const key = spec["key"] as Document;
      if (spec["name"] === ID_INDEX.name || sameKey(key, ID_INDEX.key)) continue;
      const byName = current.indexes.find((i) => i.name === spec["name"]);
      const byKey = current.indexes.find((i) => sameKey(i.spec["key"] as Document, key));
      if (byName && canonicalKey(byName.spec).equals(canonicalKey(spec))) continue;
      if (byName) {
        throw new BackendError("IndexKeySpecsConflict", `An existing index has the same name as the requested index. Requested index: ${mongodValueString(spec)}, existing index: ${mongodValueString(byName.spec)}`);
      }
      if (byKey) throw new BackendError("IndexOptionsConflict", `Index already exists with a different name: ${byKey.name}`);
      const id = env.store.insertIndex(handle.row.id, spec["name"] as string, Buffer.from(serialize(spec)));
      const info = parseIndexRow({ id, collection_id: handle.row.id, name: spec["name"] as string, spec: Buffer.from(serialize(spec)) });
      buildIndex(env, current, info);
      current = { ...current, indexes: env.catalog.refreshIndexes(handle.row.id) };
    }
    const after = current.indexes.length + 1;
    const reply: Document = { numIndexesBefore: before, numIndexesAfter: after, createdCollectionAutomatically: created };
    if (after === before) reply["note"] = "all indexes already exist";
    return { ...reply, ok: 1 };
  });
}

/** `listIndexes`: a cursor over the index specifications, `_id_` first. */
export function listIndexes(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  const handle = env.catalog.find(db, name);
  if (!handle) throw new BackendError("NamespaceNotFound", `ns does not exist: ${db}.${name}`);
  const specs: Document[] = [{ ...ID_INDEX, key: { ...ID_INDEX.key } }, ...handle.indexes.map((i) => i.spec)];
  const ns = `${db}.$cmd.listIndexes.${name}`;
  const batchSize = cursorBatchSize(command);
  const batch = env.cursors.open(ns, env.context, specs[Symbol.iterator](), batchSize !== undefined ? { batchSize } : {});
  return cursorReply(ns, batch, "firstBatch");
}

/** `dropIndexes`: by name, by key pattern, a list of names, or `"*"` for all but `_id_`. */
export function dropIndexes(command: Document, env: CommandEnv): Document {
  const db = env.context.db;
  const name = collectionArg(command, db);
  const handle = env.catalog.find(db, name);
  if (!handle) throw new BackendError("NamespaceNotFound", `ns not found ${db}.${name}`);
  const target: unknown = command["index"];
  const doomed = selectIndexes(handle, target);
  env.write(() => {
    for (const index of doomed) env.store.deleteIndex(index.id);
    env.catalog.refreshIndexes(handle.row.id);
  });
  return { nIndexesWas: handle.indexes.length + 1, ok: 1 };
}

function selectIndexes(handle: CollectionHandle, target: unknown): IndexInfo[] {
  if (target === "*") return [...handle.indexes];
  const names = Array.isArray(target) ? target : [target];
  return names.map((t) => {
    if (t === ID_INDEX.name || (isPlainDocument(t) && sameKey(t, ID_INDEX.key))) {
      throw new BackendError("InvalidOptions", "cannot drop _id index");
    }
    if (typeof t === "string") {
      const found = handle.indexes.find((i) => i.name === t);
      if (!found) throw new BackendError("IndexNotFound", `index not found with name [${t}]`);
      return found;
    }
    if (isPlainDocument(t)) {
      const found = handle.indexes.find((i) => sameKey(i.spec["key"] as Document, t));
      if (!found) throw new BackendError("IndexNotFound", `can't find index with key: ${mongodValueString(t)}`);
      return found;
    }
    throw new BackendError("TypeMismatch", "BSON field 'dropIndexes.index' must be a string, an object or an array of strings");
  });
}
