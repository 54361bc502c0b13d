/**
 * Group commit for a SQLite store in WAL mode, for the long-running server.
 *
 * With `synchronous = FULL` every commit waits for an fsync of the WAL on the main thread: on a shared
 * virtual disk that is one to several milliseconds in which no other request is served, and an Admin
 * API request commits up to twice (its digest nonce-count, then its change). Here SQLite commits with
 * `synchronous = NORMAL`, which writes the WAL without syncing it, and certgate syncs the WAL itself,
 * in libuv's threadpool:
 * - `durable(mark)` resolves once every write counted up to `mark` is on disk. The API awaits it before
 *   any response, so a client is never told of a change that a power loss could undo: the guarantee
 *   of FULL, with one sync shared by every request that committed in the meantime, and the event loop
 *   free while the disk works.
 * - Writes are counted as their statement is prepared, and better-sqlite3 runs it at once, so a mark
 *   read later covers statements that have run; a transaction's COMMIT is itself a counted statement.
 * - Writes nobody waits for (background jobs) are synced within `idleSyncMs`.
 * - A failed sync is final, as in PostgreSQL: after a failed fsync the kernel may have dropped the dirty
 *   pages, and a later fsync that succeeds proves nothing about them. Every later `durable` rejects,
 *   and `onFailure` listeners (the server, which logs and stops) hear of it once; SQLite recovers from
 *   what is on disk at the next start.
 * - The WAL's directory is synced once, at the first sync, since SQLite (which would sync it at its
 *   first sync of a new WAL) now rarely syncs the WAL itself.
 * Checkpoints are SQLite's own: with NORMAL it syncs the WAL before each and the database after.
 */
import { open, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { WritesNotDurableError, type CommitDurability } from "../shared/commit-durability.js";

/** How a store is opened with group commit; `datasync` replaces the sync of the WAL file (tests hold or fail it). */
export interface WalSyncOptions {
  idleSyncMs?: number;
  datasync?: () => Promise<void>;
}

/** See the module comment. */
export class WalSync implements CommitDurability {
  readonly #walPath: string;
  readonly #idleSyncMs: number;
  readonly #datasync: (() => Promise<void>) | undefined;
  readonly #failureListeners: Array<(error: WritesNotDurableError) => void> = [];
  #file: Promise<FileHandle> | undefined;
  #written = 0;
  #synced = 0;
  #inFlight: Promise<void> | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #failure: WritesNotDurableError | undefined;
  #closed = false;

  constructor(walPath: string, options: WalSyncOptions = {}) {
    this.#walPath = walPath;
    this.#idleSyncMs = options.idleSyncMs ?? 200;
    this.#datasync = options.datasync;
  }

  /** Counts a write statement; called just before it runs. */
  noteWrite(): void {
    this.#written += 1;
    if (this.#idleTimer === undefined && !this.#closed && this.#failure === undefined) {
      this.#idleTimer = setTimeout(() => {
        this.#idleTimer = undefined;
        // A failure is reported to the listeners by `#fail`; nobody else waits for this sync.
        this.durable(this.#written).catch(() => undefined);
      }, this.#idleSyncMs);
      this.#idleTimer.unref();
    }
  }

  writeMark(): number {
    return this.#written;
  }

  onFailure(listener: (error: WritesNotDurableError) => void): void {
    if (this.#failure) listener(this.#failure);
    else this.#failureListeners.push(listener);
  }

  async durable(mark: number): Promise<void> {
    while (this.#synced < mark) {
      if (this.#failure) throw this.#failure;
      // A sync already running may have started before the writes `mark` covers; then the next one does.
      this.#inFlight ??= this.#syncNow().finally(() => (this.#inFlight = undefined));
      await this.#inFlight;
    }
  }

  async #syncNow(): Promise<void> {
    const covered = this.#written;
    try {
      if (this.#datasync) await this.#datasync();
      else await (await this.#walFile()).datasync();
    } catch (error) {
      throw this.#fail(error);
    }
    this.#synced = Math.max(this.#synced, covered);
  }

  /** The WAL file, opened at the first sync, after syncing its directory once (it may just have been created). */
  #walFile(): Promise<FileHandle> {
    this.#file ??= (async () => {
      const file = await open(this.#walPath, "r+");
      try {
        const directory = await open(dirname(this.#walPath), "r");
        await directory.sync().finally(() => directory.close());
      } catch (error) {
        await file.close();
        throw error;
      }
      return file;
    })();
    return this.#file;
  }

  #fail(cause: unknown): WritesNotDurableError {
    if (this.#failure) return this.#failure;
    this.#failure = new WritesNotDurableError(cause);
    clearTimeout(this.#idleTimer);
    for (const listener of this.#failureListeners) listener(this.#failure);
    return this.#failure;
  }

  /** Syncs what is left and releases the file; the database is closed after this. Rejects if a sync failed. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    try {
      await this.durable(this.#written);
    } finally {
      await (await this.#file?.catch(() => undefined))?.close();
    }
  }
}
