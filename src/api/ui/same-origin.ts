import type { FastifyRequest } from "fastify";
import { ApiError } from "../api-error.js";

/**
 * Refuses a state-changing request whose `Origin` names another site. Browsers send `Origin` with
 * every cross-site POST, so this stops login CSRF (a page signing the victim in as the attacker),
 * which the session's CSRF token cannot prevent because there is no session yet.
 */
export function checkSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (!origin || origin === "null") {
    if (origin === "null") throw new ApiError(403, "CROSS_ORIGIN_REQUEST", "Requests from other sites are refused.");
    return;
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ApiError(403, "CROSS_ORIGIN_REQUEST", "Requests from other sites are refused.");
  }
  if (host !== request.headers.host) throw new ApiError(403, "CROSS_ORIGIN_REQUEST", "Requests from other sites are refused.");
}
