/**
 * When a store's committed writes are on disk. A store opened with group commit (`store/wal-sync.ts`)
 * does not sync each commit, so whoever tells anyone of a change (an API response, a notification
 * sent after claiming it, credentials printed at start) waits for `durable` first.
 */
export interface CommitDurability {
  /** A mark covering every write made so far. */
  writeMark(): number;
  /**
   * Resolves once every write up to `mark` is on disk. Rejects with {@link WritesNotDurableError} once a
   * sync has failed: from then on nothing is known to be on disk, so it keeps rejecting.
   */
  durable(mark: number): Promise<void>;
  /** Calls `listener` once, when the first sync fails (the server logs it and stops). */
  onFailure(listener: (error: WritesNotDurableError) => void): void;
}

/** A sync of the store's log failed: writes since the last good sync may not be on disk. */
export class WritesNotDurableError extends Error {
  constructor(cause: unknown) {
    super(`the store's write-ahead log could not be synced to disk (${cause instanceof Error ? cause.message : String(cause)}); writes since the last sync may be lost`, { cause });
    this.name = "WritesNotDurableError";
  }
}

/** Durability of a store whose every commit is synced by itself: nothing to wait for. */
export const SYNCED_COMMITS: CommitDurability = { writeMark: () => 0, durable: () => Promise.resolve(), onFailure: () => undefined };

/** Resolves once everything written so far is on disk. */
export function allWritesDurable(commits: CommitDurability): Promise<void> {
  return commits.durable(commits.writeMark());
}
