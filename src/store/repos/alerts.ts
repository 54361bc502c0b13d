/** Alerts (`alerts`): one row per occurrence of a configuration's condition. */
import type { Kysely, Selectable } from "kysely";
import type { AlertsTable } from "../alerts-schema.js";
import type { Database } from "../schema.js";
import { readCreationOrderedPage, type RowPage, type RowWindow } from "./row-page.js";

/** A stored alert. */
export type AlertRow = Selectable<AlertsTable>;

/** Alerts per multi-row insert: 17 columns each stays far below SQLite's cap on bound parameters. */
const INSERT_BATCH = 200;

/**
 * Opens alerts in multi-row statements; an alert already open under the same key (another worker won)
 * is skipped. Returns how many this call opened.
 */
export async function insertOpenAlerts(db: Kysely<Database>, rows: readonly AlertRow[]): Promise<number> {
  let opened = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const result = await db
      .insertInto("alerts")
      .values(rows.slice(i, i + INSERT_BATCH))
      .onConflict((oc) => oc.column("open_key").doNothing())
      .executeTakeFirst();
    opened += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return opened;
}

/** The open alerts of the expiry event types in scope. */
export function listOpenExpiryAlerts(db: Kysely<Database>, eventTypes: readonly string[], projectId?: string) {
  let query = db.selectFrom("alerts").select(["id", "project_id", "alert_config_id", "open_key"]).where("status", "=", "OPEN").where("event_type_name", "in", [...eventTypes]);
  if (projectId !== undefined) query = query.where("project_id", "=", projectId);
  return query.execute();
}

/** Ends open alerts: CLOSED (condition resolved) or CANCELLED (configuration disabled or deleted). */
export async function endAlerts(db: Kysely<Database>, ids: readonly string[], status: "CLOSED" | "CANCELLED", at: string): Promise<number> {
  let ended = 0;
  // Chunked: SQLite caps bound parameters per statement.
  for (let i = 0; i < ids.length; i += 500) {
    const result = await db
      .updateTable("alerts")
      .set({ status, open_key: null, resolved_at: at, updated_at: at })
      .where("id", "in", ids.slice(i, i + 500))
      .where("status", "=", "OPEN")
      .executeTakeFirst();
    ended += Number(result.numUpdatedRows);
  }
  return ended;
}

/** One alert of a project. */
export async function findAlert(db: Kysely<Database>, projectId: string, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom("alerts").selectAll().where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
}

/** One page of a project's alerts, newest first, optionally of one status or one configuration. */
export async function listAlertRows(
  db: Kysely<Database>,
  projectId: string,
  filter: { status?: string; alertConfigId?: string },
  window: RowWindow,
): Promise<RowPage<AlertRow>> {
  let query = db.selectFrom("alerts").where("project_id", "=", projectId);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.alertConfigId !== undefined) query = query.where("alert_config_id", "=", filter.alertConfigId);
  return readCreationOrderedPage(window, query, "desc");
}

/** Sets or clears the acknowledgement of an alert. */
export async function setAcknowledgement(
  db: Kysely<Database>,
  id: string,
  ack: { until: string | null; comment: string | null; username: string | null; at: string },
): Promise<void> {
  await db
    .updateTable("alerts")
    .set({ acknowledged_until: ack.until, acknowledgement_comment: ack.comment, acknowledging_username: ack.username, updated_at: ack.at })
    .where("id", "=", id)
    .execute();
}

/** An open, unacknowledged alert of an enabled configuration, with what its notifications need. */
export interface DueAlertRow {
  id: string;
  alert_config_id: string;
  project_id: string;
  org_id: string;
  event_type_name: string;
  target_label: string;
  target_expires_at: string;
  created_at: string;
  acknowledged_until: string | null;
  notifications: string;
  project_name: string;
}

/** Open alerts of enabled configurations not acknowledged past `at` (one of them when `alertId` is given). */
export async function listDueAlerts(db: Kysely<Database>, at: string, alertId?: string): Promise<DueAlertRow[]> {
  let query = db
    .selectFrom("alerts as a")
    .innerJoin("alert_configs as c", "c.id", "a.alert_config_id")
    .innerJoin("projects as p", "p.id", "a.project_id")
    .select([
      "a.id",
      "a.alert_config_id",
      "a.project_id",
      "a.org_id",
      "a.event_type_name",
      "a.target_label",
      "a.target_expires_at",
      "a.created_at",
      "a.acknowledged_until",
      "c.notifications",
      "p.name as project_name",
    ])
    .where("a.status", "=", "OPEN")
    .where("c.enabled", "=", 1)
    .where((eb) => eb.or([eb("a.acknowledged_until", "is", null), eb("a.acknowledged_until", "<=", at)]));
  if (alertId !== undefined) query = query.where("a.id", "=", alertId);
  return query.execute();
}
