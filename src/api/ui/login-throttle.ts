/**
 * Lock-out after repeated sign-in failures: after `maxFailures` wrong passwords for one email within
 * `windowMs`, that email is refused for `lockMs`, whether or not it exists (so the lock-out reveals
 * nothing). Kept in memory per server process.
 */
import type { Clock } from "../../shared/clock.js";

/** The limits. */
export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** Five failures in fifteen minutes lock the email for fifteen minutes. */
export const DEFAULT_THROTTLE_LIMITS: ThrottleLimits = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/** Failure counts per key (the normalized email). */
export class LoginThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;
  readonly #limits: ThrottleLimits;

  constructor(clock: Clock, limits: ThrottleLimits = DEFAULT_THROTTLE_LIMITS) {
    this.#clock = clock;
    this.#limits = limits;
  }

  /** Seconds until `key` may try again; 0 when it is not locked. */
  retryAfterSeconds(key: string): number {
    const entry = this.#entries.get(key);
    const now = this.#clock.now().getTime();
    if (!entry || entry.lockedUntil <= now) return 0;
    return Math.ceil((entry.lockedUntil - now) / 1000);
  }

  /** Counts a failure; locks the key when it reaches the limit. */
  recordFailure(key: string): void {
    const now = this.#clock.now().getTime();
    const entry = this.#entries.get(key) ?? { failures: [], lockedUntil: 0 };
    entry.failures = entry.failures.filter((t) => now - t < this.#limits.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.#limits.maxFailures) {
      entry.lockedUntil = now + this.#limits.lockMs;
      entry.failures = [];
    }
    this.#entries.set(key, entry);
  }

  /** Forgets the failures of `key` after a successful sign-in. */
  recordSuccess(key: string): void {
    this.#entries.delete(key);
  }
}
