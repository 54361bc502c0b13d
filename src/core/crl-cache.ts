/**
 * Each project's signed CRL, built once per change of what it lists and served from memory as it goes
 * out: the PEM bytes, the same gzip-compressed, and a strong ETag (the bytes' SHA-256), all computed
 * once per build (the hash and the compression on libuv's thread pool), so a GET only writes bytes.
 *
 * A CRL is keyed by the project's revocation counter (bumped in the transaction of every revocation
 * and managed CA change, on whichever instance made it) and the managed CAs it covers, so a cached CRL
 * is served only while no instance has changed the project's revocations since it was built. A
 * request that finds the key moved waits for the one build of the new key that concurrent requests
 * share; a CRL is also rebuilt once it is older than {@link CRL_REFRESH_MS}, well inside its validity.
 */

import { gzip } from "node:zlib";
import { promisify } from "node:util";

const gzipAsync = promisify(gzip);

/** A built CRL, ready to send. */
export interface PublishedCrl {
  /** The PEM text's bytes (one CRL per trusted managed CA, concatenated). */
  readonly pem: Buffer;
  /** The PEM bytes gzip-compressed, for clients that accept `gzip`. */
  readonly gzip: Buffer;
  /** A strong entity tag of the PEM bytes (quoted, as the `ETag` header carries it). */
  readonly etag: string;
}

/** Hashes and compresses a CRL's PEM once, both on libuv's thread pool. */
export async function publishCrl(pem: Buffer): Promise<PublishedCrl> {
  const [digest, compressed] = await Promise.all([crypto.subtle.digest("SHA-256", pem), gzipAsync(pem)]);
  return { pem, gzip: compressed, etag: `"${Buffer.from(digest).toString("base64url")}"` };
}

/** How long a built CRL is served before it is built again even without a change. */
export const CRL_REFRESH_MS = 24 * 3600 * 1000;
/** Projects whose CRL stays in memory (the least recently requested one is dropped first). */
const MAX_PROJECTS = 32;

interface Entry {
  readonly key: string;
  readonly builtAt: number;
  readonly crl: Promise<PublishedCrl>;
}

/** See the module comment. */
export class CrlCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The CRL of `projectId` for `key`, from memory or from one shared call of `build` (its PEM bytes). */
  get(projectId: string, key: string, build: () => Promise<Buffer>): Promise<PublishedCrl> {
    const known = this.#entries.get(projectId);
    if (known !== undefined && known.key === key && this.#now() - known.builtAt < CRL_REFRESH_MS) {
      this.#entries.delete(projectId);
      this.#entries.set(projectId, known);
      return known.crl;
    }
    const crl = build().then(publishCrl);
    const entry: Entry = { key, builtAt: this.#now(), crl };
    this.#entries.delete(projectId);
    this.#entries.set(projectId, entry);
    if (this.#entries.size > MAX_PROJECTS) this.#entries.delete(this.#entries.keys().next().value as string);
    // A failed build is not remembered: the next request tries again.
    crl.catch(() => {
      if (this.#entries.get(projectId) === entry) this.#entries.delete(projectId);
    });
    return crl;
  }
}
