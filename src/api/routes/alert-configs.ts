/**
 * `/groups/{groupId}/alertConfigs`: Atlas's alert configuration CRUD and toggle, for the X.509 expiry
 * event types. Create answers 201 with `Location`, as the live API does (atlas-api.md §6.4).
 */
import type { FastifyRequest } from "fastify";
import { Type, type Static } from "typebox";
import type { AlertConfig, AlertConfigInput, AlertsService } from "../../alerts/index.js";
import { ALERT_EVENT_TYPES } from "../../alerts/index.js";
import { alphabetical } from "../alphabetical.js";
import { sendNoContent } from "../plugins/response-format.js";
import { actorOf, requestBaseUrl } from "../request-context.js";
import { entityQuery, errorResponses, groupIdParam, groupParams, linkSchema, listQuery, noContent, paginated } from "../schemas/common.js";
import { alertParams, alertSchema, renderAlert } from "./alerts.js";
import { pageOf, pageResponse, type RouteContext } from "./route-context.js";
import type { ApiScope } from "../request-type-provider.js";

const notificationSchema = {
  type: "object",
  title: "AlertsNotificationRootForGroup",
  description: "GROUP, EMAIL, USER, WEBHOOK or SLACK (certgate extension: SLACK takes an incoming-webhook `webhookUrl`).",
  required: ["typeName"],
  properties: {
    typeName: { type: "string" },
    notifierId: { type: "string" },
    delayMin: { type: "integer" },
    intervalMin: { type: "integer" },
    emailEnabled: { type: "boolean" },
    smsEnabled: { type: "boolean" },
    roles: { type: "array", items: { type: "string" } },
    emailAddress: { type: "string" },
    username: { type: "string" },
    webhookUrl: { type: "string", description: "Shown partially redacted." },
    webhookSecret: { type: "string", description: "Write-only: shown completely redacted; signs the body (X-Certgate-Signature)." },
    channelName: { type: "string" },
  },
} as const;

const thresholdSchema = {
  type: "object",
  title: "LessThanDaysThresholdView",
  properties: { operator: { type: "string", enum: ["LESS_THAN"] }, threshold: { type: "integer" }, units: { type: "string", enum: ["DAYS"] } },
} as const;

const configSchema = {
  type: "object",
  title: "NDSX509UserAuthenticationAlertConfigViewForNdsGroup",
  properties: {
    id: { type: "string" },
    groupId: { type: "string" },
    eventTypeName: { type: "string", enum: [...ALERT_EVENT_TYPES] },
    enabled: { type: "boolean" },
    threshold: thresholdSchema,
    matchers: { type: "array", items: { type: "object" } },
    notifications: { type: "array", items: notificationSchema },
    severityOverride: { type: "string" },
    created: { type: "string", format: "date-time" },
    updated: { type: "string", format: "date-time" },
    links: { type: "array", items: linkSchema },
  },
} as const;

/** Body of create and replace: the writable fields; read-only ones a client echoes back are ignored. */
const configBody = Type.Partial(
  Type.Object({
    eventTypeName: Type.String(),
    enabled: Type.Boolean(),
    // The service checks the threshold, matchers and notifications itself, naming the field at fault.
    threshold: Type.Object({}),
    matchers: Type.Array(Type.Unknown()),
    notifications: Type.Array(Type.Object({})),
    severityOverride: Type.String(),
    id: Type.String(),
    groupId: Type.String(),
    created: Type.String(),
    updated: Type.String(),
    links: Type.Array(Type.Unknown()),
    typeName: Type.String({ description: "Deprecated by Atlas and ignored." }),
  }),
  { title: "GroupAlertsConfig", additionalProperties: false },
);

const toggleBody = Type.Object({ enabled: Type.Boolean() }, { title: "AlertsToggle", additionalProperties: false });

const configParams = Type.Object({
  groupId: groupIdParam,
  // No pattern: a malformed id gets Atlas's INVALID_ALERT_CONFIG_ID from the service, not a schema error.
  alertConfigId: Type.String({ description: "24-hex id of the alert configuration." }),
});

/** Atlas's `links` of a configuration: self, and its alerts under Atlas's extension relation. */
export function renderAlertConfig(ctx: RouteContext, request: FastifyRequest, config: AlertConfig, inList = false) {
  const base = `${requestBaseUrl(request, ctx.publicBaseUrl)}${ctx.prefix}/groups/${config.groupId}/alertConfigs/${config.id}`;
  const links = [{ href: base, rel: "self" }];
  if (!inList) links.push({ href: `${base}/alerts`, rel: `${requestBaseUrl(request, ctx.publicBaseUrl)}/alerts` });
  return alphabetical({ ...config, links });
}

