import { requestJson } from "./http-client.js";
import { ALL_ITEMS, atlasPath } from "./api-paths.js";
import type { Alert, AlertConfig, AtlasPage } from "./atlas-types.js";

/** The project's alert configurations. */
export async function listAlertConfigs(groupId: string): Promise<AlertConfig[]> {
  return (await requestJson<AtlasPage<AlertConfig>>("GET", atlasPath("groups", groupId, "alertConfigs"), { query: ALL_ITEMS })).results;
}

/** Creates an alert configuration (Atlas's POST). */
export function createAlertConfig(groupId: string, body: Omit<AlertConfig, "id">): Promise<AlertConfig> {
  return requestJson<AlertConfig>("POST", atlasPath("groups", groupId, "alertConfigs"), { body });
}

/** Enables or disables one alert configuration (Atlas's toggle PATCH). */
export function toggleAlertConfig(groupId: string, alertConfigId: string, enabled: boolean): Promise<AlertConfig> {
  return requestJson<AlertConfig>("PATCH", atlasPath("groups", groupId, "alertConfigs", alertConfigId), { body: { enabled } });
}

/** Replaces an alert configuration (Atlas's PUT). */
export function updateAlertConfig(groupId: string, config: AlertConfig): Promise<AlertConfig> {
  // Redacted webhook values are sent back as received: the server keeps the stored ones for them.
  const body = { eventTypeName: config.eventTypeName, enabled: config.enabled, threshold: config.threshold, matchers: config.matchers ?? [], notifications: config.notifications };
  return requestJson<AlertConfig>("PUT", atlasPath("groups", groupId, "alertConfigs", config.id), { body });
}

/** The project's open alerts. */
export async function listOpenAlerts(groupId: string): Promise<Alert[]> {
  return (await requestJson<AtlasPage<Alert>>("GET", atlasPath("groups", groupId, "alerts"), { query: { ...ALL_ITEMS, status: "OPEN" } })).results;
}

/** Acknowledges an alert until `acknowledgedUntil` (ISO 8601): no notifications until then (Atlas's PATCH). */
export function acknowledgeAlert(groupId: string, alertId: string, acknowledgedUntil: string, acknowledgementComment?: string): Promise<Alert> {
  const body = { acknowledgedUntil, ...(acknowledgementComment ? { acknowledgementComment } : {}) };
  return requestJson<Alert>("PATCH", atlasPath("groups", groupId, "alerts", alertId), { body });
}

/** Takes an acknowledgement back, so notifications resume (Atlas's `unacknowledgeAlert`). */
export function unacknowledgeAlert(groupId: string, alertId: string): Promise<Alert> {
  return requestJson<Alert>("PATCH", atlasPath("groups", groupId, "alerts", alertId), { body: { unacknowledgeAlert: true } });
}
