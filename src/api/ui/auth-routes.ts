/**
 * `/api/private/auth/*`: sign-in for people (not part of Atlas's API).
 * - `POST login {email, password}` sets the session cookie and answers the person and the CSRF token;
 *   repeated failures lock out that email from that source network (429 with `Retry-After`), never
 *   from everywhere, so nobody can keep the owner out by guessing at their email.
 * - `GET me` answers the same for a live session (401 `SESSION_REQUIRED` otherwise).
 * - `POST logout` ends the session and clears the cookie.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import { normalizeEmail, type Person } from "../../core/people.js";
import { signInThrottleKey } from "../../core/sign-in-source.js";
import { ApiError } from "../api-error.js";
import type { RequestTypeProvider } from "../request-type-provider.js";
import { checkSameOrigin } from "./same-origin.js";
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from "./session-cookie.js";
import { checkCsrf, requireSession, resolveSession, type UiSessionDeps } from "./ui-session-auth.js";

/** Where the UI's own endpoints live. */
export const PRIVATE_API_PREFIX = "/api/private";

const loginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);

function sessionBody(person: Person, csrfToken: string) {
  return {
    person: { id: person.id, email: person.email, orgId: person.orgId, orgRoles: person.orgRoles, groupRoles: person.groupRoles },
    csrfToken,
  };
}

function noStore(reply: FastifyReply): void {
  reply.header("cache-control", "no-store");
}

/** Registers the sign-in routes. */
export function registerAuthRoutes(app: FastifyInstance, deps: UiSessionDeps): void {
  app.withTypeProvider<RequestTypeProvider>().post(`${PRIVATE_API_PREFIX}/auth/login`, { schema: { hide: true, body: loginBody } }, async (request, reply) => {
    checkSameOrigin(request);
    noStore(reply);
    const { email, password } = request.body;
    const account = normalizeEmail(email);
    const key = signInThrottleKey(account, request.ip);
    const wait = await deps.access.throttle.retryAfterSeconds(key);
    if (wait > 0) {
      reply.header("retry-after", String(wait));
      throw new ApiError(
        429,
        "TOO_MANY_LOGIN_ATTEMPTS",
        `Too many failed sign-in attempts for this email address from your network. Try again in ${Math.ceil(wait / 60)} minutes.`,
      );
    }
    const person = await deps.access.verifyPassword(account, password);
    if (!person) {
      await deps.access.throttle.recordFailure(key);
      request.log.info({ email: account, source: request.ip }, "sign-in failed");
      throw new ApiError(401, "INVALID_CREDENTIALS", "The email address or password is incorrect.");
    }
    await deps.access.throttle.recordSuccess(key);
    const previous = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (previous) await deps.access.sessions.delete(previous);
    const { token, session } = await deps.access.sessions.create(person.id);
    reply.header("set-cookie", sessionCookie(token, deps.access.sessions.cookieMaxAgeSeconds));
    request.log.info({ personId: person.id }, "signed in");
    return sessionBody(person, session.csrfToken);
  });

  app.get(`${PRIVATE_API_PREFIX}/auth/me`, { schema: { hide: true } }, async (request, reply) => {
    noStore(reply);
    const resolved = await requireSession(request, deps);
    return sessionBody(resolved.person, resolved.session.csrfToken);
  });

  app.post(`${PRIVATE_API_PREFIX}/auth/logout`, { schema: { hide: true } }, async (request, reply) => {
    checkSameOrigin(request);
    noStore(reply);
    const resolved = await resolveSession(request, deps);
    if (resolved) {
      checkCsrf(request, resolved.session);
      await deps.access.sessions.delete(resolved.token);
    }
    reply.header("set-cookie", clearedSessionCookie());
    return reply.code(204).send();
  });
}