const inputOf = ({ eventTypeName, enabled, threshold, matchers, notifications, severityOverride }: Static<typeof configBody>): AlertConfigInput => ({
  eventTypeName,
  enabled,
  threshold,
  matchers,
  notifications,
  severityOverride,
});

/** Registers the alert configuration routes. */
export function registerAlertConfigRoutes(app: ApiScope, ctx: RouteContext, alerts: AlertsService): void {
  const tags = ["Alert Configurations"];
  app.get(
    "/groups/:groupId/alertConfigs",
    {
      schema: {
        tags,
        operationId: "listAlertConfigurations",
        summary: "Return the project's alert configurations, oldest first",
        params: groupParams,
        querystring: listQuery,
        response: { 200: paginated("PaginatedAlertConfigView", configSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { groupId } = request.params;
      const page = pageOf(request);
      return pageResponse(ctx, request, page, await alerts.listConfigs(actorOf(request), groupId, page), (c) => renderAlertConfig(ctx, request, c, true));
    },
  );

  app.post(
    "/groups/:groupId/alertConfigs",
    {
      schema: {
        tags,
        operationId: "createAlertConfiguration",
        summary: "Create one alert configuration (enabled defaults to false)",
        params: groupParams,
        querystring: entityQuery,
        body: configBody,
        response: { 201: configSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { groupId } = request.params;
      const created = renderAlertConfig(ctx, request, await alerts.createConfig(actorOf(request), groupId, inputOf(request.body)));
      return reply.code(201).header("location", created.links[0]?.href).send(created);
    },
  );

  app.get(
    "/groups/:groupId/alertConfigs/:alertConfigId",
    {
      schema: { tags, operationId: "getAlertConfiguration", summary: "Return one alert configuration", params: configParams, querystring: entityQuery, response: { 200: configSchema, ...errorResponses } },
    },
    async (request) => {
      const { groupId, alertConfigId } = request.params;
      return renderAlertConfig(ctx, request, await alerts.getConfig(actorOf(request), groupId, alertConfigId));
    },
  );

  app.put(
    "/groups/:groupId/alertConfigs/:alertConfigId",
    {
      schema: {
        tags,
        operationId: "updateAlertConfiguration",
        summary: "Replace one alert configuration",
        params: configParams,
        querystring: entityQuery,
        body: configBody,
        response: { 200: configSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, alertConfigId } = request.params;
      return renderAlertConfig(ctx, request, await alerts.replaceConfig(actorOf(request), groupId, alertConfigId, inputOf(request.body)));
    },
  );

  app.patch(
    "/groups/:groupId/alertConfigs/:alertConfigId",
    {
      schema: {
        tags,
        operationId: "toggleAlertConfiguration",
        summary: "Enable or disable one alert configuration",
        params: configParams,
        querystring: entityQuery,
        body: toggleBody,
        response: { 200: configSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, alertConfigId } = request.params;
      const { enabled } = request.body;
      return renderAlertConfig(ctx, request, await alerts.toggleConfig(actorOf(request), groupId, alertConfigId, enabled));
    },
  );

  app.delete(
    "/groups/:groupId/alertConfigs/:alertConfigId",
    {
      schema: { tags, operationId: "deleteAlertConfiguration", summary: "Delete one alert configuration", params: configParams, querystring: entityQuery, response: { 204: noContent, ...errorResponses } },
    },
    async (request, reply) => {
      const { groupId, alertConfigId } = request.params;
      await alerts.deleteConfig(actorOf(request), groupId, alertConfigId);
      return sendNoContent(request, reply);
    },
  );

  app.get(
    "/groups/:groupId/alertConfigs/:alertConfigId/alerts",
    {
      schema: {
        tags,
        operationId: "listAlertsByAlertConfigurationId",
        summary: "Return the open alerts one configuration raised",
        params: configParams,
        querystring: listQuery,
        response: { 200: paginated("PaginatedAlertView", alertSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, alertConfigId } = request.params;
      const page = pageOf(request);
      return pageResponse(ctx, request, page, await alerts.listConfigAlerts(actorOf(request), groupId, alertConfigId, page), (a) => renderAlert(ctx, request, a));
    },
  );

  app.get(
    "/groups/:groupId/alerts/:alertId/alertConfigs",
    {
      schema: {
        tags: ["Alerts"],
        operationId: "listAlertConfigurationsByAlertId",
        summary: "Return the configuration that raised one alert",
        params: alertParams,
        querystring: listQuery,
        response: { 200: paginated("PaginatedAlertConfigView", configSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { groupId, alertId } = request.params;
      const page = pageOf(request);
      return pageResponse(ctx, request, page, await alerts.listAlertConfigsOfAlert(actorOf(request), groupId, alertId, page), (c) => renderAlertConfig(ctx, request, c, true));
    },
  );
}
