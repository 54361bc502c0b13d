/**
 * Organizations and their programmatic API keys: `/orgs`, `/orgs/{orgId}/apiKeys`, and the
 * assignment of a key to a project with roles, `/groups/{groupId}/apiKeys/{apiUserId}`.
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { GROUP_ROLES, ORG_ROLES, type Actor, type ApiKey, type GroupRole, type Organization } from "../../core/index.js";
import { ApiError } from "../api-error.js";
import { actorOf } from "../request-context.js";
import { entityQuery, errorResponses, groupIdParam, linkSchema, listQuery, OBJECT_ID_PATTERN, paginated, stringEnum } from "../schemas/common.js";
import { pageOf, pageResponse, selfLink, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

const orgIdParam = Type.String({ pattern: OBJECT_ID_PATTERN, description: "24-hexadecimal digit id of the organization." });
const keyIdParam = Type.String({ pattern: OBJECT_ID_PATTERN, description: "24-hexadecimal digit id of the API key." });
const orgParams = Type.Object({ orgId: orgIdParam });

const orgSchema = {
  type: "object",
  title: "AtlasOrganization",
  properties: { id: { type: "string" }, name: { type: "string" }, isDeleted: { type: "boolean" }, links: { type: "array", items: linkSchema } },
} as const;

const apiKeySchema = {
  type: "object",
  title: "ApiKeyUserDetails",
  properties: {
    id: { type: "string" },
    desc: { type: "string" },
    publicKey: { type: "string" },
    privateKey: { type: "string", description: "Only in the response that creates the key." },
    roles: {
      type: "array",
      items: { type: "object", properties: { orgId: { type: "string" }, groupId: { type: "string" }, roleName: { type: "string" } } },
    },
    links: { type: "array", items: linkSchema },
  },
} as const;

const createKeyBody = Type.Object(
  { desc: Type.String({ minLength: 1, maxLength: 250 }), roles: Type.Array(stringEnum(ORG_ROLES), { minItems: 1 }) },
  { additionalProperties: false },
);

const projectRolesBody = Type.Object({ roles: Type.Array(stringEnum(GROUP_ROLES), { minItems: 1 }) }, { additionalProperties: false });

// Atlas's v2 "add project API key" takes an array of role assignments.
const projectRoleAssignmentsBody = Type.Array(Type.Object({ roleName: stringEnum(GROUP_ROLES) }, { additionalProperties: false }), { minItems: 1 });

const assignParams = Type.Object({ groupId: groupIdParam, apiUserId: keyIdParam });

/** Registers the organization and API key routes. */
export function registerApiKeyRoutes(app: ApiScope, ctx: RouteContext): void {
  const renderOrg = (request: FastifyRequest, o: Organization) => ({
    id: o.id,
    isDeleted: false,
    links: selfLink(ctx, request, `/orgs/${o.id}`),
    name: o.name,
  });
  const renderKey = (request: FastifyRequest, orgId: string, k: ApiKey & { privateKey?: string }) => ({
    desc: k.desc,
    id: k.id,
    links: selfLink(ctx, request, `/orgs/${orgId}/apiKeys/${k.id}`),
    ...(k.privateKey === undefined ? {} : { privateKey: k.privateKey }),
    publicKey: k.publicKey,
    roles: k.roles,
  });

  app.get(
    "/orgs",
    {
      schema: {
        tags: ["Organizations"],
        operationId: "listOrganizations",
        summary: "Return the organizations of the API key",
        querystring: listQuery,
        response: { 200: paginated("PaginatedOrganizationView", orgSchema), ...errorResponses },
      },
    },
    async (request) => {
      const page = pageOf(request);
      const result = await ctx.core.organizations.list(actorOf(request), page);
      return pageResponse(ctx, request, page, result, (o) => renderOrg(request, o));
    },
  );

  app.get(
    "/orgs/:orgId",
    {
      schema: {
        tags: ["Organizations"],
        operationId: "getOrganization",
        summary: "Return one organization",
        params: orgParams,
        querystring: entityQuery,
        response: { 200: orgSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      return renderOrg(request, await ctx.core.organizations.get(actorOf(request), orgId));
    },
  );

  app.post(
    "/orgs/:orgId/apiKeys",
    {
      schema: {
        tags: ["Programmatic API Keys"],
        operationId: "createApiKey",
        summary: "Create one API key in an organization; the response is the only place its private key appears",
        params: orgParams,
        querystring: entityQuery,
        body: createKeyBody,
        response: { 200: apiKeySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const body = request.body;
      const created = await ctx.core.apiKeys.create(actorOf(request), orgId, body);
      return renderKey(request, orgId, created);
    },
  );

  app.get(
    "/orgs/:orgId/apiKeys",
    {
      schema: {
        tags: ["Programmatic API Keys"],
        operationId: "listApiKeys",
        summary: "Return the API keys of an organization",
        params: orgParams,
        querystring: listQuery,
        response: { 200: paginated("PaginatedApiApiUserView", apiKeySchema), ...errorResponses },
      },
    },
    async (request) => {
      const { orgId } = request.params;
      const page = pageOf(request);
      const result = await ctx.core.apiKeys.list(actorOf(request), orgId, page);
      return pageResponse(ctx, request, page, result, (k) => renderKey(request, orgId, k));
    },
  );

  app.get(
    "/orgs/:orgId/apiKeys/:apiUserId",
    {
      schema: {
        tags: ["Programmatic API Keys"],
        operationId: "getApiKey",
        summary: "Return one API key of an organization",
        params: Type.Object({ orgId: orgIdParam, apiUserId: keyIdParam }),
        querystring: entityQuery,
        response: { 200: apiKeySchema, ...errorResponses },
      },
    },
    async (request) => {
      const { orgId, apiUserId } = request.params;
      const key = await findApiKey(ctx, actorOf(request), orgId, apiUserId);
      return renderKey(request, orgId, key);
    },
  );

  const assign = async (request: FastifyRequest & { params: { groupId: string; apiUserId: string } }, roles: GroupRole[]) => {
    const { groupId, apiUserId } = request.params;
    const key = await ctx.core.apiKeys.assignToProject(actorOf(request), groupId, apiUserId, roles);
    return {
      desc: key.desc,
      id: key.id,
      links: selfLink(ctx, request, `/groups/${groupId}/apiKeys/${key.id}`),
      publicKey: key.publicKey,
      roles: key.roles,
    };
  };

  app.patch(
    "/groups/:groupId/apiKeys/:apiUserId",
    {
      schema: {
        tags: ["Programmatic API Keys"],
        operationId: "updateApiKeyRoles",
        summary: "Set the roles of an organization API key in one project",
        params: assignParams,
        querystring: entityQuery,
        body: projectRolesBody,
        response: { 200: apiKeySchema, ...errorResponses },
      },
    },
    async (request) => assign(request, request.body.roles),
  );

  app.post(
    "/groups/:groupId/apiKeys/:apiUserId",
    {
      schema: {
        tags: ["Programmatic API Keys"],
        operationId: "addProjectApiKey",
        summary: "Assign an organization API key to one project with roles",
        params: assignParams,
        querystring: entityQuery,
        body: projectRoleAssignmentsBody,
        response: { 200: apiKeySchema, ...errorResponses },
      },
    },
    async (request) => assign(request, request.body.map((r) => r.roleName)),
  );
}

/** Finds one key by walking the organization's pages (organizations hold few keys). */
async function findApiKey(ctx: RouteContext, actor: Actor, orgId: string, id: string): Promise<ApiKey> {
  for (let pageNum = 1; ; pageNum++) {
    const page = await ctx.core.apiKeys.list(actor, orgId, { pageNum, itemsPerPage: 500 });
    const found = page.results.find((k) => k.id === id);
    if (found) return found;
    if (page.results.length < 500) break;
  }
  throw new ApiError(404, "API_KEY_NOT_FOUND", `No API key with ID ${id} exists in organization ${orgId}.`, [id, orgId]);
}
