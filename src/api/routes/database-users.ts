/** `/groups/{groupId}/databaseUsers`: Atlas's `CloudDatabaseUser` CRUD. */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import {
  AWS_IAM_TYPES,
  LDAP_AUTH_TYPES,
  OIDC_AUTH_TYPES,
  USER_SCOPE_TYPES,
  X509_TYPES,
  type DatabaseUser,
} from "../../core/index.js";
import { alphabetical } from "../alphabetical.js";
import { actorOf } from "../request-context.js";
import { sendNoContent } from "../plugins/response-format.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, linkSchema, listQuery, noContent, paginated, stringEnum } from "../schemas/common.js";
import { encodePathSegment, pageOf, pageResponse, selfLink, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

/** Atlas's list query plus certgate's `usernameContains` filter (the web UI's user search). */
const userListQuery = Type.Object(
  {
    ...listQuery.properties,
    usernameContains: Type.Optional(
      Type.String({ maxLength: 1024, description: "certgate extension: only users whose name contains this text, ignoring ASCII upper/lower case." }),
    ),
  },
  { additionalProperties: false },
);

const roleSchema = Type.Object(
  { roleName: Type.String({ minLength: 1 }), databaseName: Type.String({ minLength: 1 }), collectionName: Type.Optional(Type.String()) },
  { title: "DatabaseUserRole", additionalProperties: false },
);

const scopeSchema = Type.Object(
  { name: Type.String({ pattern: "^[a-zA-Z0-9][a-zA-Z0-9-]*$" }), type: stringEnum(USER_SCOPE_TYPES) },
  { title: "UserScope", additionalProperties: false },
);

const labelSchema = Type.Object(
  { key: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })), value: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) },
  { title: "ComponentLabel", additionalProperties: false },
);

// Writable fields, shared by POST and PATCH; `links` is accepted (and ignored) so a GET result can be sent back.
const userFields = {
  databaseName: Type.Optional(stringEnum(["admin", "$external"], { description: "`$external` for X.509 users. Default admin." })),
  username: Type.String({ minLength: 1, maxLength: 1024, description: "For X.509 CUSTOMER users an RFC 2253 DN." }),
  groupId: Type.Optional(Type.String({ description: "Must match the path." })),
  x509Type: Type.Optional(stringEnum(X509_TYPES, { description: "MANAGED: certgate issues certificates; CUSTOMER: your CA does. Default NONE." })),
  ldapAuthType: Type.Optional(stringEnum(LDAP_AUTH_TYPES)),
  awsIAMType: Type.Optional(stringEnum(AWS_IAM_TYPES)),
  oidcAuthType: Type.Optional(stringEnum(OIDC_AUTH_TYPES)),
  password: Type.Optional(Type.String({ minLength: 8, writeOnly: true })),
  roles: Type.Array(roleSchema),
  scopes: Type.Optional(Type.Array(scopeSchema)),
  labels: Type.Optional(Type.Array(labelSchema)),
  description: Type.Optional(Type.String({ maxLength: 100 })),
  deleteAfterDate: Type.Optional(Type.String({ format: "date-time" })),
  links: Type.Optional(Type.Array(linkSchema, { readOnly: true })),
};

const createBody = Type.Object(userFields, { title: "CloudDatabaseUser", additionalProperties: false });

const updateBody = Type.Partial(Type.Object(userFields), { additionalProperties: false });

const { password: _password, ...readableFields } = userFields;
const userSchema = Type.Partial(Type.Object(readableFields), { title: "CloudDatabaseUser" });

const userParams = Type.Object({
  groupId: groupIdParam,
  databaseName: Type.String({ description: "`admin` or `$external`." }),
  username: Type.String({ description: "The user name, URL-encoded (DNs contain `=` and `,`)." }),
});

/** Registers the database user routes. */
export function registerDatabaseUserRoutes(app: ApiScope, ctx: RouteContext): void {
  const render = (request: FastifyRequest, u: DatabaseUser) =>
    alphabetical({
      ...u,
      links: selfLink(ctx, request, `/groups/${u.groupId}/databaseUsers/${encodePathSegment(u.databaseName)}/${encodePathSegment(u.username)}`),
    });
  const inputOf = <T extends { links?: unknown }>({ links: _links, ...input }: T): Omit<T, "links"> => input;

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
      const { groupId } = request.params;
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
      const { groupId } = request.params;
      const page = pageOf(request);
      const { usernameContains } = request.query;
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
      const { groupId, databaseName, username } = request.params;
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
      const { groupId, databaseName, username } = request.params;
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
      const { groupId, databaseName, username } = request.params;
      await ctx.core.databaseUsers.delete(actorOf(request), groupId, databaseName, username);
      return sendNoContent(request, reply);
    },
  );
}
