/** The activity feed. */
import type { Kysely, Selectable } from "kysely";
import { compiledOnce } from "../compiled-once.js";
import type { Database, EventsTable } from "../schema.js";
import { readRowPage, type RowPage, type RowWindow } from "./row-page.js";

/** A stored event. */
export type EventRow = Selectable<EventsTable>;

const insertEvent = compiledOnce(
  7,
  (db, id: string, orgId: string, projectId: string | null, eventType: string, actor: string, target: string | null, createdAt: string) =>
    db.insertInto("events").values({ id, org_id: orgId, project_id: projectId, event_type: eventType, actor, target, created_at: createdAt }),
);

/** Appends an event (call it inside the transaction of the change it describes). */
export async function recordEvent(db: Kysely<Database>, row: EventRow): Promise<void> {
  await insertEvent(db, row.id, row.org_id, row.project_id, row.event_type, row.actor, row.target, row.created_at);
}

/** Removes one event (of a change that was undone before anyone was told of it). */
export async function deleteEvent(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom("events").where("id", "=", id).execute();
}

/** Rows `offset..offset+limit` of a project's events, newest first (exported for the query-plan test). */
export function eventsPageQuery(db: Kysely<Database>, projectId: string, offset: number, limit: number) {
  return db.selectFrom("events").selectAll().where("project_id", "=", projectId).orderBy("created_at", "desc").orderBy("id", "desc").offset(offset).limit(limit);
}

/** One page of a project's events, newest first, and their total when counted. */
export async function listEvents(db: Kysely<Database>, projectId: string, window: RowWindow): Promise<RowPage<EventRow>> {
  return readRowPage(
    window,
    (offset, limit) => eventsPageQuery(db, projectId, offset, limit).execute(),
    async () => Number((await db.selectFrom("events").select((eb) => eb.fn.countAll().as("n")).where("project_id", "=", projectId).executeTakeFirstOrThrow()).n),
  );
}
