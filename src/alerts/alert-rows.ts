/** The mapping between stored alerts (`store/repos/alerts.ts`) and the API's `Alert`. */
import { atlasTime } from "../core/ids.js";
import type { AlertRow } from "../store/repos/alerts.js";
import type { Alert, AlertStatus, FailedNotification } from "./alert-types.js";
import type { AlertEventType } from "./event-types.js";

/** The key that keeps one condition of one configuration from being open twice. */
export function openKeyOf(alertConfigId: string, target: string): string {
  return `${alertConfigId}/${target}`;
}

/** The API's view of a stored alert, with its most recent failed notification when it has one. */
export function toAlert(row: AlertRow, lastFailedNotification?: FailedNotification): Alert {
  return {
    id: row.id,
    alertConfigId: row.alert_config_id,
    groupId: row.project_id,
    orgId: row.org_id,
    eventTypeName: row.event_type_name as AlertEventType,
    status: row.status as AlertStatus,
    created: atlasTime(row.created_at),
    updated: atlasTime(row.updated_at),
    ...(row.last_notified_at === null ? {} : { lastNotified: atlasTime(row.last_notified_at) }),
    ...(row.resolved_at === null ? {} : { resolved: atlasTime(row.resolved_at) }),
    ...(row.acknowledged_until === null ? {} : { acknowledgedUntil: atlasTime(row.acknowledged_until) }),
    ...(row.acknowledgement_comment === null ? {} : { acknowledgementComment: row.acknowledgement_comment }),
    ...(row.acknowledging_username === null ? {} : { acknowledgingUsername: row.acknowledging_username }),
    target: { label: row.target_label, expiresAt: atlasTime(row.target_expires_at) },
    ...(lastFailedNotification === undefined ? {} : { lastFailedNotification }),
  };
}
