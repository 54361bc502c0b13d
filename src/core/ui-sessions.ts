/**
 * Web UI sessions, kept in certgate's store so they survive a restart and every API instance behind a
 * load balancer sees the same ones. A signed-in person's browser holds a random token in an HTTP-only
 * cookie; the store keeps only its SHA-256, the person's id and the session's CSRF token.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../shared/clock.js";
import {
  deletePersonUiSessions,
  deleteUiSession,
  findUiSession,
  insertUiSession,
  purgeExpiredUiSessions,
  touchUiSession,
  type UiSessionRow,
} from "../store/repos/ui-sessions.js";
import type { Store } from "../store/store.js";

/** One session. */
export interface UiSession {
  readonly personId: string;
  /** Sent back by the UI in the `X-CSRF-Token` header of every request that changes something. */
  readonly csrfToken: string;
  readonly createdAt: number;
  /** As stored: up to `lastSeenWriteIntervalMs` older than the session's latest request. */
  readonly lastSeenAt: number;
}

/** How long sessions live. */
export interface SessionLifetimes {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMs: number;
}

/** Eight hours idle, one day at most. */
export const DEFAULT_SESSION_LIFETIMES: SessionLifetimes = { idleMs: 8 * 3600_000, absoluteMs: 24 * 3600_000 };

/** How often the store's copy of the session state is written or swept. */
export interface SessionUpkeep {
  /** A session's `last_seen_at` is written at most this often. */
  lastSeenWriteIntervalMs: number;
  /** Expired sessions of everyone are deleted at most this often per instance. */
  sweepIntervalMs: number;
}

/**
 * One minute between `last_seen_at` writes, ten between sweeps.
 *
 * Writing `last_seen_at` on every request would turn each page load's many API reads into store writes
 * (on SQLite every write takes the single writer lock). Written at most once a minute, the idle timer
 * loses at most a minute: a session ends between 7 h 59 min and 8 h after its last request, never later.
 */
export const DEFAULT_SESSION_UPKEEP: SessionUpkeep = { lastSeenWriteIntervalMs: 60_000, sweepIntervalMs: 10 * 60_000 };

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

function toSession(row: UiSessionRow): UiSession {
  return { personId: row.person_id, csrfToken: row.csrf_token, createdAt: Date.parse(row.created_at), lastSeenAt: Date.parse(row.last_seen_at) };
}

/** The sessions in the store, as one API instance sees them. */
export class SessionStore {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #lifetimes: SessionLifetimes;
  readonly #upkeep: SessionUpkeep;
  #lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(store: Store, clock: Clock, lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES, upkeep: SessionUpkeep = DEFAULT_SESSION_UPKEEP) {
    this.#store = store;
    this.#clock = clock;
    this.#lifetimes = lifetimes;
    this.#upkeep = upkeep;
  }

  /** Starts a session; answers the token for the cookie (never stored) and the session. */
  async create(personId: string): Promise<{ token: string; session: UiSession }> {
    const now = this.#clock.now().getTime();
    await this.#sweepIfDue(now);
    const token = randomBytes(32).toString("base64url");
    const session: UiSession = { personId, csrfToken: randomBytes(32).toString("base64url"), createdAt: now, lastSeenAt: now };
    await insertUiSession(this.#store.db, {
      token_hash: digest(token),
      person_id: personId,
      csrf_token: session.csrfToken,
      created_at: isoAt(now),
      last_seen_at: isoAt(now),
    });
    return { token, session };
  }

  /**
   * The live session of `token`; `undefined` when unknown or expired (an expired one is deleted).
   * Refreshes the idle timer when the stored one is at least `lastSeenWriteIntervalMs` old, so most
   * requests only read.
   */
  async get(token: string): Promise<UiSession | undefined> {
    const key = digest(token);
    const row = await findUiSession(this.#store.db, key);
    const now = this.#clock.now().getTime();
    await this.#sweepIfDue(now);
    if (!row) return undefined;
    const session = toSession(row);
    if (this.#expired(session, now)) {
      await deleteUiSession(this.#store.db, key);
      return undefined;
    }
    if (now - session.lastSeenAt < this.#upkeep.lastSeenWriteIntervalMs) return session;
    await touchUiSession(this.#store.db, key, isoAt(now));
    return { ...session, lastSeenAt: now };
  }

  /** Ends the session of `token`, if any. */
  async delete(token: string): Promise<void> {
    await deleteUiSession(this.#store.db, digest(token));
  }

  /** Ends every session of a person (what a password change must call); answers how many. */
  endPersonSessions(personId: string): Promise<number> {
    return deletePersonUiSessions(this.#store.db, personId);
  }

  /** Deletes every expired session now; answers how many. */
  async sweep(): Promise<number> {
    const now = this.#clock.now().getTime();
    this.#lastSweepAt = now;
    return purgeExpiredUiSessions(this.#store.db, isoAt(now - this.#lifetimes.idleMs), isoAt(now - this.#lifetimes.absoluteMs));
  }

  /** Seconds the cookie should live: the absolute lifetime. */
  get cookieMaxAgeSeconds(): number {
    return Math.floor(this.#lifetimes.absoluteMs / 1000);
  }

  #expired(session: UiSession, now: number): boolean {
    return now - session.lastSeenAt > this.#lifetimes.idleMs || now - session.createdAt > this.#lifetimes.absoluteMs;
  }

  async #sweepIfDue(now: number): Promise<void> {
    if (now - this.#lastSweepAt >= this.#upkeep.sweepIntervalMs) await this.sweep();
  }
}
