import { serialize, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { mongodValueString } from "../../../mongod-text/mongod-bson-string.js";
import { canonicalKey } from "./canonical-key.js";
import type { CollectionHandle } from "./catalog.js";
import type { IndexInfo } from "./index-info.js";
import { indexEntries, type IndexEntry } from "./index-keys.js";
import type { SqliteStore } from "./sqlite-store.js";
import { checkValidator } from "./validator.js";
import { checkInsertDepth, checkUpdatedDepth } from "./storage-depth.js";

/** mongod's limit on one document. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * Writes single documents with their index entries. Callers run it inside a store
 * transaction; on a DuplicateKey error nothing of the failing document has been written.
 */
export class CollectionWriter {
  readonly #store: SqliteStore;
  readonly #handle: CollectionHandle;
  readonly #validate: boolean;

  /** `bypassDocumentValidation` skips the collection's validator (the gateway checked the privilege). */
  constructor(store: SqliteStore, handle: CollectionHandle, options: { bypassDocumentValidation?: boolean } = {}) {
    this.#store = store;
    this.#handle = handle;
    this.#validate = !options.bypassDocumentValidation;
  }

  /** Inserts `doc`, which must already hold its `_id`. */
  insert(doc: Document): void {
    checkInsertDepth(doc);
    if (this.#validate) checkValidator(this.#handle.validator, doc);
    const idKey = canonicalKey(doc["_id"]);
    if (this.#store.getDocument(this.#handle.row.id, idKey)) {
      throw duplicateKeyError(this.#handle.ns, "_id_", { _id: 1 }, { _id: doc["_id"] });
    }
    const planned = this.#plan(doc, idKey);
    this.#store.insertDocument(this.#handle.row.id, idKey, encode(doc));
    for (const [index, entries] of planned) for (const e of entries) this.#store.addIndexEntry(index.id, e.key, idKey);
  }

  /** Replaces `previous`, stored under `idKey`, by `doc` (same `_id`). */
  replace(idKey: Buffer, doc: Document, previous: Document): void {
    checkUpdatedDepth(doc);
    if (this.#validate) checkValidator(this.#handle.validator, doc, previous);
    const planned = this.#plan(doc, idKey);
    this.#store.replaceDocument(this.#handle.row.id, idKey, encode(doc));
    for (const [index, entries] of planned) {
      this.#store.removeIndexEntries(index.id, idKey);
      for (const e of entries) this.#store.addIndexEntry(index.id, e.key, idKey);
    }
  }

  /** Deletes the document stored under `idKey`. */
  delete(idKey: Buffer): void {
    for (const index of this.#handle.indexes) this.#store.removeIndexEntries(index.id, idKey);
    this.#store.deleteDocument(this.#handle.row.id, idKey);
  }

  /** Computes every index's entries for `doc` and checks unique indexes before anything is written. */
  #plan(doc: Document, idKey: Buffer): Array<[IndexInfo, IndexEntry[]]> {
    const planned: Array<[IndexInfo, IndexEntry[]]> = [];
    for (const index of this.#handle.indexes) {
      const entries = indexEntries(index, doc);
      if (index.unique) {
        for (const e of entries) {
          if (this.#store.otherHolder(index.id, e.key, idKey)) {
            throw duplicateKeyError(this.#handle.ns, index.name, index.spec["key"] as Document, e.keyValue);
          }
        }
      }
      planned.push([index, entries]);
    }
    return planned;
  }
}

/** Serializes a document, refusing what mongod refuses to store (over 16 MiB). */
export function encode(doc: Document): Buffer {
  const bytes = Buffer.from(serialize(doc));
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    throw new BackendError("BSONObjectTooLarge", `object to insert too large. size in bytes: ${bytes.length}, max size: ${MAX_DOCUMENT_BYTES}`);
  }
  return bytes;
}

/** mongod's DuplicateKey error, with `keyPattern` and `keyValue` beside the message. */
export function duplicateKeyError(ns: string, indexName: string, keyPattern: Document, keyValue: Document): BackendError {
  return new BackendError(
    "DuplicateKey",
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: ${mongodValueString(keyValue)}`,
    { extra: { keyPattern, keyValue } },
  );
}
