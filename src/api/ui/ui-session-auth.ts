/**
 * Turns the web UI's session cookie into the request's operator, so the Admin API accepts a signed-in
 * person as an alternative to HTTP Digest and the core applies the same role rules to them.
 *
 * - A request with an `Authorization` header is left to Digest, whatever cookies it carries.
 * - A request that changes something must carry the session's CSRF token in `X-CSRF-Token`.
 * - A request from the UI (header `X-Certgate-Client: web-ui`) without a live session gets 401
 *   `SESSION_REQUIRED` without a Digest challenge, so the browser shows the sign-in page instead of
 *   its own password prompt.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { Actor } from "../../core/index.js";
import { personActor, type Person } from "../../core/people.js";
import type { WebAccess } from "../../core/web-access.js";
import type { UiSession } from "../../core/ui-sessions.js";
import { ApiError } from "../api-error.js";
import { readCookie, SESSION_COOKIE } from "./session-cookie.js";

/** Header carrying the CSRF token. */
export const CSRF_HEADER = "x-csrf-token";
/** Header the UI puts on every request it makes. */
export const UI_CLIENT_HEADER = "x-certgate-client";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What the session lookups need. */
export interface UiSessionDeps {
  access: WebAccess;
}

/** A request's live session and its person, with their roles as they are now. */
export interface ResolvedSession {
  token: string;
  session: UiSession;
  person: Person;
}

/** The live session of a request's cookie, or `undefined`. Roles are re-read, so a change applies at once. */
export async function resolveSession(request: FastifyRequest, deps: UiSessionDeps): Promise<ResolvedSession | undefined> {
  const token = readCookie(request.headers.cookie, SESSION_COOKIE);
  if (!token) return undefined;
  const session = await deps.access.sessions.get(token);
  if (!session) return undefined;
  const person = await deps.access.loadPerson(session.personId);
  if (!person) {
    await deps.access.sessions.delete(token);
    return undefined;
  }
  return { token, session, person };
}

/** Refuses a state-changing request whose CSRF header does not match the session's token. */
export function checkCsrf(request: FastifyRequest, session: UiSession): void {
  if (SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  const given = Buffer.from(typeof sent === "string" ? sent : "");
  const expected = Buffer.from(session.csrfToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError(403, "INVALID_CSRF_TOKEN", "The request did not carry this session's CSRF token; reload the page and try again.");
  }
}

/** The session of a UI request, or 401 `SESSION_REQUIRED`; checks CSRF for state-changing methods. */
export async function requireSession(request: FastifyRequest, deps: UiSessionDeps): Promise<ResolvedSession> {
  const resolved = await resolveSession(request, deps);
  if (!resolved) throw new ApiError(401, "SESSION_REQUIRED", "Sign in to continue.");
  checkCsrf(request, resolved.session);
  return resolved;
}

/**
 * The hook the Admin API calls before Digest: the operator of a signed-in person, `undefined` to let
 * Digest decide. Throws for a UI request without a session and for a missing CSRF token.
 */
export function uiSessionAuthenticator(deps: UiSessionDeps): (request: FastifyRequest) => Promise<Actor | undefined> {
  return async (request) => {
    if (request.headers.authorization) return undefined;
    const resolved = await resolveSession(request, deps);
    if (!resolved) {
      if (request.headers[UI_CLIENT_HEADER] === "web-ui") throw new ApiError(401, "SESSION_REQUIRED", "Sign in to continue.");
      return undefined;
    }
    checkCsrf(request, resolved.session);
    return personActor(resolved.person);
  };
}
