/**
 * 0810: alerts by project and target, for the certificate retention's "no alert names it" check; and
 * the unrevoked-certificates index extended by `id`, so the expiry finder's pages (ordered and resumed
 * by `not_after, id`) are read from it alone.
 */
import { sql, type Kysely, type Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("alerts_target").on("alerts").columns(["project_id", "target"]).execute();
  await db.schema.dropIndex("certificates_unrevoked_expiry").execute();
  await db.schema
    .createIndex("certificates_unrevoked_expiry")
    .on("certificates")
    .columns(["project_id", "not_after", "id"])
    .where(sql.ref("revoked_at"), "is", null)
    .execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("certificates_unrevoked_expiry").execute();
  await db.schema
    .createIndex("certificates_unrevoked_expiry")
    .on("certificates")
    .columns(["project_id", "not_after"])
    .where(sql.ref("revoked_at"), "is", null)
    .execute();
  await db.schema.dropIndex("alerts_target").execute();
}

/** Indexes of alerts by target and of unrevoked certificates by expiry. */
export const migration0810AlertTargets: Migration = { up, down };
