/** 0400: web UI sessions and the login lock-out, moved from process memory into the store. */
import type { Kysely, Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("ui_sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    // Removing a person ends their sessions.
    .addColumn("person_id", "text", (c) => c.notNull().references("people.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ui_sessions_person").on("ui_sessions").column("person_id").execute();
  // The sweep deletes by either timestamp.
  await db.schema.createIndex("ui_sessions_last_seen").on("ui_sessions").column("last_seen_at").execute();
  await db.schema.createIndex("ui_sessions_created").on("ui_sessions").column("created_at").execute();

  await db.schema
    .createTable("ui_login_failures")
    .addColumn("key_hash", "text", (c) => c.notNull())
    .addColumn("failed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ui_login_failures_key").on("ui_login_failures").columns(["key_hash", "failed_at"]).execute();
  await db.schema.createIndex("ui_login_failures_failed_at").on("ui_login_failures").column("failed_at").execute();

  await db.schema
    .createTable("ui_login_locks")
    .addColumn("key_hash", "text", (c) => c.primaryKey())
    .addColumn("locked_until", "text", (c) => c.notNull())
    .execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("ui_login_locks").execute();
  await db.schema.dropTable("ui_login_failures").execute();
  await db.schema.dropTable("ui_sessions").execute();
}

/** UI sessions, login failures and login locks. */
export const migration0400UiSessions: Migration = { up, down };
