/**
 * Group commit for a SQLite store in WAL mode, for the long-running server.
 *
 * With `synchronous = FULL` every commit waits for an fsync of the WAL on the main thread: on a shared
 * virtual disk that is one to several milliseconds in which no other request is served, and an Admin
 * API request commits up to twice (its digest nonce-count, then its change). Here SQLite commits with
 * `synchronous = NORMAL`, which writes the WAL without syncing it, and certgate syncs the WAL itself,
 * in libuv's threadpool:
 * - `durable(mark)` resolves once every write counted up to `mark` is on disk. The API awaits it before
 *   any response to a request during which something was written, so a client is never told of a
 *   change that a power loss could undo: the guarantee of FULL, with one sync shared by every request
 *   that committed in the meantime, and the event loop free while the disk works.
 * - Writes no response waits for (the gateway, background jobs) are synced within `idleSyncMs`.
 * Checkpoints are SQLite's own: with NORMAL it syncs the WAL before each and the database after.
 */
import { open, type FileHandle } from "node:fs/promises";
import type { CommitDurability } from "../shared/commit-durability.js";

/** See the module comment. */
export class WalSync implements CommitDurability {
  readonly #walPath: string;
  readonly #idleSyncMs: number;
  #file: Promise<FileHandle> | undefined;
  #written = 0;
  #synced = 0;
  #inFlight: Promise<void> | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;

  readonly #datasync: (() => Promise<void>) | undefined;

  /** `datasync` replaces the sync of the WAL file (tests count syncs with it). */
  constructor(walPath: string, options: { idleSyncMs?: number; datasync?: () => Promise<void> } = {}) {
    this.#walPath = walPath;
    this.#idleSyncMs = options.idleSyncMs ?? 200;
    this.#datasync = options.datasync;
  }

  /** Counts a write statement; called before it runs. */
  noteWrite(): void {
    this.#written += 1;
    if (this.#idleTimer === undefined && !this.#closed) {
      this.#idleTimer = setTimeout(() => {
        this.#idleTimer = undefined;
        this.durable(this.#written).catch(() => undefined);
      }, this.#idleSyncMs);
      this.#idleTimer.unref();
    }
  }

  writeMark(): number {
    return this.#written;
  }

  async durable(mark: number): Promise<void> {
    while (this.#synced < mark) {
      // A sync already running may have started before the writes `mark` covers; then the next one does.
      this.#inFlight ??= this.#syncNow().finally(() => (this.#inFlight = undefined));
      await this.#inFlight;
    }
  }

  async #syncNow(): Promise<void> {
    const covered = this.#written;
    if (this.#datasync) {
      await this.#datasync();
      this.#synced = Math.max(this.#synced, covered);
      return;
    }
    this.#file ??= open(this.#walPath, "r+").catch((error: unknown) => {
      this.#file = undefined;
      throw error;
    });
    await (await this.#file).datasync();
    this.#synced = Math.max(this.#synced, covered);
  }

  /** Syncs what is left and releases the file; the database is closed after this. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    await this.durable(this.#written);
    await (await this.#file)?.close();
  }
}
