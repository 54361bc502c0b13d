/** `/groups/{groupId}/alerts`: Atlas's alerts (list, get, acknowledge) and the configuration behind one. */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Alert, AlertsService } from "../../alerts/index.js";
import { alphabetical } from "../alphabetical.js";
import { actorOf } from "../request-context.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, linkSchema, pageQueryProperties, paginated, stringEnum } from "../schemas/common.js";
import { pageOf, pageResponse, selfLink, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

/** Atlas's `DefaultAlertViewForNdsGroup`. */
export const alertSchema = {
  type: "object",
  title: "DefaultAlertViewForNdsGroup",
  properties: {
    id: { type: "string" },
    alertConfigId: { type: "string" },
    groupId: { type: "string" },
    orgId: { type: "string" },
    eventTypeName: { type: "string" },
    status: { type: "string", enum: ["CANCELLED", "CLOSED", "OPEN", "TRACKING"] },
    created: { type: "string", format: "date-time" },
    updated: { type: "string", format: "date-time" },
    lastNotified: { type: "string", format: "date-time" },
    resolved: { type: "string", format: "date-time" },
    acknowledgedUntil: { type: "string", format: "date-time" },
    acknowledgementComment: { type: "string" },
    acknowledgingUsername: { type: "string" },
    target: {
      type: "object",
      description: "certgate extension: what the alert is about (a CA's subject, a certificate) and when it expires",
      properties: { label: { type: "string" }, expiresAt: { type: "string", format: "date-time" } },
    },
    lastFailedNotification: {
      type: "object",
      description:
        "certgate extension: the most recent notification of the alert that was not delivered: when it was tried, its channel and recipient (absent once the configuration is deleted), why it failed, and when it is retried (absent when certgate gave up)",
      properties: {
        at: { type: "string", format: "date-time" },
        typeName: { type: "string" },
        recipient: { type: "string" },
        error: { type: "string" },
        attempts: { type: "integer" },
        nextAttemptAt: { type: "string", format: "date-time" },
      },
    },
    links: { type: "array", items: linkSchema },
  },
} as const;

/** Path parameters of one alert. */
export const alertParams = Type.Object({
  groupId: groupIdParam,
  // No pattern: a malformed id gets Atlas's INVALID_ALERT_ID from the service, not a schema error.
  alertId: Type.String({ description: "24-hex id of the alert." }),
});

const acknowledgeBody = Type.Object(
  {
    acknowledgedUntil: Type.Optional(Type.String({ description: "ISO-8601; absent (v1.0) or unacknowledgeAlert: true clears the acknowledgement." })),
    acknowledgementComment: Type.Optional(Type.String({ maxLength: 200 })),
    unacknowledgeAlert: Type.Optional(Type.Boolean()),
  },
  { title: "AcknowledgeAlert", additionalProperties: false },
);

const alertListQuery = Type.Object(
  { ...pageQueryProperties, status: Type.Optional(stringEnum(["OPEN", "TRACKING", "CLOSED", "CANCELLED"])) },
  { additionalProperties: false },
);

/** An alert with its `self` link. */
export function renderAlert(ctx: RouteContext, request: FastifyRequest, alert: Alert) {
  return alphabetical({ ...alert, links: selfLink(ctx, request, `/groups/${alert.groupId}/alerts/${alert.id}`) });
}

/** Registers the alert routes. */
export function registerAlertRoutes(app: ApiScope, ctx: RouteContext, alerts: AlertsService): void {
  const tags = ["Alerts"];
  app.get(
    "/groups/:groupId/alerts",
    {
      schema: {
        tags,
        operationId: "listAlerts",
        summary: "Return the project's alerts, newest first (optionally of one status)",
        params: groupParams,
        querystring: alertListQuery,
        response: { 200: paginated("PaginatedAlertView", alertSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      const { status } = request.query;
      const page = pageOf(request);
      const result = await alerts.listAlerts(actorOf(request), groupId, { ...page, ...(status === undefined ? {} : { status }) });
      return pageResponse(ctx, request, page, result, (a) => renderAlert(ctx, request, a));
    },
  );

  app.get(
    "/groups/:groupId/alerts/:alertId",
    { schema: { tags, operationId: "getAlert", summary: "Return one alert", params: alertParams, querystring: entityQuery, response: { 200: alertSchema, ...errorResponses } } },
    async (request) => {
      const { groupId, alertId } = request.params;
      return renderAlert(ctx, request, await alerts.getAlert(actorOf(request), groupId, alertId));
    },
  );

  app.patch(
    "/groups/:groupId/alerts/:alertId",
    {
      schema: {
        tags,
        operationId: "acknowledgeAlert",
        summary: "Acknowledge one alert until a date, with a comment; or unacknowledge it",
        params: alertParams,
        querystring: entityQuery,
        body: acknowledgeBody,
        response: { 200: alertSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, alertId } = request.params;
      return renderAlert(ctx, request, await alerts.acknowledgeAlert(actorOf(request), groupId, alertId, request.body ?? {}));
    },
  );
}
