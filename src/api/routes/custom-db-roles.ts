/** `/groups/{groupId}/customDBRoles/roles`: custom database roles. Atlas returns the list as a bare array. */
import type { FastifyInstance } from "fastify";
import type { CustomRole, CustomRoleResource, CustomRoleUpdate } from "../../core/index.js";
import { alphabetical } from "../alphabetical.js";
import { actorOf } from "../request-context.js";
import { sendNoContent } from "../plugins/response-format.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, noContent } from "../schemas/common.js";
import type { RouteContext } from "./route-context.js";

const resourceSchema = {
  type: "object",
  title: "DatabasePermittedNamespaceResource",
  additionalProperties: false,
  properties: {
    db: { type: "string" },
    collection: { type: "string", description: "Absent or empty: every collection of the database." },
    cluster: { type: "boolean", description: "True: the action applies to the cluster; db and collection are then ignored (answers give them empty)." },
  },
} as const;

const actionSchema = {
  type: "object",
  title: "DatabasePrivilegeAction",
  additionalProperties: false,
  required: ["action", "resources"],
  properties: { action: { type: "string", minLength: 1 }, resources: { type: "array", items: resourceSchema } },
} as const;

const inheritedSchema = {
  type: "object",
  title: "DatabaseInheritedRole",
  additionalProperties: false,
  required: ["db", "role"],
  properties: { db: { type: "string", minLength: 1 }, role: { type: "string", minLength: 1 } },
} as const;

const roleSchema = {
  type: "object",
  title: "UserCustomDBRole",
  additionalProperties: false,
  required: ["roleName"],
  properties: {
    roleName: { type: "string", minLength: 1 },
    actions: { type: "array", items: actionSchema },
    inheritedRoles: { type: "array", items: inheritedSchema },
  },
} as const;

const updateBody = {
  type: "object",
  title: "UpdateCustomDBRole",
  additionalProperties: false,
  properties: { actions: roleSchema.properties.actions, inheritedRoles: roleSchema.properties.inheritedRoles },
} as const;

const roleParams = {
  type: "object",
  required: ["groupId", "roleName"],
  properties: { groupId: groupIdParam, roleName: { type: "string" } },
} as const;

/**
 * A resource as Atlas's API document requires it (`DatabasePermittedNamespaceResource` lists `cluster`,
 * `collection` and `db` as required, and the SDKs always send all three): the unused ones are `false` or
 * empty. Input may leave them out.
 */
function atlasResource(resource: CustomRoleResource): { cluster: boolean; collection: string; db: string } {
  if ("cluster" in resource) return { cluster: true, collection: "", db: "" };
  return { cluster: false, collection: resource.collection ?? "", db: resource.db };
}

/** A custom role in Atlas's shape: keys in alphabetical order, every resource with all three fields. */
function atlasRole(role: CustomRole): unknown {
  return alphabetical({ ...role, actions: role.actions.map((a) => ({ ...a, resources: a.resources.map(atlasResource) })) });
}

/** Registers the custom role routes. */
export function registerCustomDbRoleRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get(
    "/groups/:groupId/customDBRoles/roles",
    {
      schema: {
        tags: ["Custom Database Roles"],
        operationId: "listCustomDatabaseRoles",
        summary: "Return every custom role of the project (a bare array, not paginated)",
        params: groupParams,
        querystring: entityQuery,
        response: { 200: { type: "array", items: roleSchema }, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params as { groupId: string };
      return (await ctx.core.customRoles.list(actorOf(request), groupId)).map(atlasRole);
    },
  );

  app.post(
    "/groups/:groupId/customDBRoles/roles",
    {
      schema: {
        tags: ["Custom Database Roles"],
        operationId: "createCustomDatabaseRole",
        summary: "Create one custom role",
        params: groupParams,
        querystring: entityQuery,
        body: roleSchema,
        response: { 202: roleSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params as { groupId: string };
      const body = request.body as Partial<CustomRole> & { roleName: string };
      const role: CustomRole = { roleName: body.roleName, actions: body.actions ?? [], inheritedRoles: body.inheritedRoles ?? [] };
      return reply.code(202).send(atlasRole(await ctx.core.customRoles.create(actorOf(request), groupId, role)));
    },
  );

  app.get(
    "/groups/:groupId/customDBRoles/roles/:roleName",
    {
      schema: {
        tags: ["Custom Database Roles"],
        operationId: "getCustomDatabaseRole",
        summary: "Return one custom role",
        params: roleParams,
        querystring: entityQuery,
        response: { 200: roleSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, roleName } = request.params as { groupId: string; roleName: string };
      return atlasRole(await ctx.core.customRoles.get(actorOf(request), groupId, roleName));
    },
  );

  app.patch(
    "/groups/:groupId/customDBRoles/roles/:roleName",
    {
      schema: {
        tags: ["Custom Database Roles"],
        operationId: "updateCustomDatabaseRole",
        summary: "Replace the actions and/or inherited roles of one custom role",
        params: roleParams,
        querystring: entityQuery,
        body: updateBody,
        response: { 200: roleSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, roleName } = request.params as { groupId: string; roleName: string };
      return atlasRole(await ctx.core.customRoles.update(actorOf(request), groupId, roleName, request.body as CustomRoleUpdate));
    },
  );

  app.delete(
    "/groups/:groupId/customDBRoles/roles/:roleName",
    {
      schema: {
        tags: ["Custom Database Roles"],
        operationId: "deleteCustomDatabaseRole",
        summary: "Delete one custom role that no user or role still uses",
        params: roleParams,
        querystring: entityQuery,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId, roleName } = request.params as { groupId: string; roleName: string };
      await ctx.core.customRoles.delete(actorOf(request), groupId, roleName);
      return sendNoContent(request, reply);
    },
  );
}
