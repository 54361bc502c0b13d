/**
 * Per-project version numbers, so other instances can notice changes by polling: `version` is bumped by
 * every change, `revocation_version` by every change to what the project's CRLs list.
 */
import type { Kysely } from "kysely";
import { compiledOnce } from "../compiled-once.js";
import type { Database } from "../schema.js";

/** Increments the project's counter (creating it at 1); returns the new version. */
export async function bumpChangeCounter(db: Kysely<Database>, projectId: string): Promise<number> {
  const row = (await changeCounterBump(db, projectId)).rows[0];
  if (row === undefined) throw new Error(`the change counter of project ${projectId} returned no row`);
  return Number(row.version);
}

const changeCounterBump = compiledOnce(1, (db, projectId: string) =>
  db
    .insertInto("change_counters")
    .values({ project_id: projectId, version: 1 })
    .onConflict((oc) => oc.column("project_id").doUpdateSet((eb) => ({ version: eb("change_counters.version", "+", 1) })))
    .returning("version"),
);

/**
 * Increments the project's revocation counter; returns the new value. Inside a transaction the row
 * stays locked until commit, so on PostgreSQL revocations commit in the order of their values.
 */
export async function bumpRevocationVersion(db: Kysely<Database>, projectId: string): Promise<number> {
  const row = await db
    .insertInto("change_counters")
    .values({ project_id: projectId, version: 0, revocation_version: 1 })
    .onConflict((oc) =>
      oc.column("project_id").doUpdateSet((eb) => ({ revocation_version: eb("change_counters.revocation_version", "+", 1) })),
    )
    .returning("revocation_version")
    .executeTakeFirstOrThrow();
  return Number(row.revocation_version);
}

/** The project's counters (zero before its first change). */
export async function readProjectVersions(db: Kysely<Database>, projectId: string): Promise<{ version: number; revocationVersion: number }> {
  const row = await db
    .selectFrom("change_counters")
    .select(["version", "revocation_version"])
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  return { version: Number(row?.version ?? 0), revocationVersion: Number(row?.revocation_version ?? 0) };
}

/** Every project's counter. */
export async function readChangeCounters(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom("change_counters").select(["project_id", "version"]).execute();
  return new Map(rows.map((r) => [r.project_id, Number(r.version)]));
}
