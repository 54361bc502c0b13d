/**
 * SQL schema of one cluster's SQLite file.
 *
 * - A database exists while it holds a collection (as in mongod), so databases are
 *   derived from `collections` rather than kept in a table of their own.
 * - `documents` rows have a record id in insertion order (scans follow it, so natural order
 *   is insertion order as in mongod) and a unique (collection, canonical `_id` encoding)
 *   key, so a lookup by `_id` is an index probe.
 * - `index_entries` holds one row per (index key, document) for every secondary index;
 *   uniqueness is checked against it before a write, in the write's transaction.
 * - `retryable_writes` keeps, per (user, logical session), the newest retryable write's transaction
 *   number and reply, written in the same transaction as the write itself (mongod's
 *   `config.transactions`), so a retry is answered from it instead of being applied again.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS collections (
  id INTEGER PRIMARY KEY,
  db TEXT NOT NULL,
  name TEXT NOT NULL,
  uuid BLOB NOT NULL,
  options BLOB NOT NULL,
  UNIQUE (db, name)
);
CREATE TABLE IF NOT EXISTS documents (
  record_id INTEGER PRIMARY KEY,
  collection_id INTEGER NOT NULL,
  id_key BLOB NOT NULL,
  body BLOB NOT NULL,
  UNIQUE (collection_id, id_key)
);
CREATE INDEX IF NOT EXISTS documents_in_order ON documents (collection_id, record_id);
CREATE TABLE IF NOT EXISTS indexes (
  id INTEGER PRIMARY KEY,
  collection_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  spec BLOB NOT NULL,
  UNIQUE (collection_id, name)
);
CREATE TABLE IF NOT EXISTS index_entries (
  index_id INTEGER NOT NULL,
  key BLOB NOT NULL,
  doc_key BLOB NOT NULL,
  PRIMARY KEY (index_id, key, doc_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS index_entries_by_doc ON index_entries (index_id, doc_key);
CREATE TABLE IF NOT EXISTS retryable_writes (
  session TEXT PRIMARY KEY,
  txn_number TEXT NOT NULL,
  reply BLOB NOT NULL,
  used_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS retryable_writes_by_use ON retryable_writes (used_at);
`;
