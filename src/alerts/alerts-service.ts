/**
 * The alerts use cases behind `groups/{id}/alertConfigs` and `groups/{id}/alerts`: every method takes the
 * actor first and authorizes it through the core (reads: any project role; writes: ALERT_CONFIGS_WRITE).
 * A configuration write re-evaluates the project's alerts in the same transaction, so disabling or
 * deleting a configuration cancels its open alerts at once.
 */
import type { Core } from "../core/core.js";
import { CoreError } from "../core/core-error.js";
import { atlasTime, isAtlasId, newId } from "../core/ids.js";
import { pageOfRows, parsePageRequest } from "../core/paging.js";
import type { Actor, Page, PageRequest } from "../core/types.js";
import type { MasterKey } from "../pki/master-key.js";
import type { Clock } from "../shared/clock.js";
import type { Store } from "../store/store.js";
import {
  deleteAlertConfigRow,
  findAlertConfig,
  insertAlertConfig,
  listAlertConfigRows,
  updateAlertConfigRow,
  type AlertConfigRow,
} from "../store/repos/alert-configs.js";
import { lastFailedDeliveries } from "../store/repos/alert-deliveries.js";
import { findAlert, listAlertRows, setAcknowledgement, type AlertRow } from "../store/repos/alerts.js";
import { storedNotificationsOf, toAlertConfig } from "./alert-config-rows.js";
import { validateAlertConfig } from "./alert-config-validation.js";
import { recordAlertAudit } from "./alert-audit.js";
import { toAlert } from "./alert-rows.js";
import { toFailedNotification } from "./failed-notification.js";
import { ALERT_STATUSES, type AcknowledgeInput, type Alert, type AlertConfig, type AlertConfigInput, type AlertStatus } from "./alert-types.js";
import { sealNotifications } from "./notification-secrets.js";
import { reconcileProject } from "./reconcile-alerts.js";

/** What the service is built from. */
export interface AlertsServiceOptions {
  store: Store;
  core: Pick<Core, "authorize">;
  masterKey: MasterKey;
  clock: Clock;
}

/** Atlas's cap on an acknowledgement comment. */
export const MAX_ACK_COMMENT_LENGTH = 200;

/** The alerts API's use cases. */
export interface AlertsService {
  listConfigs(actor: Actor, groupId: string, page?: PageRequest): Promise<Page<AlertConfig>>;
  getConfig(actor: Actor, groupId: string, alertConfigId: string): Promise<AlertConfig>;
  createConfig(actor: Actor, groupId: string, input: AlertConfigInput): Promise<AlertConfig>;
  /** Atlas's PUT: a full replacement (redacted webhook values echoed back keep the stored ones). */
  replaceConfig(actor: Actor, groupId: string, alertConfigId: string, input: AlertConfigInput): Promise<AlertConfig>;
  /** Atlas's PATCH: only the enabled state. */
  toggleConfig(actor: Actor, groupId: string, alertConfigId: string, enabled: boolean): Promise<AlertConfig>;
  deleteConfig(actor: Actor, groupId: string, alertConfigId: string): Promise<void>;
  /** The open alerts a configuration raised. */
  listConfigAlerts(actor: Actor, groupId: string, alertConfigId: string, page?: PageRequest): Promise<Page<Alert>>;
  listAlerts(actor: Actor, groupId: string, filter?: { status?: string } & PageRequest): Promise<Page<Alert>>;
  getAlert(actor: Actor, groupId: string, alertId: string): Promise<Alert>;
  /** Acknowledges until a date with a comment, or unacknowledges (`unacknowledgeAlert`, or no date). */
  acknowledgeAlert(actor: Actor, groupId: string, alertId: string, input: AcknowledgeInput): Promise<Alert>;
  /** The configuration behind an alert, as Atlas's one-element list. */
  listAlertConfigsOfAlert(actor: Actor, groupId: string, alertId: string, page?: PageRequest): Promise<Page<AlertConfig>>;
}

