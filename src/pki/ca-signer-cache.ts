/**
 * Keeps opened CA signers in memory between issues, so issuing a certificate costs one signature
 * rather than a certificate parse, an AES-GCM open and a private-key import as well.
 *
 * An entry is reused only while the record it was opened from is unchanged (same sealed key, same
 * certificate, same master key object); a rotated or re-keyed CA is opened afresh. The unsealed key
 * stays a non-extractable WebCrypto key. The cache holds at most `maxEntries` CAs, dropping the least
 * recently used.
 */
import { openCaSigner, type CaSigner, type SigningCaRecord } from "./ca-signer.js";
import type { MasterKey } from "./master-key.js";
import { PkiError } from "./pki-error.js";

interface Entry {
  readonly sealedPrivateKey: Buffer;
  readonly certificatePem: string;
  readonly masterKey: MasterKey;
  readonly signer: Promise<CaSigner>;
}

/** See the module comment. */
export class CaSignerCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;

  constructor(maxEntries = 64) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new PkiError("INVALID_ARGUMENT", `CA signer cache size must be a positive integer, got ${maxEntries}`);
    }
    this.#maxEntries = maxEntries;
  }

  /** The signer of `ca` (sealed for `caId`), opened now or reused. */
  get(ca: SigningCaRecord, masterKey: MasterKey, caId: string): Promise<CaSigner> {
    const cached = this.#entries.get(caId);
    if (
      cached &&
      cached.masterKey === masterKey &&
      cached.certificatePem === ca.certificatePem &&
      cached.sealedPrivateKey.equals(ca.sealedPrivateKey)
    ) {
      this.#entries.delete(caId);
      this.#entries.set(caId, cached);
      return cached.signer;
    }
    const signer = openCaSigner(ca, masterKey, caId);
    const entry: Entry = {
      sealedPrivateKey: Buffer.from(ca.sealedPrivateKey),
      certificatePem: ca.certificatePem,
      masterKey,
      signer,
    };
    this.#entries.delete(caId);
    this.#entries.set(caId, entry);
    signer.catch(() => {
      if (this.#entries.get(caId) === entry) this.#entries.delete(caId);
    });
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return signer;
  }

  /** Forgets one CA (e.g. after it was deleted), or all of them. */
  forget(caId?: string): void {
    if (caId === undefined) this.#entries.clear();
    else this.#entries.delete(caId);
  }

  /** Number of CAs held. */
  get size(): number {
    return this.#entries.size;
  }
}
