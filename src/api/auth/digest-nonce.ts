import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Server nonces that need no server-side storage to be checked: each one carries the time it was
 * issued and an HMAC over that time and a random part, keyed by a secret every API instance shares.
 * Any instance can therefore tell whether a nonce is genuine and how old it is.
 */

const TIME_BYTES = 8;
const RANDOM_BYTES = 12;
const MAC_BYTES = 16;
const NONCE_BYTES = TIME_BYTES + RANDOM_BYTES + MAC_BYTES;

/** What checking a nonce found. */
export type NonceCheck =
  | { valid: true; issuedAt: number; expiresAt: number }
  | { valid: false; reason: "forged" | "expired" | "future" };

/** Issues and checks signed, time-stamped nonces. */
export class NonceSigner {
  readonly #secret: Buffer;
  readonly #ttlMs: number;

  /** @param secret at least 32 bytes, shared by every API instance behind one load balancer. */
  constructor(secret: Buffer, ttlMs: number) {
    if (secret.length < 32) throw new RangeError(`The nonce secret must be at least 32 bytes, got ${secret.length}.`);
    this.#secret = Buffer.from(secret);
    this.#ttlMs = ttlMs;
  }

  /** How long a nonce stays usable. */
  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** A fresh nonce issued at `nowMs`, base64url (no quotes or commas, so every client parses it). */
  issue(nowMs: number): string {
    const body = Buffer.alloc(TIME_BYTES + RANDOM_BYTES);
    body.writeBigUInt64BE(BigInt(nowMs), 0);
    randomBytes(RANDOM_BYTES).copy(body, TIME_BYTES);
    return Buffer.concat([body, this.#mac(body)]).toString("base64url");
  }

  /** Checks a nonce a client returned; expired nonces are reported apart so the challenge can say `stale=true`. */
  check(nonce: string, nowMs: number): NonceCheck {
    const raw = Buffer.from(nonce, "base64url");
    if (raw.length !== NONCE_BYTES || raw.toString("base64url") !== nonce) return { valid: false, reason: "forged" };
    const body = raw.subarray(0, TIME_BYTES + RANDOM_BYTES);
    if (!timingSafeEqual(raw.subarray(TIME_BYTES + RANDOM_BYTES), this.#mac(body))) return { valid: false, reason: "forged" };
    const issuedAt = Number(body.readBigUInt64BE(0));
    // A little slack for instances whose clocks disagree slightly.
    if (issuedAt > nowMs + 5_000) return { valid: false, reason: "future" };
    const expiresAt = issuedAt + this.#ttlMs;
    if (nowMs >= expiresAt) return { valid: false, reason: "expired" };
    return { valid: true, issuedAt, expiresAt };
  }

  #mac(body: Buffer): Buffer {
    return createHmac("sha256", this.#secret).update(body).digest().subarray(0, MAC_BYTES);
  }
}