/** Builds the service. */
export function createAlertsService(options: AlertsServiceOptions): AlertsService {
  const { store, core, masterKey, clock } = options;

  const loadConfig = async (groupId: string, alertConfigId: string): Promise<AlertConfigRow> => {
    if (!isAtlasId(alertConfigId)) {
      throw new CoreError("INVALID_ALERT_CONFIG_ID", `An invalid alert configuration ID ${alertConfigId} was specified.`, [alertConfigId]);
    }
    const row = await findAlertConfig(store.db, groupId, alertConfigId);
    if (row === undefined) {
      throw new CoreError("ALERT_CONFIG_NOT_FOUND", `No alert configuration with ID ${alertConfigId} exists in group ${groupId}.`, [alertConfigId, groupId]);
    }
    return row;
  };
  const loadAlert = async (groupId: string, alertId: string) => {
    if (!isAtlasId(alertId)) throw new CoreError("INVALID_ALERT_ID", `An invalid alert ID ${alertId} was specified.`, [alertId]);
    const row = await findAlert(store.db, groupId, alertId);
    if (row === undefined) throw new CoreError("ALERT_NOT_FOUND", `No alert with ID ${alertId} exists in group ${groupId}.`, [alertId, groupId]);
    return row;
  };

  /** Alerts as the API shows them, each with its most recent failed notification. */
  const viewAlerts = async (listed: { rows: readonly AlertRow[]; totalCount?: number; hasNext?: boolean }): Promise<Page<Alert>> => {
    const failures = await lastFailedDeliveries(store.db, listed.rows.map((row) => row.id));
    return pageOfRows(listed, (row) => {
      const failure = failures.get(row.id);
      return toAlert(row, failure === undefined ? undefined : toFailedNotification(failure));
    });
  };
  const viewAlert = async (row: AlertRow): Promise<Alert> => (await viewAlerts({ rows: [row] })).results[0] as Alert;

  return {
    async listConfigs(actor, groupId, page) {
      await core.authorize(actor, groupId, "PROJECT_READ");
      return pageOfRows(await listAlertConfigRows(store.db, groupId, parsePageRequest(page)), toAlertConfig);
    },

    async getConfig(actor, groupId, alertConfigId) {
      await core.authorize(actor, groupId, "PROJECT_READ");
      return toAlertConfig(await loadConfig(groupId, alertConfigId));
    },

    async createConfig(actor, groupId, input) {
      const project = await core.authorize(actor, groupId, "ALERT_CONFIGS_WRITE");
      const draft = validateAlertConfig(input);
      const at = clock.now();
      const row: AlertConfigRow = {
        id: newId(),
        project_id: groupId,
        event_type_name: draft.eventTypeName,
        enabled: draft.enabled ? 1 : 0,
        threshold: JSON.stringify(draft.threshold),
        matchers: JSON.stringify(draft.matchers),
        notifications: JSON.stringify(sealNotifications(masterKey, draft.notifications)),
        severity_override: draft.severityOverride ?? null,
        auto_key: null,
        created_at: at.toISOString(),
        updated_at: at.toISOString(),
      };
      await store.transaction(async (tx) => {
        await insertAlertConfig(tx, row);
        await recordAlertAudit(tx, { type: "ALERT_CONFIG_ADDED_AUDIT", orgId: project.orgId, projectId: groupId, actor: actor.label, target: `${row.event_type_name} ${row.id}`, at });
        await reconcileProject(tx, at, groupId);
      });
      return toAlertConfig(row);
    },

    async replaceConfig(actor, groupId, alertConfigId, input) {
      const project = await core.authorize(actor, groupId, "ALERT_CONFIGS_WRITE");
      const draft = validateAlertConfig(input);
      const at = clock.now();
      // Read before the transaction: on SQLite a read outside it would wait for the transaction's connection.
      const before = await loadConfig(groupId, alertConfigId);
      await store.transaction(async (tx) => {
        await updateAlertConfigRow(tx, groupId, alertConfigId, {
          event_type_name: draft.eventTypeName,
          enabled: draft.enabled ? 1 : 0,
          threshold: JSON.stringify(draft.threshold),
          matchers: JSON.stringify(draft.matchers),
          notifications: JSON.stringify(sealNotifications(masterKey, draft.notifications, storedNotificationsOf(before))),
          severity_override: draft.severityOverride ?? null,
          updated_at: at.toISOString(),
        });
        await recordAlertAudit(tx, { type: "ALERT_CONFIG_CHANGED_AUDIT", orgId: project.orgId, projectId: groupId, actor: actor.label, target: `${draft.eventTypeName} ${alertConfigId}`, at });
        await reconcileProject(tx, at, groupId);
      });
      return toAlertConfig(await loadConfig(groupId, alertConfigId));
    },

    async toggleConfig(actor, groupId, alertConfigId, enabled) {
      const project = await core.authorize(actor, groupId, "ALERT_CONFIGS_WRITE");
      if (typeof enabled !== "boolean") {
        throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute enabled specified: must be true or false.", ["enabled"]);
      }
      const at = clock.now();
      const before = await loadConfig(groupId, alertConfigId);
      await store.transaction(async (tx) => {
        await updateAlertConfigRow(tx, groupId, alertConfigId, { enabled: enabled ? 1 : 0, updated_at: at.toISOString() });
        const target = `${before.event_type_name} ${alertConfigId} ${enabled ? "enabled" : "disabled"}`;
        await recordAlertAudit(tx, { type: "ALERT_CONFIG_CHANGED_AUDIT", orgId: project.orgId, projectId: groupId, actor: actor.label, target, at });
        await reconcileProject(tx, at, groupId);
      });
      return toAlertConfig(await loadConfig(groupId, alertConfigId));
    },

    async deleteConfig(actor, groupId, alertConfigId) {
      const project = await core.authorize(actor, groupId, "ALERT_CONFIGS_WRITE");
      const before = await loadConfig(groupId, alertConfigId);
      const at = clock.now();
      await store.transaction(async (tx) => {
        await deleteAlertConfigRow(tx, groupId, alertConfigId);
        await recordAlertAudit(tx, { type: "ALERT_CONFIG_DELETED_AUDIT", orgId: project.orgId, projectId: groupId, actor: actor.label, target: `${before.event_type_name} ${alertConfigId}`, at });
        await reconcileProject(tx, at, groupId);
      });
    },

    async listConfigAlerts(actor, groupId, alertConfigId, page) {
      await core.authorize(actor, groupId, "PROJECT_READ");
      await loadConfig(groupId, alertConfigId);
      return viewAlerts(await listAlertRows(store.db, groupId, { status: "OPEN", alertConfigId }, parsePageRequest(page)));
    },

    async listAlerts(actor, groupId, filter = {}) {
      await core.authorize(actor, groupId, "PROJECT_READ");
      const { status, ...page } = filter;
      if (status !== undefined && !(ALERT_STATUSES as readonly string[]).includes(status) && status !== "TRACKING") {
        throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${status} was specified for status.`, [status]);
      }
      const window = parsePageRequest(page);
      // certgate never tracks (its conditions have no minimum duration), so TRACKING lists nothing.
      if (status === "TRACKING") return window.includeCount ? { results: [], totalCount: 0 } : { results: [], hasNext: false };
      return viewAlerts(await listAlertRows(store.db, groupId, status === undefined ? {} : { status: status as AlertStatus }, window));
    },

    async getAlert(actor, groupId, alertId) {
      await core.authorize(actor, groupId, "PROJECT_READ");
      return viewAlert(await loadAlert(groupId, alertId));
    },

    async acknowledgeAlert(actor, groupId, alertId, input) {
      const project = await core.authorize(actor, groupId, "ALERT_CONFIGS_WRITE");
      const alert = await loadAlert(groupId, alertId);
      const now = clock.now();
      const at = now.toISOString();
      const audit = { orgId: project.orgId, projectId: groupId, actor: actor.label, target: `alert ${alert.id}`, at: now };
      if (input.unacknowledgeAlert === true || input.acknowledgedUntil === undefined) {
        await store.transaction(async (tx) => {
          await setAcknowledgement(tx, alert.id, { until: null, comment: null, username: null, at });
          await recordAlertAudit(tx, { ...audit, type: "ALERT_UNACKNOWLEDGED_AUDIT" });
        });
      } else {
        const until = Date.parse(input.acknowledgedUntil);
        if (Number.isNaN(until) || !/^\d{4}-\d{2}-\d{2}T/.test(input.acknowledgedUntil)) {
          throw new CoreError("INVALID_ATTRIBUTE", "Invalid attribute acknowledgedUntil specified: must be an ISO-8601 date and time.", ["acknowledgedUntil"]);
        }
        const comment = input.acknowledgementComment;
        if (comment !== undefined && comment.length > MAX_ACK_COMMENT_LENGTH) {
          throw new CoreError("INVALID_ATTRIBUTE", `Invalid attribute acknowledgementComment specified: at most ${MAX_ACK_COMMENT_LENGTH} characters.`, [
            "acknowledgementComment",
          ]);
        }
        await store.transaction(async (tx) => {
          await setAcknowledgement(tx, alert.id, { until: new Date(until).toISOString(), comment: comment ?? null, username: actor.label, at });
          await recordAlertAudit(tx, { ...audit, type: "ALERT_ACKNOWLEDGED_AUDIT", target: `alert ${alert.id} until ${atlasTime(new Date(until))}` });
        });
      }
      return viewAlert(await loadAlert(groupId, alertId));
    },

    async listAlertConfigsOfAlert(actor, groupId, alertId, page) {
      await core.authorize(actor, groupId, "PROJECT_READ");
      const alert = await loadAlert(groupId, alertId);
      return pageOfRows(await listAlertConfigRows(store.db, groupId, parsePageRequest(page), [alert.alert_config_id]), toAlertConfig);
    },
  };
}
