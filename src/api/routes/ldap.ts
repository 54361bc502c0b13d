/**
 * The LDAP operations beside `userSecurity` (atlas-api.md §7): verify a configuration
 * (`POST .../ldap/verify`, 200 with the job), read a verify job (`GET .../ldap/verify/{requestId}`) and
 * remove the `userToDNMapping` rules (`DELETE .../ldap/userToDNMapping`, 202 with the UserSecurity).
 * certgate finishes the checks before answering, so the POST already carries the final `status`.
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { LdapVerifyJob, UserSecurity } from "../../core/index.js";
import { alphabetical } from "../alphabetical.js";
import { actorOf } from "../request-context.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, linkSchema, OBJECT_ID_PATTERN, stringEnum } from "../schemas/common.js";
import { selfLink, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

const verifyParamsBody = Type.Partial(
  Type.Object({
    hostname: Type.String(),
    port: Type.Integer({ default: 636 }),
    bindUsername: Type.String(),
    bindPassword: Type.String({ writeOnly: true }),
    caCertificate: Type.String(),
    authzQueryTemplate: Type.String({ writeOnly: true }),
    transportSecurity: stringEnum(["TLS", "STARTTLS", "NONE"], { description: "certgate extension: LDAPS (default), StartTLS or plain LDAP" }),
  }),
  { title: "LDAPVerifyConnectivityJobRequestParams" },
);

const verifyJobSchema = {
  type: "object",
  title: "LDAPVerifyConnectivityJobRequest",
  properties: {
    groupId: { type: "string" },
    links: { type: "array", items: linkSchema },
    request: {
      type: "object",
      properties: {
        authzQueryTemplate: { type: "string" },
        bindUsername: { type: "string" },
        caCertificate: { type: "string" },
        hostname: { type: "string" },
        port: { type: "integer" },
      },
    },
    requestId: { type: "string" },
    status: { type: "string", enum: ["FAILED", "PENDING", "SUCCESS"] },
    validations: {
      type: "array",
      items: {
        type: "object",
        properties: {
          reason: { type: "string", description: "certgate extension: why a failed check failed (connection refused, bind refused, base DN not found, ...)" },
          status: { type: "string", enum: ["FAIL", "OK"] },
          validationType: { type: "string" },
        },
      },
    },
  },
} as const;

const requestParams = Type.Object({ groupId: groupIdParam, requestId: Type.String({ pattern: OBJECT_ID_PATTERN }) });

/** Registers the LDAP verify and mapping routes; `render` is the userSecurity route family's renderer. */
export function registerLdapRoutes(app: ApiScope, ctx: RouteContext, userSecuritySchema: object, render: (s: UserSecurity) => unknown): void {
  const renderJob = (request: FastifyRequest, job: LdapVerifyJob) =>
    alphabetical({
      ...job,
      request: alphabetical(job.request),
      links: selfLink(ctx, request, `/groups/${job.groupId}/userSecurity/ldap/verify/${job.requestId}`),
    });

  app.post(
    "/groups/:groupId/userSecurity/ldap/verify",
    {
      schema: {
        tags: ["LDAP Configuration"],
        operationId: "verifyLdapConfiguration",
        summary: "Check that the LDAP server can be reached, bound to and queried",
        params: groupParams,
        querystring: entityQuery,
        body: verifyParamsBody,
        response: { 200: verifyJobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      return renderJob(request, await ctx.core.userSecurity.verifyLdap(actorOf(request), groupId, request.body));
    },
  );

  app.get(
    "/groups/:groupId/userSecurity/ldap/verify/:requestId",
    {
      schema: {
        tags: ["LDAP Configuration"],
        operationId: "getLdapConfigurationStatus",
        summary: "Return the outcome of an LDAP verify request",
        params: requestParams,
        querystring: entityQuery,
        response: { 200: verifyJobSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, requestId } = request.params;
      return renderJob(request, await ctx.core.userSecurity.getLdapVerify(actorOf(request), groupId, requestId));
    },
  );

  app.delete(
    "/groups/:groupId/userSecurity/ldap/userToDNMapping",
    {
      schema: {
        tags: ["LDAP Configuration"],
        operationId: "deleteLdapConfiguration",
        summary: "Remove the LDAP userToDNMapping rules",
        params: groupParams,
        querystring: entityQuery,
        response: { 202: userSecuritySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params;
      return reply.code(202).send(render(await ctx.core.userSecurity.deleteLdapUserToDnMapping(actorOf(request), groupId)));
    },
  );
}
