/**
 * `POST /api/private/dn/check {dn}`: the live check behind the Distinguished Name field. It parses with
 * the same module the Admin API uses and answers the canonical form certgate would store, with a
 * warning when the DN looks typed in OpenSSL's display order (most general part first).
 */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { canonicalizeDn, reversedDnWarning } from "../../pki/dn/index.js";
import type { RequestTypeProvider } from "../request-type-provider.js";
import { PRIVATE_API_PREFIX } from "./auth-routes.js";
import { requireSession, type UiSessionDeps } from "./ui-session-auth.js";

const body = Type.Object({ dn: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });

/** Registers the DN check route. */
export function registerDnCheckRoute(app: FastifyInstance, deps: UiSessionDeps): void {
  app.withTypeProvider<RequestTypeProvider>().post(`${PRIVATE_API_PREFIX}/dn/check`, { schema: { hide: true, body } }, async (request) => {
    await requireSession(request, deps);
    const { dn } = request.body;
    try {
      const canonical = canonicalizeDn(dn);
      const warning = reversedDnWarning(dn);
      return warning === undefined ? { valid: true, canonical } : { valid: true, canonical, warning };
    } catch (err) {
      return { valid: false, reason: err instanceof Error ? err.message : String(err) };
    }
  });
}
