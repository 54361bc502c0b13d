/** The activity feed. */
import type { Kysely, Selectable } from "kysely";
import type { Database, EventsTable } from "../schema.js";

/** A stored event. */
export type EventRow = Selectable<EventsTable>;

/** Appends an event (call it inside the transaction of the change it describes). */
export async function recordEvent(db: Kysely<Database>, row: EventRow): Promise<void> {
  await db.insertInto("events").values(row).execute();
}

/** One page of a project's events, newest first, and their total. */
export async function listEvents(
  db: Kysely<Database>,
  projectId: string,
  window: { offset: number; limit: number },
): Promise<{ rows: EventRow[]; totalCount: number }> {
  const rows = await db
    .selectFrom("events")
    .selectAll()
    .where("project_id", "=", projectId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .offset(window.offset)
    .limit(window.limit)
    .execute();
  const count = await db
    .selectFrom("events")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("project_id", "=", projectId)
    .executeTakeFirstOrThrow();
  return { rows, totalCount: Number(count.n) };
}
