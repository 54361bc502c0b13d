import type { FastifyRequest } from "fastify";
import type { Actor } from "../core/index.js";
import { ApiError } from "./api-error.js";

/** How the client asked the response to be shaped (`?pretty=true`, `?envelope=true`). */
export interface ResponseFormat {
  pretty: boolean;
  envelope: boolean;
  /** Content type of JSON bodies: `application/json` in v1.0, the versioned media type in v2. */
  jsonContentType: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The operator the digest credentials belong to; set by the digest-auth hook. */
    actor: Actor | undefined;
    /** Read from the query before routing, so even errors of unknown routes honour it. */
    responseFormat: ResponseFormat;
  }
  interface FastifyReply {
    /** Set when the body is already final (a 401 challenge, an enveloped 204): no envelope is added. */
    skipEnvelope: boolean;
  }
}

/** The authenticated operator of a request; routes behind digest auth always have one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new ApiError(401, "UNAUTHORIZED", "You are not authorized for this resource.");
  return request.actor;
}

/** The scheme, host and port the client used, for the absolute `href`s Atlas puts in links. */
export function requestBaseUrl(request: FastifyRequest, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, "");
  return `${request.protocol}://${request.host}`;
}
