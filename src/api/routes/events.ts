/** `/groups/{groupId}/events`: the project's activity feed, newest first. */
import { actorOf } from "../request-context.js";
import { errorResponses, groupParams, linkSchema, listQuery, paginated } from "../schemas/common.js";
import { pageOf, pageResponse, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

const eventSchema = {
  type: "object",
  title: "EventViewForNdsGroup",
  properties: {
    id: { type: "string" },
    created: { type: "string", format: "date-time" },
    eventTypeName: { type: "string" },
    groupId: { type: "string" },
    orgId: { type: "string" },
    username: { type: "string", description: "Who acted: the API key's public key, a person's email, or `certgate` itself." },
    target: { type: "string", description: "certgate extension: the user, role or serial acted on." },
    links: { type: "array", items: linkSchema },
  },
} as const;

/** Registers the events route. */
export function registerEventRoutes(app: ApiScope, ctx: RouteContext): void {
  app.get(
    "/groups/:groupId/events",
    {
      schema: {
        tags: ["Events"],
        operationId: "listProjectEvents",
        summary: "Return the project's events, newest first",
        params: groupParams,
        querystring: listQuery,
        response: { 200: paginated("GroupPaginatedEventView", eventSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      const page = pageOf(request);
      const result = await ctx.core.events.list(actorOf(request), groupId, page);
      return pageResponse(ctx, request, page, result, (e) => ({
        created: e.created,
        eventTypeName: e.eventTypeName,
        ...(e.groupId === undefined ? {} : { groupId: e.groupId }),
        id: e.id,
        orgId: e.orgId,
        username: e.actor,
        ...(e.target === undefined ? {} : { target: e.target }),
      }));
    },
  );
}
