import Database from "better-sqlite3";
import { SCHEMA_SQL } from "./schema.js";

/** A collection's catalog row. `options` is the BSON of the options given to `create`. */
export interface CollectionRow {
  readonly id: number;
  readonly db: string;
  readonly name: string;
  readonly uuid: Buffer;
  readonly options: Buffer;
}

/** An index's catalog row; `spec` is the BSON of `{v, key, name, unique?, sparse?, partialFilterExpression?}`. */
export interface IndexRow {
  readonly id: number;
  readonly collection_id: number;
  readonly name: string;
  readonly spec: Buffer;
}

/** A stored document: its record id (insertion order), canonical `_id` key and BSON body. */
export interface DocumentRow {
  readonly record_id: number;
  readonly id_key: Buffer;
  readonly body: Buffer;
}

/** The newest retryable write of one session: its transaction number (decimal int64) and BSON reply. */
export interface RetryableWriteRow {
  readonly txn_number: string;
  readonly reply: Buffer;
}

/** Size and count figures of one collection. */
export interface CollectionFigures {
  readonly count: number;
  readonly dataSize: number;
  /** Bytes of the `_id` keys (the primary-key index). */
  readonly idIndexSize: number;
}

/**
 * SqliteStore is the only place that speaks SQL: the catalog, the documents and the index
 * entries of one cluster, in one SQLite file.
 *
 * Durability: WAL journal with `synchronous = FULL`, so a transaction's commit has been
 * fsynced to the WAL before it returns. NORMAL would survive a crash of this process but
 * can lose the last commits on power loss or an OS crash; a write the client saw
 * acknowledged must survive both, so FULL it is.
 */
export class SqliteStore {
  readonly #db: Database.Database;
  readonly #stmts;

