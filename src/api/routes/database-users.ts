/** `/groups/{groupId}/databaseUsers`: Atlas's `CloudDatabaseUser` CRUD. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  AWS_IAM_TYPES,
  LDAP_AUTH_TYPES,
  OIDC_AUTH_TYPES,
  USER_SCOPE_TYPES,
  X509_TYPES,
  type DatabaseUser,
  type DatabaseUserInput,
} from "../../core/index.js";
import { alphabetical } from "../alphabetical.js";
import { actorOf } from "../request-context.js";
import { sendNoContent } from "../plugins/response-format.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, linkSchema, listQuery, noContent, paginated } from "../schemas/common.js";
import { encodePathSegment, pageOf, pageResponse, selfLink, type RouteContext } from "./route-context.js";

/** Atlas's list query plus certgate's `usernameContains` filter (the web UI's user search). */
const userListQuery = {
  ...listQuery,
  properties: {
    ...listQuery.properties,
    usernameContains: {
      type: "string",
      maxLength: 1024,
      description: "certgate extension: only users whose name contains this text, ignoring ASCII upper/lower case.",
    },
  },
} as const;

const roleSchema = {
  type: "object",
  title: "DatabaseUserRole",
  additionalProperties: false,
  required: ["roleName", "databaseName"],
  properties: {
    roleName: { type: "string", minLength: 1 },
    databaseName: { type: "string", minLength: 1 },
    collectionName: { type: "string" },
  },
} as const;

const scopeSchema = {
  type: "object",
  title: "UserScope",
  additionalProperties: false,
  required: ["name", "type"],
  properties: { name: { type: "string", pattern: "^[a-zA-Z0-9][a-zA-Z0-9-]*$" }, type: { type: "string", enum: [...USER_SCOPE_TYPES] } },
} as const;

const labelSchema = {
  type: "object",
  title: "ComponentLabel",
  additionalProperties: false,
  properties: { key: { type: "string", minLength: 1, maxLength: 255 }, value: { type: "string", minLength: 1, maxLength: 255 } },
} as const;

// Writable fields, shared by POST and PATCH; `links` is accepted (and ignored) so a GET result can be sent back.
const userFields = {
  databaseName: { type: "string", enum: ["admin", "$external"], description: "`$external` for X.509 users. Default admin." },
  username: { type: "string", minLength: 1, maxLength: 1024, description: "For X.509 CUSTOMER users an RFC 2253 DN." },
  groupId: { type: "string", description: "Must match the path." },
  x509Type: { type: "string", enum: [...X509_TYPES], description: "MANAGED: certgate issues certificates; CUSTOMER: your CA does. Default NONE." },
  ldapAuthType: { type: "string", enum: [...LDAP_AUTH_TYPES] },
  awsIAMType: { type: "string", enum: [...AWS_IAM_TYPES] },
  oidcAuthType: { type: "string", enum: [...OIDC_AUTH_TYPES] },
  password: { type: "string", minLength: 8, writeOnly: true },
  roles: { type: "array", items: roleSchema },
  scopes: { type: "array", items: scopeSchema },
  labels: { type: "array", items: labelSchema },
  description: { type: "string", maxLength: 100 },
  deleteAfterDate: { type: "string", format: "date-time" },
  links: { type: "array", items: linkSchema, readOnly: true },
} as const;

const createBody = {
  type: "object",
  title: "CloudDatabaseUser",
  additionalProperties: false,
  required: ["username", "roles"],
  properties: userFields,
} as const;

const updateBody = { type: "object", additionalProperties: false, properties: userFields } as const;

const { password: _password, ...readableFields } = userFields;
const userSchema = { type: "object", title: "CloudDatabaseUser", properties: readableFields } as const;

const userParams = {
  type: "object",
  required: ["groupId", "databaseName", "username"],
  properties: {
    groupId: groupIdParam,
    databaseName: { type: "string", description: "`admin` or `$external`." },
    username: { type: "string", description: "The user name, URL-encoded (DNs contain `=` and `,`)." },
  },
} as const;

/** Registers the database user routes. */
export function registerDatabaseUserRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const render = (request: FastifyRequest, u: DatabaseUser) =>
    alphabetical({
      ...u,
      links: selfLink(ctx, request, `/groups/${u.groupId}/databaseUsers/${encodePathSegment(u.databaseName)}/${encodePathSegment(u.username)}`),
    });
  const inputOf = (body: unknown): DatabaseUserInput => {
    const { links: _links, ...input } = body as DatabaseUserInput & { links?: unknown };
    return input;
  };

  app.post(
    "/groups/:groupId/databaseUsers",
    {
      schema: {
        tags: ["Database Users"],
        operationId: "createDatabaseUser",
        summary: "Create one database user",
        params: groupParams,
        querystring: entityQuery,
        body: createBody,
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params as { groupId: string };
      const user = await ctx.core.databaseUsers.create(actorOf(request), groupId, inputOf(request.body));
      return reply.code(201).send(render(request, user));
    },
  );

  app.get(
    "/groups/:groupId/databaseUsers",
    {
      schema: {
        tags: ["Database Users"],
        operationId: "listDatabaseUsers",
        summary: "Return all database users of one project",
        params: groupParams,
        querystring: userListQuery,
        response: { 200: paginated("PaginatedApiAtlasDatabaseUserView", userSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params as { groupId: string };
      const page = pageOf(request);
      const { usernameContains } = request.query as { usernameContains?: string };
      const result = await ctx.core.databaseUsers.list(actorOf(request), groupId, page, usernameContains === undefined ? {} : { usernameContains });
      return pageResponse(ctx, request, page, result, (u) => render(request, u));
    },
  );

  app.get(
    "/groups/:groupId/databaseUsers/:databaseName/:username",
    {
      schema: {
        tags: ["Database Users"],
        operationId: "getDatabaseUser",
        summary: "Return one database user",
        params: userParams,
        querystring: entityQuery,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, databaseName, username } = request.params as { groupId: string; databaseName: string; username: string };
      return render(request, await ctx.core.databaseUsers.get(actorOf(request), groupId, databaseName, username));
    },
  );

  app.patch(
    "/groups/:groupId/databaseUsers/:databaseName/:username",
    {
      schema: {
        tags: ["Database Users"],
        operationId: "updateDatabaseUser",
        summary: "Update one database user; the fields given replace the stored ones",
        params: userParams,
        querystring: entityQuery,
        body: updateBody,
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, databaseName, username } = request.params as { groupId: string; databaseName: string; username: string };
      const user = await ctx.core.databaseUsers.update(actorOf(request), groupId, databaseName, username, inputOf(request.body));
      return render(request, user);
    },
  );

  app.delete(
    "/groups/:groupId/databaseUsers/:databaseName/:username",
    {
      schema: {
        tags: ["Database Users"],
        operationId: "deleteDatabaseUser",
        summary: "Delete one database user and revoke its managed certificates",
        params: userParams,
        querystring: entityQuery,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId, databaseName, username } = request.params as { groupId: string; databaseName: string; username: string };
      await ctx.core.databaseUsers.delete(actorOf(request), groupId, databaseName, username);
      return sendNoContent(request, reply);
    },
  );
}
