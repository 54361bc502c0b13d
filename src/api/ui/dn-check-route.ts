/**
 * `POST /api/private/dn/check {dn}`: the live check behind the Distinguished Name field. It parses with
 * the same module the Admin API uses and answers the canonical form certgate would store.
 */
import type { FastifyInstance } from "fastify";
import { canonicalizeDn } from "../../pki/dn/index.js";
import { PRIVATE_API_PREFIX } from "./auth-routes.js";
import { requireSession, type UiSessionDeps } from "./ui-session-auth.js";

const body = {
  type: "object",
  additionalProperties: false,
  required: ["dn"],
  properties: { dn: { type: "string", maxLength: 1024 } },
} as const;

/** Registers the DN check route. */
export function registerDnCheckRoute(app: FastifyInstance, deps: UiSessionDeps): void {
  app.post(`${PRIVATE_API_PREFIX}/dn/check`, { schema: { hide: true, body } }, async (request) => {
    await requireSession(request, deps);
    const { dn } = request.body as { dn: string };
    try {
      return { valid: true, canonical: canonicalizeDn(dn) };
    } catch (err) {
      return { valid: false, reason: err instanceof Error ? err.message : String(err) };
    }
  });
}
