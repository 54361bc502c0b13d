/**
 * Each project's signed CRL text, built once per change of what it lists and served from memory.
 *
 * A CRL is keyed by the project's revocation counter (bumped in the transaction of every revocation
 * and managed CA change, on whichever instance made it) and the managed CAs it covers, so a cached CRL
 * is served only while no instance has changed the project's revocations since it was built. A
 * request that finds the key moved waits for the one build of the new key that concurrent requests
 * share; a CRL is also rebuilt once it is older than {@link CRL_REFRESH_MS}, well inside its validity.
 */

/** How long a built CRL is served before it is built again even without a change. */
export const CRL_REFRESH_MS = 24 * 3600 * 1000;
/** Projects whose CRL stays in memory (the least recently requested one is dropped first). */
const MAX_PROJECTS = 32;

interface Entry {
  readonly key: string;
  readonly builtAt: number;
  readonly pem: Promise<string>;
}

/** See the module comment. */
export class CrlCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The CRL of `projectId` for `key`, from memory or from one shared call of `build`. */
  get(projectId: string, key: string, build: () => Promise<string>): Promise<string> {
    const known = this.#entries.get(projectId);
    if (known !== undefined && known.key === key && this.#now() - known.builtAt < CRL_REFRESH_MS) {
      this.#entries.delete(projectId);
      this.#entries.set(projectId, known);
      return known.pem;
    }
    const pem = build();
    const entry: Entry = { key, builtAt: this.#now(), pem };
    this.#entries.delete(projectId);
    this.#entries.set(projectId, entry);
    if (this.#entries.size > MAX_PROJECTS) this.#entries.delete(this.#entries.keys().next().value as string);
    // A failed build is not remembered: the next request tries again.
    pem.catch(() => {
      if (this.#entries.get(projectId) === entry) this.#entries.delete(projectId);
    });
    return pem;
  }
}
