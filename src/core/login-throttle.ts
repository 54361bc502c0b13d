/**
 * Lock-out after repeated sign-in failures: after `maxFailures` wrong passwords for one key within
 * `windowMs`, that key is refused for `lockMs`, whether or not its account exists (so the lock-out
 * reveals nothing). The web UI's key is the email and the source network together
 * (`sign-in-source.ts`), so failures elsewhere never lock the account's owner out. Kept in the store, so N API instances behind a load balancer still allow `maxFailures`
 * guesses per window in all, not N times as many, and a restart does not reset the count.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../shared/clock.js";
import {
  clearLoginThrottle,
  countLoginFailuresAfter,
  findLoginLock,
  insertLoginFailure,
  lockLogin,
  purgeLoginThrottle,
} from "../store/repos/ui-login-throttle.js";
import type { Store } from "../store/store.js";

/** The limits. */
export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** Five failures in fifteen minutes lock the email for fifteen minutes. */
export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Stale failures and ended locks are deleted at most this often per instance, on a failure or success. */
const PURGE_INTERVAL_MS = 10 * 60_000;

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** Failure counts per key, stored by the key's SHA-256. */
export class LoginThrottle {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #limits: ThrottleLimits;
  #lastPurgeAt = Number.NEGATIVE_INFINITY;

  constructor(store: Store, clock: Clock, limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS) {
    this.#store = store;
    this.#clock = clock;
    this.#limits = limits;
  }

  /** The hash under which `key` is stored. */
  static keyHash(key: string): string {
    return createHash("sha256").update(key).digest("hex");
  }

  /** Seconds until `key` may try again; 0 when it is not locked. */
  async retryAfterSeconds(key: string): Promise<number> {
    const until = await findLoginLock(this.#store.db, LoginThrottle.keyHash(key));
    const now = this.#clock.now().getTime();
    if (until === undefined || Date.parse(until) <= now) return 0;
    return Math.ceil((Date.parse(until) - now) / 1000);
  }

  /** Counts a failure; locks the key when it reaches the limit. */
  async recordFailure(key: string): Promise<void> {
    const hash = LoginThrottle.keyHash(key);
    const now = this.#clock.now().getTime();
    await this.#purgeIfDue(now);
    await insertLoginFailure(this.#store.db, hash, isoAt(now));
    const failures = await countLoginFailuresAfter(this.#store.db, hash, isoAt(now - this.#limits.windowMs));
    if (failures >= this.#limits.maxFailures) {
      await this.#store.transaction((tx) => lockLogin(tx, hash, isoAt(now + this.#limits.lockMs)));
    }
  }

  /** Forgets the failures of `key` after a successful sign-in. */
  async recordSuccess(key: string): Promise<void> {
    await this.#purgeIfDue(this.#clock.now().getTime());
    await clearLoginThrottle(this.#store.db, LoginThrottle.keyHash(key));
  }

  async #purgeIfDue(now: number): Promise<void> {
    if (now - this.#lastPurgeAt < PURGE_INTERVAL_MS) return;
    this.#lastPurgeAt = now;
    await purgeLoginThrottle(this.#store.db, isoAt(now - this.#limits.windowMs), isoAt(now));
  }
}
