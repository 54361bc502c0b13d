/**
 * 0910: the activity feed's index matches its list's `ORDER BY created_at DESC, id DESC` within a
 * project, so a page is read in index order; without the `id` tiebreaker every page sorted the
 * project's whole history (800 ms per page at a million events on SQLite, docs/benchmarks.md).
 */
import type { Kysely, Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("events_list").on("events").columns(["project_id", "created_at", "id"]).execute();
  await db.schema.dropIndex("events_project").execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("events_project").on("events").columns(["project_id", "created_at"]).execute();
  await db.schema.dropIndex("events_list").execute();
}

/** The activity feed's list index. */
export const migration0910EventsList: Migration = { up, down };
