/**
 * Store lookups remembered between project changes, so a new connection's authentication does not
 * query the store: the `$external` users of a cluster's project, and each project's LDAP
 * authorization. Every project change (the core's events, and the polled change counters that any
 * user, trust or LDAP change bumps) empties the cache before the change is applied, so a deleted
 * user, narrowed roles or changed LDAP settings still reach new connections at once.
 */

/** Entries before the cache is emptied, so a flood of distinct keys stays bounded. */
const MAX_ENTRIES = 4096;

/** A lookup by key, remembered until {@link LookupCache.invalidate}. Failures are not remembered. */
export class LookupCache<V> {
  readonly #load: (key: string) => Promise<V | undefined>;
  readonly #keepMissing: boolean;
  readonly #entries = new Map<string, { value: V | undefined }>();
  /** Loads running now, by key: concurrent misses of one key share one load. */
  readonly #loading = new Map<string, { generation: number; value: Promise<V | undefined> }>();
  #generation = 0;

  /** `keepMissing`: whether an `undefined` answer is remembered too (not for users, who may be created any moment). */
  constructor(load: (key: string) => Promise<V | undefined>, keepMissing: boolean) {
    this.#load = load;
    this.#keepMissing = keepMissing;
  }

  /** The value under `key`, from memory when it was loaded since the last invalidation. */
  async get(key: string): Promise<V | undefined> {
    const known = this.#entries.get(key);
    if (known !== undefined) return known.value;
    const generation = this.#generation;
    const running = this.#loading.get(key);
    if (running !== undefined && running.generation === generation) return running.value;
    const loading = this.#load(key);
    this.#loading.set(key, { generation, value: loading });
    let value: V | undefined;
    try {
      value = await loading;
    } finally {
      if (this.#loading.get(key)?.value === loading) this.#loading.delete(key);
    }
    // A lookup that was running when the project changed may have read the old rows.
    if ((value !== undefined || this.#keepMissing) && generation === this.#generation) {
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.clear();
      this.#entries.set(key, { value });
    }
    return value;
  }

  /** Forgets `key` (or everything); lookups already running do not refill the cache. */
  invalidate(key?: string): void {
    this.#generation++;
    if (key === undefined) this.#entries.clear();
    else this.#entries.delete(key);
  }
}
