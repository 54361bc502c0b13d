/**
 * When a store's committed writes are on disk. A store opened with group commit (`store/wal-sync.ts`)
 * does not sync each commit, so whoever tells a client of a change (the API) waits for `durable` first.
 */
export interface CommitDurability {
  /** A mark covering every write made so far. */
  writeMark(): number;
  /** Resolves once every write up to `mark` is on disk. */
  durable(mark: number): Promise<void>;
}

/** Durability of a store whose every commit is synced by itself: nothing to wait for. */
export const SYNCED_COMMITS: CommitDurability = { writeMark: () => 0, durable: () => Promise.resolve() };
