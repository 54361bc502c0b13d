/**
 * 0001: the initial schema. Portable column types only (TEXT, INTEGER) so SQLite and PostgreSQL share it.
 * Children of a project are deleted with it (ON DELETE CASCADE); certificate records keep their serial
 * after their user is deleted (`database_user_id` becomes NULL) because the CRL still lists them.
 */
import type { Kysely, Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("organizations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("projects")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("projects_org_name_unique", ["org_id", "name"])
    .execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("public_key", "text", (c) => c.notNull().unique())
    .addColumn("sealed_private_key", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("org_roles", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("api_key_project_roles")
    .addColumn("api_key_id", "text", (c) => c.notNull().references("api_keys.id").onDelete("cascade"))
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("roles", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("api_key_project_roles_pk", ["api_key_id", "project_id"])
    .execute();

  await db.schema
    .createTable("people")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("org_roles", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("people_project_roles")
    .addColumn("person_id", "text", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("roles", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("people_project_roles_pk", ["person_id", "project_id"])
    .execute();

  await db.schema
    .createTable("database_users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("database_name", "text", (c) => c.notNull())
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("x509_type", "text", (c) => c.notNull())
    .addColumn("ldap_auth_type", "text", (c) => c.notNull())
    .addColumn("aws_iam_type", "text", (c) => c.notNull())
    .addColumn("oidc_auth_type", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("roles", "text", (c) => c.notNull())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("labels", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("delete_after_date", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("database_users_name_unique", ["project_id", "database_name", "username"])
    .execute();

  await db.schema
    .createTable("managed_cas")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("generation", "integer", (c) => c.notNull())
    .addColumn("key_algorithm", "text", (c) => c.notNull())
    .addColumn("certificate_pem", "text", (c) => c.notNull())
    .addColumn("sealed_private_key", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("serial", "text", (c) => c.notNull())
    .addColumn("not_before", "text", (c) => c.notNull())
    .addColumn("not_after", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull())
    .addUniqueConstraint("managed_cas_generation_unique", ["project_id", "generation"])
    .execute();

  await db.schema
    .createTable("certificates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("ca_id", "text", (c) => c.notNull().references("managed_cas.id").onDelete("cascade"))
    .addColumn("database_user_id", "text", (c) => c.references("database_users.id").onDelete("set null"))
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("serial", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("not_before", "text", (c) => c.notNull())
    .addColumn("not_after", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addUniqueConstraint("certificates_ca_serial_unique", ["ca_id", "serial"])
    .execute();
  await db.schema.createIndex("certificates_user").on("certificates").columns(["database_user_id", "created_at"]).execute();
  await db.schema.createIndex("certificates_project").on("certificates").columns(["project_id", "revoked_at"]).execute();

  await db.schema
    .createTable("customer_cas")
    .addColumn("project_id", "text", (c) => c.primaryKey().references("projects.id").onDelete("cascade"))
    .addColumn("bundle_pem", "text", (c) => c.notNull())
    .addColumn("cas_info", "text", (c) => c.notNull())
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("custom_roles")
    .addColumn("project_id", "text", (c) => c.notNull().references("projects.id").onDelete("cascade"))
    .addColumn("role_name", "text", (c) => c.notNull())
    .addColumn("actions", "text", (c) => c.notNull())
    .addColumn("inherited_roles", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("custom_roles_pk", ["project_id", "role_name"])
    .execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("project_id", "text")
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_project").on("events").columns(["project_id", "created_at"]).execute();

  await db.schema
    .createTable("api_nonces")
    .addColumn("nonce", "text", (c) => c.primaryKey())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_nc", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("change_counters")
    .addColumn("project_id", "text", (c) => c.primaryKey())
    .addColumn("version", "integer", (c) => c.notNull())
    .execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "change_counters",
    "api_nonces",
    "events",
    "custom_roles",
    "customer_cas",
    "certificates",
    "managed_cas",
    "database_users",
    "people_project_roles",
    "people",
    "api_key_project_roles",
    "api_keys",
    "projects",
    "organizations",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

/** The initial schema. */
export const migration0001Init: Migration = { up, down };
