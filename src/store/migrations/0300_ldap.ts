/** 0300: LDAP settings (bind password sealed) and the results of LDAP verify requests. */
import type { Kysely, Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ldap_settings")
    .addColumn("project_id", "text", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("settings", "text", (c) => c.notNull())
    .addColumn("sealed_bind_password", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("ldap_verify_requests")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("request", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("validations", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ldap_verify_requests_project").on("ldap_verify_requests").column("project_id").execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("ldap_verify_requests").execute();
  await db.schema.dropTable("ldap_settings").execute();
}

/** LDAP settings and verify requests. */
export const migration0300Ldap: Migration = { up, down };
