import type { Document } from "bson";
import type { CommandContext } from "../../backend.js";
import type { CursorRegistry } from "../cursors/cursor-registry.js";
import type { Catalog } from "../storage/catalog.js";
import type { SqliteStore } from "../storage/sqlite-store.js";

/** What every embedded command handler works with. */
export interface CommandEnv {
  readonly store: SqliteStore;
  readonly catalog: Catalog;
  readonly cursors: CursorRegistry;
  readonly context: CommandContext;
  /** The most BSON bytes one in-memory sort, group or `$lookup` collection may hold without `allowDiskUse`. */
  readonly maxSortBytes: number;
  /**
   * Runs `fn` in one SQLite transaction; when it throws, the transaction rolls back and
   * cached catalog state is dropped so it can't outlive the rolled-back rows.
   */
  write<T>(fn: () => T): T;
  /**
   * Runs `fn` (bookkeeping whose loss would not make this command's reply untrue) as `write` does, but
   * with group commit its commit is not this command's: the reply neither waits for nor fails with it.
   */
  writeAside<T>(fn: () => T): T;
  /** The number of the open group commit (whose writes are not committed yet), or undefined. */
  uncommittedGroup(): number | undefined;
}

/** One command's implementation: the command body in, mongod's reply out (throws BackendError on failure). */
export type CommandHandler = (command: Document, env: CommandEnv) => Document;
