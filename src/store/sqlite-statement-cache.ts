/**
 * Keeps better-sqlite3's prepared statements for reuse. Kysely's SQLite driver asks for a statement
 * by its SQL text on every query, and compiling that text is a measurable share of an Admin API
 * request; the queries a running server makes are a small fixed set, so each is compiled once.
 *
 * A statement that is still being iterated (a streamed query in progress) is busy and cannot run
 * again, so a fresh one is prepared for that call. The cache holds at most `maxStatements`,
 * dropping the least recently used. `onWrite` is told of every statement that writes, just before
 * Kysely runs it (group commit counts them: `wal-sync.ts`). `onQuery` is told how long each
 * statement ran and whether it failed: timing the statement itself costs a clock read on each side,
 * where Kysely's query log wraps every query in two more awaits.
 */
import type { SqliteDatabase, SqliteStatement } from "kysely";
import type { StoreQueryObserver } from "./store.js";

/** A better-sqlite3 statement as the cache reads it. */
type CachedStatement = SqliteStatement & { readonly busy: boolean; readonly readonly: boolean };

/** The part of a better-sqlite3 database the cache needs. */
interface PreparingDatabase {
  prepare(sql: string): CachedStatement;
  close(): unknown;
}

/** A cached statement and what the cache hands out for it (the statement itself, or its timed wrapper). */
interface Entry {
  readonly statement: CachedStatement;
  readonly handed: SqliteStatement;
}

/** `statement` with each run reported to `onQuery`. */
function timed(statement: CachedStatement, onQuery: StoreQueryObserver): SqliteStatement {
  const report = (started: number, ok: boolean) => onQuery({ seconds: (performance.now() - started) / 1000, ok });
  const measured = <T>(run: () => T): T => {
    const started = performance.now();
    try {
      const result = run();
      report(started, true);
      return result;
    } catch (error) {
      report(started, false);
      throw error;
    }
  };
  return {
    reader: statement.reader,
    all: (parameters) => measured(() => statement.all(parameters)),
    run: (parameters) => measured(() => statement.run(parameters)),
    // A streamed query is timed from its start until its reader stops.
    *iterate(parameters) {
      const started = performance.now();
      let ok = true;
      try {
        yield* statement.iterate(parameters);
      } catch (error) {
        ok = false;
        throw error;
      } finally {
        report(started, ok);
      }
    },
  };
}

/** A `SqliteDatabase` for Kysely's `SqliteDialect` that reuses prepared statements. */
export class SqliteStatementCache implements SqliteDatabase {
  readonly #database: PreparingDatabase;
  readonly #maxStatements: number;
  readonly #entries = new Map<string, Entry>();

  readonly #onWrite: (() => void) | undefined;
  readonly #onQuery: StoreQueryObserver | undefined;

  constructor(database: PreparingDatabase, options: { maxStatements?: number; onWrite?: () => void; onQuery?: StoreQueryObserver } = {}) {
    this.#database = database;
    this.#maxStatements = options.maxStatements ?? 512;
    this.#onWrite = options.onWrite;
    this.#onQuery = options.onQuery;
  }

  /** Statements held. */
  get size(): number {
    return this.#entries.size;
  }

  prepare(sql: string): SqliteStatement {
    const { statement, handed } = this.#entry(sql);
    // A write that returns rows (`INSERT ... RETURNING`) is a reader too; BEGIN and COMMIT count as
    // read-only but end transactions whose writes must be synced.
    if (!statement.reader || !statement.readonly) this.#onWrite?.();
    return handed;
  }

  #entry(sql: string): Entry {
    const cached = this.#entries.get(sql);
    if (cached !== undefined) {
      if (cached.statement.busy) return this.#prepared(sql);
      this.#entries.delete(sql);
      this.#entries.set(sql, cached);
      return cached;
    }
    const entry = this.#prepared(sql);
    this.#entries.set(sql, entry);
    if (this.#entries.size > this.#maxStatements) this.#entries.delete(this.#entries.keys().next().value as string);
    return entry;
  }

  #prepared(sql: string): Entry {
    const statement = this.#database.prepare(sql);
    return { statement, handed: this.#onQuery === undefined ? statement : timed(statement, this.#onQuery) };
  }

  close(): void {
    this.#entries.clear();
    this.#database.close();
  }
}
