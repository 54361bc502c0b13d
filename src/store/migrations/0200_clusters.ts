/**
 * 0200: clusters and the deployment server CA. A cluster's port is unique across the deployment
 * because every gateway instance listens on the same port for the same cluster.
 */
import type { Kysely, Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("clusters")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("port", "integer", (c) => c.notNull().unique())
    .addColumn("backend_kind", "text", (c) => c.notNull())
    .addColumn("backend_config", "text", (c) => c.notNull())
    .addColumn("state_name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("clusters_project_name_unique", ["project_id", "name"])
    .execute();

  await db.schema
    .createTable("deployment_server_ca")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key_algorithm", "text", (c) => c.notNull())
    .addColumn("certificate_pem", "text", (c) => c.notNull())
    .addColumn("sealed_private_key", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("deployment_server_ca").execute();
  await db.schema.dropTable("clusters").execute();
}

/** Clusters and the deployment server CA. */
export const migration0200Clusters: Migration = { up, down };
