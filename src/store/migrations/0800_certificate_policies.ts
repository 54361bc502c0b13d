/** 0800: each project's certificate policy (certgate extension): the longest lifetime of a short-lived certificate. */
import type { Kysely, Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("certificate_policies")
    .addColumn("project_id", "text", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("max_validity_seconds", "integer", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("certificate_policies").execute();
}

/** The certificate_policies table. */
export const migration0800CertificatePolicies: Migration = { up, down };
