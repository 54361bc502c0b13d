/**
 * Tables of the alerts feature (`src/alerts/`), kept apart from `schema.ts` so the feature owns its
 * shape. Same portable column rules: TEXT ids, ISO-8601 timestamps and JSON, INTEGER flags and counters.
 */

/** alert_configs: Atlas's `alertConfigs` of a project. */
export interface AlertConfigsTable {
  id: string;
  project_id: string;
  event_type_name: string;
  /** 0/1 */
  enabled: number;
  /** JSON `{operator, threshold, units}`, or null when the event type takes none. */
  threshold: string | null;
  /** JSON array of Atlas `AlertMatcher`s. */
  matchers: string;
  /** JSON array of stored notifications; webhook URLs and secrets inside are sealed with the master key. */
  notifications: string;
  severity_override: string | null;
  /**
   * Set only on a configuration certgate created by itself (e.g. `<projectId>:customer-ca`); unique, so
   * two racing CA uploads cannot both create one.
   */
  auto_key: string | null;
  created_at: string;
  updated_at: string;
}

/** alerts: one row per condition occurrence (an expiring CA, certificate...) of a configuration. */
export interface AlertsTable {
  id: string;
  project_id: string;
  org_id: string;
  alert_config_id: string;
  event_type_name: string;
  /** What the condition is about: a CA fingerprint, a certificate serial, a managed CA id. */
  target: string;
  /** Human words for the target, e.g. the CA's subject; used in notifications. */
  target_label: string;
  /** When the target expires (ISO-8601). */
  target_expires_at: string;
  /** OPEN, CLOSED or CANCELLED. */
  status: string;
  /** `<configId>/<target>` while OPEN, null afterwards; unique, so two workers cannot open it twice. */
  open_key: string | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  last_notified_at: string | null;
  acknowledged_until: string | null;
  acknowledgement_comment: string | null;
  acknowledging_username: string | null;
}

/**
 * alert_deliveries: one row per notification slot — alert, notifier, interval number — claimed before
 * anything is sent. The unique slot is what keeps a notification from going out twice.
 */
export interface AlertDeliveriesTable {
  id: string;
  alert_id: string;
  /** The notification's slot series: `<notifierId>@<delayMin>/<intervalMin>` (see `notification-schedule.ts`). */
  notifier_id: string;
  interval_number: number;
  /** SENDING, DELIVERED, FAILED (will retry), GAVE_UP or ABANDONED. */
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  claimed_at: string;
  finished_at: string | null;
}

/** The alerts tables, merged into the store's `Database`. */
export interface AlertsDatabase {
  alert_configs: AlertConfigsTable;
  alerts: AlertsTable;
  alert_deliveries: AlertDeliveriesTable;
}
