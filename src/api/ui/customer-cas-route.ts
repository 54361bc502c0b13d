/**
 * `GET /api/private/groups/{groupId}/customerCas`: subject, issuer and expiry of each CA in the project's
 * self-managed X.509 bundle, for the Advanced page. Atlas's `userSecurity` gives only the PEM text; the
 * bundle is read through the core (which authorizes the person) and parsed by the PKI's bundle reader.
 */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { Core } from "../../core/index.js";
import { personActor } from "../../core/people.js";
import { validateCaBundle } from "../../pki/ca-bundle.js";
import type { RequestTypeProvider } from "../request-type-provider.js";
import { PRIVATE_API_PREFIX } from "./auth-routes.js";
import { requireSession, type UiSessionDeps } from "./ui-session-auth.js";

const params = Type.Object({ groupId: Type.String({ pattern: "^[a-f0-9]{24}$" }) });

/** Registers the customer CA summary route. */
export function registerCustomerCasRoute(app: FastifyInstance, deps: UiSessionDeps & { core: Core }): void {
  app.withTypeProvider<RequestTypeProvider>().get(`${PRIVATE_API_PREFIX}/groups/:groupId/customerCas`, { schema: { hide: true, params } }, async (request) => {
    const { person } = await requireSession(request, deps);
    const { groupId } = request.params;
    const security = await deps.core.userSecurity.get(personActor(person), groupId);
    const cas = security.customerX509.cas;
    if (!cas) return { results: [] };
    return {
      results: validateCaBundle(cas).cas.map((ca) => ({
        position: ca.position,
        subject: ca.subject,
        issuer: ca.issuer,
        notBefore: ca.notBefore.toISOString(),
        notAfter: ca.notAfter.toISOString(),
        daysUntilExpiry: ca.daysUntilExpiry,
        sha256Fingerprint: ca.sha256Fingerprint,
      })),
    };
  });
}
