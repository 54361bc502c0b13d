/** `/groups`: projects (Atlas calls them groups). */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Project } from "../../core/index.js";
import { actorOf } from "../request-context.js";
import { sendNoContent } from "../plugins/response-format.js";
import { entityQuery, errorResponses, groupParams, linkSchema, listQuery, noContent, OBJECT_ID_PATTERN, paginated } from "../schemas/common.js";
import { pageOf, pageResponse, selfLink, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

const groupSchema = {
  type: "object",
  title: "Group",
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    orgId: { type: "string" },
    created: { type: "string", format: "date-time" },
    clusterCount: { type: "integer" },
    links: { type: "array", items: linkSchema },
  },
} as const;

const createGroupBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, description: "Human-readable label of the project." }),
    orgId: Type.Optional(Type.String({ pattern: OBJECT_ID_PATTERN, description: "Organization; defaults to the API key's." })),
  },
  { additionalProperties: false },
);

/** Registers the project routes. */
export function registerGroupRoutes(app: ApiScope, ctx: RouteContext): void {
  const render = (request: FastifyRequest, p: Project) => ({
    clusterCount: 0,
    created: p.created,
    id: p.id,
    links: selfLink(ctx, request, `/groups/${p.id}`),
    name: p.name,
    orgId: p.orgId,
  });

  app.post(
    "/groups",
    {
      schema: {
        tags: ["Projects"],
        operationId: "createProject",
        summary: "Create one project",
        querystring: entityQuery,
        body: createGroupBody,
        response: { 200: groupSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const project = await ctx.core.projects.create(actorOf(request), request.body);
      // Atlas's API document answers a created project with 200, not 201.
      return reply.code(200).send(render(request, project));
    },
  );

  app.get(
    "/groups",
    {
      schema: {
        tags: ["Projects"],
        operationId: "listProjects",
        summary: "Return all projects the API key can see",
        querystring: listQuery,
        response: { 200: paginated("PaginatedGroupView", groupSchema), ...errorResponses },
      },
    },
    async (request) => {
      const page = pageOf(request);
      const result = await ctx.core.projects.list(actorOf(request), page);
      return pageResponse(ctx, request, page, result, (p) => render(request, p));
    },
  );

  app.get(
    "/groups/:groupId",
    {
      schema: {
        tags: ["Projects"],
        operationId: "getProject",
        summary: "Return one project",
        params: groupParams,
        querystring: entityQuery,
        response: { 200: groupSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      return render(request, await ctx.core.projects.get(actorOf(request), groupId));
    },
  );

  app.get(
    "/groups/byName/:groupName",
    {
      schema: {
        tags: ["Projects"],
        operationId: "getProjectByName",
        summary: "Return one project by name",
        params: Type.Object({ groupName: Type.String() }),
        querystring: entityQuery,
        response: { 200: groupSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupName } = request.params;
      return render(request, await ctx.core.projects.getByName(actorOf(request), groupName));
    },
  );

  app.delete(
    "/groups/:groupId",
    {
      schema: {
        tags: ["Projects"],
        operationId: "deleteProject",
        summary: "Delete one project and everything in it",
        params: groupParams,
        querystring: entityQuery,
        response: { 204: noContent, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params;
      await ctx.core.projects.delete(actorOf(request), groupId);
      return sendNoContent(request, reply);
    },
  );
}
