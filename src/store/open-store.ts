/**
 * Opens the store on SQLite (better-sqlite3) or PostgreSQL (pg) and brings its schema up to date.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Dialect, type LogEvent } from "kysely";
import pg from "pg";
import { migrateToLatest } from "./migrate.js";
import { SqliteStatementCache } from "./sqlite-statement-cache.js";
import type { Database } from "./schema.js";
import type { OpenStoreParams, PostgresStoreParams, SqliteStoreParams, Store, StoreDialect, StoreQueryObserver } from "./store.js";
import { SYNCED_COMMITS, type CommitDurability } from "../shared/commit-durability.js";
import { WalSync } from "./wal-sync.js";

/** The SQLite file inside a data directory. */
export const SQLITE_FILE_NAME = "certgate.db";

/** How long a SQLite writer waits for another writer's lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** The default store location for a data directory: `<dataDir>/certgate.db`. */
export function storeParamsForDataDir(dataDir: string): OpenStoreParams {
  return { sqlitePath: join(dataDir, SQLITE_FILE_NAME) };
}

/**
 * Opens the store and runs pending migrations. Throws naming the failing migration (and closes the
 * connection) when the schema cannot be brought up to date.
 */
export async function openStore(params: OpenStoreParams): Promise<Store> {
  const { db, dialect, commits = SYNCED_COMMITS, closeCommits } = "url" in params ? openPostgres(params, params.onQuery) : openSqlite(params, params.onQuery);
  const outcome = await migrateToLatest(db as Kysely<unknown>);
  if (outcome.error !== undefined) {
    await closeCommits?.();
    await db.destroy();
    const failed = outcome.results?.find((r) => r.status === "Error")?.migrationName ?? "(before any migration ran)";
    throw new Error(`store migration ${failed} failed on ${dialect}: ${describe(outcome.error)}`, {
      cause: outcome.error,
    });
  }
  return {
    dialect,
    db,
    migrations: outcome.results ?? [],
    commits,
    transaction: (work) => db.transaction().execute(work),
    close: async () => {
      try {
        await closeCommits?.();
      } finally {
        await db.destroy();
      }
    },
  };
}

interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: StoreDialect;
  commits?: CommitDurability;
  closeCommits?: () => Promise<void>;
}

/** Kysely's query log as `onQuery` calls (none when nobody observes). */
function kysely(dialect: Dialect, onQuery: StoreQueryObserver | undefined): Kysely<Database> {
  if (onQuery === undefined) return new Kysely<Database>({ dialect });
  return new Kysely<Database>({ dialect, log: (event: LogEvent) => onQuery({ seconds: event.queryDurationMillis / 1000, ok: event.level === "query" }) });
}

function openSqlite({ sqlitePath: path, groupCommit = false }: SqliteStoreParams, onQuery: StoreQueryObserver | undefined): OpenedDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const database = new BetterSqlite3(path);
  // WAL lets readers run beside the one writer; foreign keys are off by default in SQLite.
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const walSync = groupCommit !== false && path !== ":memory:" ? new WalSync(`${path}-wal`, groupCommit === true ? {} : groupCommit) : undefined;
  // Without group commit every commit is synced (FULL); with it the WAL is synced by `walSync`.
  database.pragma(walSync ? "synchronous = NORMAL" : "synchronous = FULL");
  // Queries are timed by the statement cache, around the statement itself, rather than by Kysely's log.
  const statements = new SqliteStatementCache(database, {
    ...(walSync ? { onWrite: () => walSync.noteWrite() } : {}),
    ...(onQuery === undefined ? {} : { onQuery }),
  });
  return {
    db: kysely(new SqliteDialect({ database: statements }), undefined),
    dialect: "sqlite",
    ...(walSync ? { commits: walSync, closeCommits: () => walSync.close() } : {}),
  };
}

function openPostgres({ url, onIdleConnectionLost }: PostgresStoreParams, onQuery: StoreQueryObserver | undefined): OpenedDatabase {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`store URL must start with postgres:// or postgresql://, got ${JSON.stringify(url.split(":")[0])}`);
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection that the server ends (restart, failover, pg_terminate_backend) is reported on
  // the pool; pg has already dropped it, and the next query opens a new one. Without a listener the
  // event would be an uncaught exception that stops certgate.
  pool.on("error", (error) => onIdleConnectionLost?.(error));
  return { db: kysely(new PostgresDialect({ pool }), onQuery), dialect: "postgres" };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