  constructor(path: string) {
    this.#db = new Database(path);
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = FULL");
    this.#db.pragma("busy_timeout = 5000");
    this.#db.exec(SCHEMA_SQL);
    const db = this.#db;
    this.#stmts = {
      begin: db.prepare("BEGIN IMMEDIATE"),
      commit: db.prepare("COMMIT"),
      rollback: db.prepare("ROLLBACK"),
      findCollection: db.prepare<[string, string], CollectionRow>("SELECT * FROM collections WHERE db = ? AND name = ?"),
      collectionById: db.prepare<[number], CollectionRow>("SELECT * FROM collections WHERE id = ?"),
      listCollections: db.prepare<[string], CollectionRow>("SELECT * FROM collections WHERE db = ? ORDER BY name"),
      listDatabases: db.prepare<[], { db: string }>("SELECT DISTINCT db FROM collections ORDER BY db"),
      insertCollection: db.prepare<[string, string, Buffer, Buffer]>("INSERT INTO collections (db, name, uuid, options) VALUES (?, ?, ?, ?)"),
      renameCollection: db.prepare<[string, number]>("UPDATE collections SET name = ? WHERE id = ?"),
      setCollectionOptions: db.prepare<[Buffer, number]>("UPDATE collections SET options = ? WHERE id = ?"),
      countEntries: db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM index_entries WHERE index_id = ?"),
      deleteCollection: db.prepare<[number]>("DELETE FROM collections WHERE id = ?"),
      deleteDocuments: db.prepare<[number]>("DELETE FROM documents WHERE collection_id = ?"),
      getDocument: db.prepare<[number, Buffer], DocumentRow>("SELECT record_id, id_key, body FROM documents WHERE collection_id = ? AND id_key = ?"),
      insertDocument: db.prepare<[number, Buffer, Buffer]>("INSERT INTO documents (collection_id, id_key, body) VALUES (?, ?, ?)"),
      replaceDocument: db.prepare<[Buffer, number, Buffer]>("UPDATE documents SET body = ? WHERE collection_id = ? AND id_key = ?"),
      deleteDocument: db.prepare<[number, Buffer]>("DELETE FROM documents WHERE collection_id = ? AND id_key = ?"),
      scanAfter: db.prepare<[number, number, number], DocumentRow>(
        "SELECT record_id, id_key, body FROM documents WHERE collection_id = ? AND record_id > ? ORDER BY record_id LIMIT ?",
      ),
      figures: db.prepare<[number], CollectionFigures>("SELECT count(*) AS count, coalesce(sum(length(body)), 0) AS dataSize, coalesce(sum(length(id_key)), 0) AS idIndexSize FROM documents WHERE collection_id = ?"),
      listIndexes: db.prepare<[number], IndexRow>("SELECT * FROM indexes WHERE collection_id = ? ORDER BY id"),
      insertIndex: db.prepare<[number, string, Buffer]>("INSERT INTO indexes (collection_id, name, spec) VALUES (?, ?, ?)"),
      deleteIndex: db.prepare<[number]>("DELETE FROM indexes WHERE id = ?"),
      deleteIndexesOf: db.prepare<[number]>("DELETE FROM indexes WHERE collection_id = ?"),
      deleteAllEntries: db.prepare<[number]>("DELETE FROM index_entries WHERE index_id = ?"),
      insertEntry: db.prepare<[number, Buffer, Buffer]>("INSERT OR IGNORE INTO index_entries (index_id, key, doc_key) VALUES (?, ?, ?)"),
      deleteEntriesOfDoc: db.prepare<[number, Buffer]>("DELETE FROM index_entries WHERE index_id = ? AND doc_key = ?"),
      otherHolder: db.prepare<[number, Buffer, Buffer], { doc_key: Buffer }>("SELECT doc_key FROM index_entries WHERE index_id = ? AND key = ? AND doc_key <> ? LIMIT 1"),
      lookupEntries: db.prepare<[number, Buffer], { doc_key: Buffer }>("SELECT doc_key FROM index_entries WHERE index_id = ? AND key = ? ORDER BY doc_key"),
      retryableWrite: db.prepare<[string], RetryableWriteRow>("SELECT txn_number, reply FROM retryable_writes WHERE session = ?"),
      saveRetryableWrite: db.prepare<[string, string, Buffer, number]>(
        "INSERT INTO retryable_writes (session, txn_number, reply, used_at) VALUES (?, ?, ?, ?) ON CONFLICT (session) DO UPDATE SET txn_number = excluded.txn_number, reply = excluded.reply, used_at = excluded.used_at",
      ),
      forgetRetryableWrites: db.prepare<[number]>("DELETE FROM retryable_writes WHERE used_at < ?"),
      touchRetryableWrite: db.prepare<[number, string]>("UPDATE retryable_writes SET used_at = ? WHERE session = ?"),
      countRetryableWrites: db.prepare<[string, string], { n: number }>("SELECT count(*) AS n FROM retryable_writes WHERE session >= ? AND session < ?"),
      evictRetryableWrites: db.prepare<[string, string, number]>(
        "DELETE FROM retryable_writes WHERE session IN (SELECT session FROM retryable_writes WHERE session >= ? AND session < ? ORDER BY used_at, session LIMIT ?)",
      ),
      retryableWriteBytes: db.prepare<[string, string], { bytes: number }>(
        "SELECT coalesce(sum(length(reply)), 0) AS bytes FROM retryable_writes WHERE session >= ? AND session < ?",
      ),
      retryableWritesByUse: db.prepare<[string, string, string], { session: string; bytes: number }>(
        "SELECT session, length(reply) AS bytes FROM retryable_writes WHERE session >= ? AND session < ? AND session <> ? ORDER BY used_at, session",
      ),
      deleteRetryableWrite: db.prepare<[string]>("DELETE FROM retryable_writes WHERE session = ?"),
      entriesSize: db.prepare<[number], { size: number }>("SELECT coalesce(sum(length(key) + length(doc_key)), 0) AS size FROM index_entries WHERE index_id = ?"),
    };
  }

  /** Runs `fn` in one SQLite transaction (IMMEDIATE, so writers queue instead of failing to upgrade). */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn).immediate();
  }

  /** Opens a transaction that later {@link transaction} calls nest in as savepoints (group commit). */
  begin(): void {
    this.#stmts.begin.run();
  }

  /** Commits the transaction {@link begin} opened; with `synchronous = FULL` it is on disk when this returns. */
  commit(): void {
    this.#stmts.commit.run();
  }

  /** Rolls back the open transaction, if SQLite has not already done so after a failure. */
  rollback(): void {
    if (this.#db.inTransaction) this.#stmts.rollback.run();
  }

  /** Closes the file; the WAL is checkpointed by SQLite on the last close. */
  close(): void {
    this.#db.close();
  }

  /** The total size of the SQLite file and its WAL, in bytes, as SQLite counts pages. */
  fileSize(): number {
    const pages = this.#db.pragma("page_count", { simple: true }) as number;
    const pageSize = this.#db.pragma("page_size", { simple: true }) as number;
    return pages * pageSize;
  }

  /** The newest retryable write recorded for `session`. */
  retryableWrite(session: string): RetryableWriteRow | undefined {
    return this.#stmts.retryableWrite.get(session);
  }

  /** Records `session`'s newest retryable write, replacing the one before (call inside the write's transaction). */
  saveRetryableWrite(session: string, txnNumber: string, reply: Buffer, usedAt: number): void {
    this.#stmts.saveRetryableWrite.run(session, txnNumber, reply, usedAt);
  }

  /** Forgets the retryable writes of sessions last used before `usedBefore` (ms since the epoch). */
  forgetRetryableWrites(usedBefore: number): void {
    this.#stmts.forgetRetryableWrites.run(usedBefore);
  }

  /** Marks `session`'s record as used at `usedAt` (a replayed retry keeps its session alive). */
  touchRetryableWrite(session: string, usedAt: number): void {
    this.#stmts.touchRetryableWrite.run(usedAt, session);
  }

  /** How many records have a session key in [`from`, `to`) (all of one user's). */
  countRetryableWrites(from: string, to: string): number {
    return this.#stmts.countRetryableWrites.get(from, to)?.n ?? 0;
  }

  /** Deletes the `count` least recently used records whose session key is in [`from`, `to`). */
  evictRetryableWrites(from: string, to: string, count: number): void {
    this.#stmts.evictRetryableWrites.run(from, to, count);
  }

  /** The bytes of the replies recorded under session keys in [`from`, `to`) (all of one user's). */
  retryableWriteBytes(from: string, to: string): number {
    return this.#stmts.retryableWriteBytes.get(from, to)?.bytes ?? 0;
  }

  /**
   * Deletes the least recently used records whose session key is in [`from`, `to`), except `keep`'s,
   * until at least `bytes` bytes of replies are gone (or no other record is left).
   */
  evictRetryableWriteBytes(from: string, to: string, keep: string, bytes: number): void {
    const doomed: string[] = [];
    let freed = 0;
    for (const row of this.#stmts.retryableWritesByUse.iterate(from, to, keep)) {
      doomed.push(row.session);
      freed += row.bytes;
      if (freed >= bytes) break;
    }
    for (const session of doomed) this.#stmts.deleteRetryableWrite.run(session);
  }

  findCollection(db: string, name: string): CollectionRow | undefined {
    return this.#stmts.findCollection.get(db, name);
  }

  collectionById(id: number): CollectionRow | undefined {
    return this.#stmts.collectionById.get(id);
  }

  listCollections(db: string): CollectionRow[] {
    return this.#stmts.listCollections.all(db);
  }

  listDatabaseNames(): string[] {
    return this.#stmts.listDatabases.all().map((r) => r.db);
  }

  insertCollection(db: string, name: string, uuid: Buffer, options: Buffer): number {
    return Number(this.#stmts.insertCollection.run(db, name, uuid, options).lastInsertRowid);
  }

  renameCollection(id: number, name: string): void {
    this.#stmts.renameCollection.run(name, id);
  }

  /** Replaces a collection's stored `create` options (collMod). */
  setCollectionOptions(id: number, options: Buffer): void {
    this.#stmts.setCollectionOptions.run(options, id);
  }

  /** Number of entries an index holds (validate). */
  indexEntryCount(indexId: number): number {
    return this.#stmts.countEntries.get(indexId)?.n ?? 0;
  }

  /** Deletes a collection with its documents, indexes and index entries. */
  deleteCollection(id: number): void {
    for (const index of this.listIndexes(id)) this.#stmts.deleteAllEntries.run(index.id);
    this.#stmts.deleteIndexesOf.run(id);
    this.#stmts.deleteDocuments.run(id);
    this.#stmts.deleteCollection.run(id);
  }

  /** Deletes every document of a collection and the entries of the given indexes, keeping the catalog rows. */
  truncateCollection(collectionId: number, indexIds: readonly number[]): void {
    for (const id of indexIds) this.#stmts.deleteAllEntries.run(id);
    this.#stmts.deleteDocuments.run(collectionId);
  }

  getDocument(collectionId: number, idKey: Buffer): DocumentRow | undefined {
    return this.#stmts.getDocument.get(collectionId, idKey);
  }

  insertDocument(collectionId: number, idKey: Buffer, body: Buffer): void {
    this.#stmts.insertDocument.run(collectionId, idKey, body);
  }

  replaceDocument(collectionId: number, idKey: Buffer, body: Buffer): void {
    this.#stmts.replaceDocument.run(body, collectionId, idKey);
  }

  deleteDocument(collectionId: number, idKey: Buffer): void {
    this.#stmts.deleteDocument.run(collectionId, idKey);
  }

  /** Up to `limit` documents in insertion (record id) order, after record `afterRecord` (0 for the start). */
  scanChunk(collectionId: number, afterRecord: number, limit: number): DocumentRow[] {
    return this.#stmts.scanAfter.all(collectionId, afterRecord, limit);
  }

  figures(collectionId: number): CollectionFigures {
    return this.#stmts.figures.get(collectionId) ?? { count: 0, dataSize: 0, idIndexSize: 0 };
  }

  listIndexes(collectionId: number): IndexRow[] {
    return this.#stmts.listIndexes.all(collectionId);
  }

  insertIndex(collectionId: number, name: string, spec: Buffer): number {
    return Number(this.#stmts.insertIndex.run(collectionId, name, spec).lastInsertRowid);
  }

  deleteIndex(indexId: number): void {
    this.#stmts.deleteAllEntries.run(indexId);
    this.#stmts.deleteIndex.run(indexId);
  }

  addIndexEntry(indexId: number, key: Buffer, docKey: Buffer): void {
    this.#stmts.insertEntry.run(indexId, key, docKey);
  }

  removeIndexEntries(indexId: number, docKey: Buffer): void {
    this.#stmts.deleteEntriesOfDoc.run(indexId, docKey);
  }

  /** Another document holding `key` in the index, if any (the uniqueness check). */
  otherHolder(indexId: number, key: Buffer, docKey: Buffer): Buffer | undefined {
    return this.#stmts.otherHolder.get(indexId, key, docKey)?.doc_key;
  }

  /** The `_id` keys of the documents holding `key` in the index. */
  lookupIndex(indexId: number, key: Buffer): Buffer[] {
    return this.#stmts.lookupEntries.all(indexId, key).map((r) => r.doc_key);
  }

  indexSize(indexId: number): number {
    return this.#stmts.entriesSize.get(indexId)?.size ?? 0;
  }
}
