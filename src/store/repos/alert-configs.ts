/** Alert configurations (`alert_configs`): Atlas's `alertConfigs` of a project. */
import type { Kysely, Selectable } from "kysely";
import type { AlertConfigsTable } from "../alerts-schema.js";
import type { Database } from "../schema.js";
import { readCreationOrderedPage, type RowPage, type RowWindow } from "./row-page.js";
import { findRow, hasRow } from "./table-rows.js";

/** A stored configuration. */
export type AlertConfigRow = Selectable<AlertConfigsTable>;

/** Inserts a configuration; with an `auto_key` already taken nothing is inserted and false is returned. */
export async function insertAlertConfig(db: Kysely<Database>, row: AlertConfigRow): Promise<boolean> {
  const result = await db
    .insertInto("alert_configs")
    .values(row)
    .onConflict((oc) => oc.column("auto_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** One configuration of a project. */
export async function findAlertConfig(db: Kysely<Database>, projectId: string, id: string): Promise<AlertConfigRow | undefined> {
  return findRow(db, "alert_configs", { project_id: projectId, id });
}

/** True when the project has a configuration of this event type. */
export async function hasAlertConfigOfType(db: Kysely<Database>, projectId: string, eventType: string): Promise<boolean> {
  return hasRow(db, "alert_configs", { project_id: projectId, event_type_name: eventType });
}

/** One page of a project's configurations, oldest first, and how many there are. */
export async function listAlertConfigRows(
  db: Kysely<Database>,
  projectId: string,
  window: RowWindow,
  ids?: readonly string[],
): Promise<RowPage<AlertConfigRow>> {
  if (ids !== undefined && ids.length === 0) return window.includeCount === false ? { rows: [], hasNext: false } : { rows: [], totalCount: 0 };
  let query = db.selectFrom("alert_configs").where("project_id", "=", projectId);
  if (ids !== undefined) query = query.where("id", "in", ids);
  return readCreationOrderedPage(window, query);
}

/** Replaces the writable fields of a configuration; false when it does not exist. */
export async function updateAlertConfigRow(
  db: Kysely<Database>,
  projectId: string,
  id: string,
  fields: Partial<Pick<AlertConfigRow, "event_type_name" | "enabled" | "threshold" | "matchers" | "notifications" | "severity_override" | "updated_at">>,
): Promise<boolean> {
  const result = await db.updateTable("alert_configs").set(fields).where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes a configuration; false when it did not exist. */
export async function deleteAlertConfigRow(db: Kysely<Database>, projectId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("alert_configs").where("project_id", "=", projectId).where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
