/**
 * The web UI's login lock-out, shared by every API instance through the store: one row per failure
 * (inserts never overwrite each other, so racing instances cannot lose a count) and one per lock.
 * Keys are hashes of normalized emails, so the table does not collect what people typed.
 */
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/** Records one failed sign-in. */
export async function insertLoginFailure(db: Kysely<Database>, keyHash: string, at: string): Promise<void> {
  await db.insertInto("ui_login_failures").values({ key_hash: keyHash, failed_at: at }).execute();
}

/** How many failures of `keyHash` happened after `since`. */
export async function countLoginFailuresAfter(db: Kysely<Database>, keyHash: string, since: string): Promise<number> {
  const row = await db
    .selectFrom("ui_login_failures")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("key_hash", "=", keyHash)
    .where("failed_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Locks `keyHash` until `until` (replacing an earlier lock) and forgets its failures; run it in a transaction. */
export async function lockLogin(db: Kysely<Database>, keyHash: string, until: string): Promise<void> {
  await db
    .insertInto("ui_login_locks")
    .values({ key_hash: keyHash, locked_until: until })
    .onConflict((oc) => oc.column("key_hash").doUpdateSet({ locked_until: until }))
    .execute();
  await db.deleteFrom("ui_login_failures").where("key_hash", "=", keyHash).execute();
}

/** When the lock on `keyHash` ends, if there is one (possibly already past). */
export async function findLoginLock(db: Kysely<Database>, keyHash: string): Promise<string | undefined> {
  const row = await db.selectFrom("ui_login_locks").select("locked_until").where("key_hash", "=", keyHash).executeTakeFirst();
  return row?.locked_until;
}

/** Forgets the failures and the lock of `keyHash`. */
export async function clearLoginThrottle(db: Kysely<Database>, keyHash: string): Promise<void> {
  await db.deleteFrom("ui_login_failures").where("key_hash", "=", keyHash).execute();
  await db.deleteFrom("ui_login_locks").where("key_hash", "=", keyHash).execute();
}

/** Deletes failures at or before `failuresCutoff` and locks that ended by `now`; answers how many rows. */
export async function purgeLoginThrottle(db: Kysely<Database>, failuresCutoff: string, now: string): Promise<number> {
  const failures = await db.deleteFrom("ui_login_failures").where("failed_at", "<=", failuresCutoff).executeTakeFirst();
  const locks = await db.deleteFrom("ui_login_locks").where("locked_until", "<=", now).executeTakeFirst();
  return Number(failures.numDeletedRows) + Number(locks.numDeletedRows);
}
