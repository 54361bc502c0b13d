/**
 * Web UI sessions, kept in memory: a signed-in person's browser holds a random token in an HTTP-only
 * cookie; the server keeps only its SHA-256, the person's id and the session's CSRF token.
 * Several API instances behind a load balancer need sticky sessions, since each has its own store.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../shared/clock.js";

/** One session. */
export interface UiSession {
  readonly personId: string;
  /** Sent back by the UI in the `X-CSRF-Token` header of every request that changes something. */
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
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

function digest(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The sessions of one server process. */
export class SessionStore {
  readonly #sessions = new Map<string, UiSession>();
  readonly #clock: Clock;
  readonly #lifetimes: SessionLifetimes;

  constructor(clock: Clock, lifetimes: SessionLifetimes = DEFAULT_SESSION_LIFETIMES) {
    this.#clock = clock;
    this.#lifetimes = lifetimes;
  }

  /** Starts a session; answers the token for the cookie (never stored) and the session. */
  create(personId: string): { token: string; session: UiSession } {
    this.#sweep();
    const now = this.#clock.now().getTime();
    const token = randomBytes(32).toString("base64url");
    const session: UiSession = { personId, csrfToken: randomBytes(32).toString("base64url"), createdAt: now, lastSeenAt: now };
    this.#sessions.set(digest(token), session);
    return { token, session };
  }

  /** The live session of `token`, refreshing its idle timer; `undefined` when unknown or expired. */
  get(token: string): UiSession | undefined {
    const key = digest(token);
    const session = this.#sessions.get(key);
    if (!session) return undefined;
    const now = this.#clock.now().getTime();
    if (this.#expired(session, now)) {
      this.#sessions.delete(key);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  /** Ends the session of `token`, if any. */
  delete(token: string): void {
    this.#sessions.delete(digest(token));
  }

  /** Seconds the cookie should live: the absolute lifetime. */
  get cookieMaxAgeSeconds(): number {
    return Math.floor(this.#lifetimes.absoluteMs / 1000);
  }

  #expired(session: UiSession, now: number): boolean {
    return now - session.lastSeenAt > this.#lifetimes.idleMs || now - session.createdAt > this.#lifetimes.absoluteMs;
  }

  #sweep(): void {
    const now = this.#clock.now().getTime();
    for (const [key, session] of this.#sessions) if (this.#expired(session, now)) this.#sessions.delete(key);
  }
}
