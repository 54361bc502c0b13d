/** A per-project version number bumped by every change, so other instances can notice it by polling. */
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/** Increments the project's counter (creating it at 1). */
export async function bumpChangeCounter(db: Kysely<Database>, projectId: string): Promise<void> {
  await db
    .insertInto("change_counters")
    .values({ project_id: projectId, version: 1 })
    .onConflict((oc) => oc.column("project_id").doUpdateSet((eb) => ({ version: eb("change_counters.version", "+", 1) })))
    .execute();
}

/** Every project's counter. */
export async function readChangeCounters(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom("change_counters").select(["project_id", "version"]).execute();
  return new Map(rows.map((r) => [r.project_id, Number(r.version)]));
}
