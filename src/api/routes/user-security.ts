/**
 * `/groups/{groupId}/userSecurity`: self-managed ("customer") X.509 and the LDAP settings (whose
 * verify and mapping routes are in `ldap.ts`). Atlas answers PATCH and the
 * DELETE of `customerX509` with 202 because they roll clusters; certgate's gateways reload in place,
 * but the status stays Atlas's.
 */
import { Type } from "typebox";
import type { UserSecurity } from "../../core/index.js";
import { alphabetical } from "../alphabetical.js";
import { actorOf } from "../request-context.js";
import { entityQuery, errorResponses, groupParams } from "../schemas/common.js";
import { registerLdapRoutes } from "./ldap.js";
import type { RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

const customerX509Schema = Type.Partial(
  Type.Object({ cas: Type.String({ description: "Concatenated PEM certificates of the CAs that sign your users' certificates." }) }),
  { title: "DBUserTLSX509Settings", additionalProperties: false },
);

/** An object whose fields the core checks. */
const checkedByCore = Type.Object({}, { additionalProperties: true });

/** Atlas's `LDAPSecuritySettings`; the core checks the fields (and refuses unknown ones). */
const ldapSchema = Type.Partial(
  Type.Object({
    authenticationEnabled: Type.Boolean(),
    authorizationEnabled: Type.Boolean(),
    hostname: Type.String(),
    port: Type.Integer(),
    bindUsername: Type.String(),
    bindPassword: Type.String({ writeOnly: true }),
    caCertificate: Type.String(),
    authzQueryTemplate: Type.String(),
    // Atlas's JSON-schema form of "an array of rules, or null".
    userToDNMapping: Type.Unsafe<Record<string, unknown>[] | null>({ type: ["array", "null"], items: checkedByCore }),
    transportSecurity: Type.String({ description: "certgate extension: TLS (LDAPS, default), STARTTLS or NONE" }),
  }),
  { title: "LDAPSecuritySettings", additionalProperties: true },
);

const userSecuritySchema = Type.Partial(Type.Object({ customerX509: customerX509Schema, ldap: checkedByCore }), { title: "UserSecurity" });

const patchBody = Type.Partial(Type.Object({ customerX509: customerX509Schema, ldap: ldapSchema }), { title: "UserSecurity", additionalProperties: false });

/** Registers the userSecurity routes. */
export function registerUserSecurityRoutes(app: ApiScope, ctx: RouteContext): void {
  const render = (s: UserSecurity) => alphabetical({ customerX509: s.customerX509, ldap: alphabetical(s.ldap) });

  app.get(
    "/groups/:groupId/userSecurity",
    {
      schema: {
        tags: ["LDAP Configuration", "X.509 Authentication"],
        operationId: "getLdapConfiguration",
        summary: "Return the project's customer X.509 (and LDAP) settings",
        params: groupParams,
        querystring: entityQuery,
        response: { 200: userSecuritySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      return render(await ctx.core.userSecurity.get(actorOf(request), groupId));
    },
  );

  app.patch(
    "/groups/:groupId/userSecurity",
    {
      schema: {
        tags: ["LDAP Configuration", "X.509 Authentication"],
        operationId: "saveLdapConfiguration",
        summary: "Upload the customer CA bundle (every certificate must be a valid, unexpired CA) and/or change the LDAP settings",
        params: groupParams,
        querystring: entityQuery,
        body: patchBody,
        response: { 202: userSecuritySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params;
      const body = request.body;
      const actor = actorOf(request);
      const cas = body.customerX509?.cas;
      let result = cas === undefined ? await ctx.core.userSecurity.get(actor, groupId) : await ctx.core.userSecurity.setCustomerCas(actor, groupId, cas);
      if (body.ldap !== undefined) result = await ctx.core.userSecurity.saveLdap(actor, groupId, body.ldap);
      return reply.code(202).send(render(result));
    },
  );

  app.delete(
    "/groups/:groupId/userSecurity/customerX509",
    {
      schema: {
        tags: ["X.509 Authentication"],
        operationId: "disableCustomerManagedX509",
        summary: "Turn self-managed X.509 off",
        params: groupParams,
        querystring: entityQuery,
        response: { 202: userSecuritySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params;
      return reply.code(202).send(render(await ctx.core.userSecurity.disableCustomerX509(actorOf(request), groupId)));
    },
  );

  registerLdapRoutes(app, ctx, userSecuritySchema, render);
}
