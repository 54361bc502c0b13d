/** The mapping between stored alert configurations (`store/repos/alert-configs.ts`) and the API's `AlertConfig`. */
import { atlasTime } from "../core/ids.js";
import type { AlertConfigRow } from "../store/repos/alert-configs.js";
import type { AlertConfig, AlertMatcher, DaysThreshold, StoredNotification } from "./alert-types.js";
import type { AlertEventType } from "./event-types.js";
import { viewNotification } from "./notification-secrets.js";

/** The stored notifications of a row. */
export function storedNotificationsOf(row: Pick<AlertConfigRow, "notifications">): StoredNotification[] {
  return JSON.parse(row.notifications) as StoredNotification[];
}

/** The threshold of a row, if it has one. */
export function thresholdOf(row: Pick<AlertConfigRow, "threshold">): DaysThreshold | undefined {
  return row.threshold === null ? undefined : (JSON.parse(row.threshold) as DaysThreshold);
}

/** The API's view of a stored configuration. */
export function toAlertConfig(row: AlertConfigRow): AlertConfig {
  const threshold = thresholdOf(row);
  return {
    id: row.id,
    groupId: row.project_id,
    eventTypeName: row.event_type_name as AlertEventType,
    enabled: row.enabled === 1,
    ...(threshold === undefined ? {} : { threshold }),
    matchers: JSON.parse(row.matchers) as AlertMatcher[],
    notifications: storedNotificationsOf(row).map(viewNotification),
    ...(row.severity_override === null ? {} : { severityOverride: row.severity_override }),
    created: atlasTime(row.created_at),
    updated: atlasTime(row.updated_at),
  };
}
