/** Web UI sessions, shared by every API instance through the store. Rows are keyed by the token's hash. */
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../schema.js";
import type { UiSessionsTable } from "../ui-sessions-schema.js";

/** A stored session. */
export type UiSessionRow = Selectable<UiSessionsTable>;

/** Inserts a session. */
export async function insertUiSession(db: Kysely<Database>, row: UiSessionRow): Promise<void> {
  await db.insertInto("ui_sessions").values(row).execute();
}

/** The session whose token hashes to `tokenHash`, if any (expired or not: the caller decides). */
export async function findUiSession(db: Kysely<Database>, tokenHash: string): Promise<UiSessionRow | undefined> {
  return db.selectFrom("ui_sessions").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

/**
 * Moves a session's `last_seen_at` forward to `at`. Only forward: when two instances touch the same
 * session, the later time wins whatever order the writes land in.
 */
export async function touchUiSession(db: Kysely<Database>, tokenHash: string, at: string): Promise<void> {
  await db.updateTable("ui_sessions").set({ last_seen_at: at }).where("token_hash", "=", tokenHash).where("last_seen_at", "<", at).execute();
}

/** Deletes one session; answers whether it existed. */
export async function deleteUiSession(db: Kysely<Database>, tokenHash: string): Promise<boolean> {
  const result = await db.deleteFrom("ui_sessions").where("token_hash", "=", tokenHash).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Deletes every session of a person; answers how many. */
export async function deletePersonUiSessions(db: Kysely<Database>, personId: string): Promise<number> {
  const result = await db.deleteFrom("ui_sessions").where("person_id", "=", personId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes the sessions last seen before `idleCutoff` or created before `absoluteCutoff`; answers how
 * many.
 */
export async function purgeExpiredUiSessions(db: Kysely<Database>, idleCutoff: string, absoluteCutoff: string): Promise<number> {
  const result = await db
    .deleteFrom("ui_sessions")
    .where((eb) => eb.or([eb("last_seen_at", "<", idleCutoff), eb("created_at", "<", absoluteCutoff)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
