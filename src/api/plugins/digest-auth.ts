/**
 * Puts HTTP Digest authentication in front of every Admin API route (see `auth/digest-authenticator.ts`
 * for the protocol). A request that fails gets 401 with one `WWW-Authenticate` challenge per offered
 * algorithm (MD5 first, as Atlas, then SHA-256) and Atlas's error body; it is never enveloped, because
 * the client has to see the status to answer the challenge.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Actor } from "../../core/index.js";
import { atlasErrorBody } from "../api-error.js";
import type { DigestAuthenticator } from "../auth/digest-authenticator.js";

/** Options of `installDigestAuth`. */
export interface DigestAuthOptions {
  authenticator: DigestAuthenticator<Actor>;
  /** Paths (without query) served without credentials, e.g. the OpenAPI document. */
  publicPaths: ReadonlySet<string>;
  /** When given, only paths under these prefixes need credentials (the web UI's pages and sign-in do not). */
  protectedPrefixes?: readonly string[];
  /**
   * Tried before Digest: another way a request may name its operator (the web UI's session). An operator
   * it answers is accepted; `undefined` leaves the request to Digest; a throw answers with that error.
   */
  authenticateRequest?: (request: FastifyRequest) => Promise<Actor | undefined>;
}

/** The detail of every 401 caused by credentials, whatever was wrong with them (the log says what). */
export const UNAUTHORIZED_DETAIL = "You are not authorized for this resource.";

/** Installs the authentication hook on `app`. */
export function installDigestAuth(app: FastifyInstance, options: DigestAuthOptions): void {
  app.decorateRequest("actor", undefined);

  app.addHook("onRequest", async (request, reply) => {
    // Unknown routes answer 404 without a challenge: the route table is public in the OpenAPI document anyway.
    if (request.is404) return;
    const path = request.url.split("?")[0] ?? request.url;
    if (options.publicPaths.has(path)) return;
    if (options.protectedPrefixes && !options.protectedPrefixes.some((prefix) => path.startsWith(prefix))) return;
    const alternative = await options.authenticateRequest?.(request);
    if (alternative) {
      request.actor = alternative;
      return;
    }

    const outcome = await options.authenticator.authenticate({
      method: request.method,
      url: request.url,
      authorization: request.headers.authorization,
    });
    if (outcome.ok) {
      request.actor = outcome.principal;
      return;
    }
    if (outcome.failure !== "missing") request.log.info({ failure: outcome.failure }, outcome.detail);
    reply.skipEnvelope = true;
    reply.header("www-authenticate", options.authenticator.challenges(outcome.stale));
    return reply.code(401).send(atlasErrorBody(401, "UNAUTHORIZED", UNAUTHORIZED_DETAIL));
  });
}
