/** `/groups/{groupId}/customDBRoles/roles`: custom database roles. Atlas returns the list as a bare array. */
import { Type } from "typebox";
import type { CustomRole, CustomRoleInput, CustomRoleResource } from "../../core/index.js";
import { alphabetical } from "../alphabetical.js";
import { actorOf } from "../request-context.js";
import { sendNoContent } from "../plugins/response-format.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, noContent } from "../schemas/common.js";
import type { RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

const resourceSchema = Type.Partial(
  Type.Object({
    db: Type.String(),
    collection: Type.String({ description: "Absent or empty: every collection of the database." }),
    cluster: Type.Boolean({ description: "True: the action applies to the cluster; db and collection are then ignored (answers give them empty)." }),
  }),
  { title: "DatabasePermittedNamespaceResource", additionalProperties: false },
);

const actionSchema = Type.Object(
  { action: Type.String({ minLength: 1 }), resources: Type.Array(resourceSchema) },
  { title: "DatabasePrivilegeAction", additionalProperties: false },
);

const inheritedSchema = Type.Object(
  { db: Type.String({ minLength: 1 }), role: Type.String({ minLength: 1 }) },
  { title: "DatabaseInheritedRole", additionalProperties: false },
);

const permissionFields = { actions: Type.Optional(Type.Array(actionSchema)), inheritedRoles: Type.Optional(Type.Array(inheritedSchema)) };

const roleSchema = Type.Object({ roleName: Type.String({ minLength: 1 }), ...permissionFields }, { title: "UserCustomDBRole", additionalProperties: false });

const updateBody = Type.Object(permissionFields, { title: "UpdateCustomDBRole", additionalProperties: false });

const roleParams = Type.Object({ groupId: groupIdParam, roleName: Type.String() });

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
export function registerCustomDbRoleRoutes(app: ApiScope, ctx: RouteContext): void {
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
      const { groupId } = request.params;
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
      const { groupId } = request.params;
      const body = request.body;
      const role: CustomRoleInput = { roleName: body.roleName, actions: body.actions ?? [], inheritedRoles: body.inheritedRoles ?? [] };
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
      const { groupId, roleName } = request.params;
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
      const { groupId, roleName } = request.params;
      return atlasRole(await ctx.core.customRoles.update(actorOf(request), groupId, roleName, request.body));
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
      const { groupId, roleName } = request.params;
      await ctx.core.customRoles.delete(actorOf(request), groupId, roleName);
      return sendNoContent(request, reply);
    },
  );
}
