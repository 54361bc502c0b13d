/**
 * The store: certgate's state behind Kysely, on SQLite (default) or PostgreSQL.
 *
 * Design principles:
 * 1. One schema for both dialects; migrations in `migrations/` run at open and are recorded.
 * 2. Repositories (`repos/`) are functions named in domain verbs that take a `Kysely<Database>`, so the
 *    same function runs on the store or inside a transaction.
 * 3. A write that matters runs in ONE `transaction`: no half-created user, no certificate without its user.
 * 4. Uniqueness is enforced by the database; `isUniqueViolation` lets callers turn a race into a clean error.
 */
import type { Kysely, MigrationResult } from "kysely";
import type { Database } from "./schema.js";
import type { CommitDurability } from "../shared/commit-durability.js";
import type { WalSyncOptions } from "./wal-sync.js";

/** The supported dialects. */
export const STORE_DIALECTS = ["sqlite", "postgres"] as const;
/** One supported dialect. */
export type StoreDialect = (typeof STORE_DIALECTS)[number];

/** Told of every query the store ran: how long it took, and whether it failed. */
export type StoreQueryObserver = (query: { seconds: number; ok: boolean }) => void;

/** Where the store lives: a `postgres://` URL or a SQLite file path (`:memory:` for a private in-memory one); `onQuery` times its queries. */
export type OpenStoreParams = (PostgresStoreParams | SqliteStoreParams) & { onQuery?: StoreQueryObserver };

/** A SQLite store. */
export interface SqliteStoreParams {
  sqlitePath: string;
  /**
   * Group commit (`wal-sync.ts`), for the long-running server: commits do not wait for the disk, and
   * callers await `commits.durable` before telling anyone of a change. Otherwise every commit is synced.
   * Options replace the idle delay or the sync itself (tests).
   */
  groupCommit?: boolean | WalSyncOptions;
}

/** A PostgreSQL store. */
export interface PostgresStoreParams {
  url: string;
  /**
   * Told when the server ends an idle connection (restart, failover, `pg_terminate_backend`). The
   * store has already dropped it, and the next query opens a new one.
   */
  onIdleConnectionLost?: (error: Error) => void;
}

/** An open store. */
export interface Store {
  readonly dialect: StoreDialect;
  readonly db: Kysely<Database>;
  /** What the migrations did when the store was opened, one entry per migration that ran. */
  readonly migrations: readonly MigrationResult[];
  /** When committed writes are on disk; trivial unless the store was opened with group commit. */
  readonly commits: CommitDurability;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
