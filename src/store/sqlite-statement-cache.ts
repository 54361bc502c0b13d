/**
 * Keeps better-sqlite3's prepared statements for reuse. Kysely's SQLite driver asks for a statement
 * by its SQL text on every query, and compiling that text is a measurable share of an Admin API
 * request; the queries a running server makes are a small fixed set, so each is compiled once.
 *
 * A statement that is still being iterated (a streamed query in progress) is busy and cannot run
 * again, so a fresh one is prepared for that call. The cache holds at most `maxStatements`,
 * dropping the least recently used. `onWrite` is told of every statement that writes, just before
 * Kysely runs it (group commit counts them: `wal-sync.ts`).
 */
import type { SqliteDatabase, SqliteStatement } from "kysely";

/** A better-sqlite3 statement as the cache reads it. */
type CachedStatement = SqliteStatement & { readonly busy: boolean; readonly readonly: boolean };

/** The part of a better-sqlite3 database the cache needs. */
interface PreparingDatabase {
  prepare(sql: string): CachedStatement;
  close(): unknown;
}

/** A `SqliteDatabase` for Kysely's `SqliteDialect` that reuses prepared statements. */
export class SqliteStatementCache implements SqliteDatabase {
  readonly #database: PreparingDatabase;
  readonly #maxStatements: number;
  readonly #statements = new Map<string, CachedStatement>();

  readonly #onWrite: (() => void) | undefined;

  constructor(database: PreparingDatabase, options: { maxStatements?: number; onWrite?: () => void } = {}) {
    this.#database = database;
    this.#maxStatements = options.maxStatements ?? 512;
    this.#onWrite = options.onWrite;
  }

  /** Statements held. */
  get size(): number {
    return this.#statements.size;
  }

  prepare(sql: string): SqliteStatement {
    const statement = this.#statement(sql);
    // A write that returns rows (`INSERT ... RETURNING`) is a reader too; BEGIN and COMMIT count as
    // read-only but end transactions whose writes must be synced.
    if (!statement.reader || !statement.readonly) this.#onWrite?.();
    return statement;
  }

  #statement(sql: string): CachedStatement {
    const cached = this.#statements.get(sql);
    if (cached !== undefined) {
      if (cached.busy) return this.#database.prepare(sql);
      this.#statements.delete(sql);
      this.#statements.set(sql, cached);
      return cached;
    }
    const statement = this.#database.prepare(sql);
    this.#statements.set(sql, statement);
    if (this.#statements.size > this.#maxStatements) this.#statements.delete(this.#statements.keys().next().value as string);
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#database.close();
  }
}
