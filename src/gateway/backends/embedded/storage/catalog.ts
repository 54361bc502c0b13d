import { UUID, deserialize, serialize, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { parseIndexRow, type IndexInfo } from "./index-info.js";
import { parseValidator, type Validator } from "./validator.js";
import { validateCollectionName } from "./namespace.js";
import type { CollectionRow, SqliteStore } from "./sqlite-store.js";

/** A collection as commands use it: its catalog row, namespace and secondary indexes. */
export interface CollectionHandle {
  readonly row: CollectionRow;
  readonly ns: string;
  readonly indexes: readonly IndexInfo[];
  /** The collection's document validator, when it has one that is enforced. */
  readonly validator?: Validator;
}

/**
 * Catalog resolves namespaces to collections and keeps their catalog rows and parsed index
 * definitions in memory, refreshed whenever a collection or index changes through it (every
 * change does: the store's catalog rows are only written here and by index commands, which
 * refresh).
 */
export class Catalog {
  readonly #store: SqliteStore;
  readonly #indexes = new Map<number, IndexInfo[]>();
  readonly #rows = new Map<string, CollectionRow>();
  readonly #validators = new Map<number, Validator | undefined>();

  constructor(store: SqliteStore) {
    this.#store = store;
  }

  /** The collection `db.name`, if it exists. */
  find(db: string, name: string): CollectionHandle | undefined {
    const key = `${db}\u0000${name}`;
    let row = this.#rows.get(key);
    if (!row) {
      row = this.#store.findCollection(db, name);
      if (row) this.#rows.set(key, row);
    }
    return row ? this.#handle(row) : undefined;
  }

  /** The collection `db.name`, created with default options when missing (as inserts and createIndexes do). */
  ensure(db: string, name: string): { handle: CollectionHandle; created: boolean } {
    const existing = this.find(db, name);
    if (existing) return { handle: existing, created: false };
    return { handle: this.create(db, name, {}), created: true };
  }

  /** Creates `db.name`; NamespaceExists when it is already there. */
  create(db: string, name: string, options: Document): CollectionHandle {
    validateCollectionName(db, name);
    parseValidator(options);
    if (this.#store.findCollection(db, name)) {
      throw new BackendError("NamespaceExists", `Collection ${db}.${name} already exists.`);
    }
    const uuid = Buffer.from(new UUID().buffer);
    const id = this.#store.insertCollection(db, name, uuid, Buffer.from(serialize(options)));
    this.#indexes.set(id, []);
    return this.#handle({ id, db, name, uuid, options: Buffer.from(serialize(options)) });
  }

  /** Replaces a collection's options (collMod); the validator is checked first. */
  setOptions(handle: CollectionHandle, options: Document): void {
    parseValidator(options);
    this.#store.setCollectionOptions(handle.row.id, Buffer.from(serialize(options)));
    this.#validators.delete(handle.row.id);
    this.#rows.delete(`${handle.row.db}\u0000${handle.row.name}`);
  }

  /** Drops a collection with all it holds. */
  drop(handle: CollectionHandle): void {
    this.#store.deleteCollection(handle.row.id);
    this.#indexes.delete(handle.row.id);
    this.#rows.delete(`${handle.row.db}\u0000${handle.row.name}`);
  }

  /** Renames a collection within its database. */
  rename(handle: CollectionHandle, name: string): void {
    this.#store.renameCollection(handle.row.id, name);
    this.#rows.delete(`${handle.row.db}\u0000${handle.row.name}`);
  }

  /** Forgets the cached indexes of a collection after they changed. */
  refreshIndexes(collectionId: number): readonly IndexInfo[] {
    const parsed = this.#store.listIndexes(collectionId).map(parseIndexRow);
    this.#indexes.set(collectionId, parsed);
    return parsed;
  }

  /** Drops the cache of every collection (after a failed transaction rolled catalog rows back). */
  reset(): void {
    this.#indexes.clear();
    this.#validators.clear();
    this.#rows.clear();
  }

  #handle(row: CollectionRow): CollectionHandle {
    const indexes = this.#indexes.get(row.id) ?? this.refreshIndexes(row.id);
    if (!this.#validators.has(row.id)) this.#validators.set(row.id, parseValidator(deserialize(row.options, { promoteLongs: false })));
    const validator = this.#validators.get(row.id);
    return { row, ns: `${row.db}.${row.name}`, indexes, ...(validator ? { validator } : {}) };
  }
}
