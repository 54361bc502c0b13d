/** 0100: the alerts tables (`alert_configs`, `alerts`, `alert_deliveries`); see `alerts-schema.ts`. */
import type { Kysely, Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("alert_configs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("event_type_name", "text", (c) => c.notNull())
    .addColumn("enabled", "integer", (c) => c.notNull())
    .addColumn("threshold", "text")
    .addColumn("matchers", "text", (c) => c.notNull())
    .addColumn("notifications", "text", (c) => c.notNull())
    .addColumn("severity_override", "text")
    .addColumn("auto_key", "text", (c) => c.unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("alert_configs_list").on("alert_configs").columns(["project_id", "created_at", "id"]).execute();
  await db.schema.createIndex("alert_configs_event_type").on("alert_configs").columns(["event_type_name", "enabled"]).execute();

  await db.schema
    .createTable("alerts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull())
    // No foreign key: a deleted configuration's alerts stay, CANCELLED, as Atlas keeps them.
    .addColumn("alert_config_id", "text", (c) => c.notNull())
    .addColumn("event_type_name", "text", (c) => c.notNull())
    .addColumn("target", "text", (c) => c.notNull())
    .addColumn("target_label", "text", (c) => c.notNull())
    .addColumn("target_expires_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("open_key", "text", (c) => c.unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("resolved_at", "text")
    .addColumn("last_notified_at", "text")
    .addColumn("acknowledged_until", "text")
    .addColumn("acknowledgement_comment", "text")
    .addColumn("acknowledging_username", "text")
    .execute();
  await db.schema.createIndex("alerts_list").on("alerts").columns(["project_id", "created_at", "id"]).execute();
  await db.schema.createIndex("alerts_status").on("alerts").columns(["status", "event_type_name"]).execute();
  await db.schema.createIndex("alerts_config").on("alerts").columns(["alert_config_id", "status"]).execute();

  await db.schema
    .createTable("alert_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("alert_id", "text", (c) => c.notNull().references("alerts.id").onDelete("cascade"))
    .addColumn("notifier_id", "text", (c) => c.notNull())
    .addColumn("interval_number", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull())
    .addColumn("next_attempt_at", "text")
    .addColumn("last_error", "text")
    .addColumn("claimed_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addUniqueConstraint("alert_deliveries_slot", ["alert_id", "notifier_id", "interval_number"])
    .execute();
  await db.schema.createIndex("alert_deliveries_due").on("alert_deliveries").columns(["status", "next_attempt_at"]).execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("alert_deliveries").execute();
  await db.schema.dropTable("alerts").execute();
  await db.schema.dropTable("alert_configs").execute();
}

/** The alerts tables. */
export const migration0100Alerts: Migration = { up, down };
