/** HTTP Digest nonces, shared by every API instance through the store. */
import type { Kysely } from "kysely";
import { compiledOnce } from "../compiled-once.js";
import type { Database } from "../schema.js";

/** What happened to a nonce use. */
export const NONCE_USE_RESULTS = ["ok", "unknown", "expired", "replayed"] as const;
/** One nonce use outcome. */
export type NonceUseResult = (typeof NONCE_USE_RESULTS)[number];

/** Records a nonce handed out by the server. */
export async function recordNonce(db: Kysely<Database>, nonce: string, expiresAt: string): Promise<void> {
  await db.insertInto("api_nonces").values({ nonce, expires_at: expiresAt, last_nc: 0 }).execute();
}

/**
 * Accepts `nonceCount` only if it is higher than every count used with the nonce so far. The check and
 * the write are one conditional UPDATE (compare-and-swap), so two instances cannot both accept a count.
 */
export async function useNonce(
  db: Kysely<Database>,
  nonce: string,
  nonceCount: number,
  now: string,
): Promise<NonceUseResult> {
  const result = await db
    .updateTable("api_nonces")
    .set({ last_nc: nonceCount })
    .where("nonce", "=", nonce)
    .where("expires_at", ">", now)
    .where("last_nc", "<", nonceCount)
    .executeTakeFirst();
  if (result.numUpdatedRows > 0n) return "ok";
  const row = await db.selectFrom("api_nonces").select("expires_at").where("nonce", "=", nonce).executeTakeFirst();
  if (row === undefined) return "unknown";
  return row.expires_at <= now ? "expired" : "replayed";
}

/**
 * A nonce's use in one statement: records the nonce with `nonceCount` if it is new, or raises its count
 * if `nonceCount` is higher than every count accepted before and the nonce has not expired. Answers
 * whether the count was accepted. One INSERT ... ON CONFLICT DO UPDATE ... WHERE is atomic in SQLite and
 * PostgreSQL alike, so two instances cannot both accept a count; and the first request of a fresh nonce
 * (every `curl --digest` call) costs one write instead of a failed update, a read, an insert and an update.
 */
export async function recordNonceUse(db: Kysely<Database>, nonce: string, nonceCount: number, expiresAt: string, now: string): Promise<boolean> {
  const result = await nonceUse(db, nonce, nonceCount, expiresAt, now);
  return (result.numAffectedRows ?? 0n) > 0n;
}

const nonceUse = compiledOnce(4, (db, nonce: string, nonceCount: number, expiresAt: string, now: string) =>
  db
    .insertInto("api_nonces")
    .values({ nonce, expires_at: expiresAt, last_nc: nonceCount })
    .onConflict((conflict) =>
      conflict
        .column("nonce")
        .doUpdateSet({ last_nc: nonceCount })
        .where("api_nonces.last_nc", "<", nonceCount)
        .where("api_nonces.expires_at", ">", now),
    ),
);

/** Deletes nonces that expired before `now`; returns how many. */
export async function purgeExpiredNonces(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db.deleteFrom("api_nonces").where("expires_at", "<=", now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
