/** The mapping between stored alerts (`store/repos/alerts.ts`) and the API's `Alert`. */
import { atlasTime } from "../core/ids.js";
<<<<<<< HEAD
import type { AlertsTable } from "../store/alerts-schema.js";
import type { Database } from "../store/schema.js";
import { readRowPage, type RowPage, type RowWindow } from "../store/repos/row-page.js";
=======
import type { AlertRow } from "../store/repos/alerts.js";
>>>>>>> main
import type { Alert, AlertStatus } from "./alert-types.js";
import type { AlertEventType } from "./event-types.js";

/** The key that keeps one condition of one configuration from being open twice. */
export function openKeyOf(alertConfigId: string, target: string): string {
  return `${alertConfigId}/${target}`;
}

<<<<<<< HEAD
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
export async function endAlerts(db: Kysely<Database>, ids: readonly string[], status: Exclude<AlertStatus, "OPEN">, at: string): Promise<number> {
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
  filter: { status?: AlertStatus; alertConfigId?: string },
  window: RowWindow,
): Promise<RowPage<AlertRow>> {
  let query = db.selectFrom("alerts").where("project_id", "=", projectId);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.alertConfigId !== undefined) query = query.where("alert_config_id", "=", filter.alertConfigId);
  return readRowPage(
    window,
    (offset, limit) => query.selectAll().orderBy("created_at", "desc").orderBy("id", "desc").offset(offset).limit(limit).execute(),
    async () => Number((await query.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
  );
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

=======
>>>>>>> main
/** The API's view of a stored alert. */
export function toAlert(row: AlertRow): Alert {
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
  };
}
