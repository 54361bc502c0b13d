/**
 * 0700: what lets certificate work scale with what it touches rather than with every record ever issued.
 *
 * - `change_counters.revocation_version` counts a project's revocation changes (revocations and managed
 *   CA changes); a cached CRL is good while the counter it was built at is current, on every instance.
 * - `certificates.revocation_seq` is the counter's value of the revocation that revoked the record, so a
 *   gateway reads only the revocations since the last one it knows.
 * - Partial indexes by `not_after` on unrevoked records (expiry alerts) and revoked records (CRL and the
 *   gateway's first load), one by revocation sequence, and one by `not_after` for the retention purge.
 */
import { sql, type Kysely, type Migration } from "kysely";

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("change_counters").addColumn("revocation_version", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("certificates").addColumn("revocation_seq", "integer").execute();
  await db.schema
    .createIndex("certificates_unrevoked_expiry")
    .on("certificates")
    .columns(["project_id", "not_after"])
    .where(sql.ref("revoked_at"), "is", null)
    .execute();
  await db.schema
    .createIndex("certificates_revoked_expiry")
    .on("certificates")
    .columns(["project_id", "not_after", "id"])
    .where(sql.ref("revoked_at"), "is not", null)
    .execute();
  await db.schema
    .createIndex("certificates_revocation_seq")
    .on("certificates")
    .columns(["project_id", "revocation_seq"])
    .where(sql.ref("revocation_seq"), "is not", null)
    .execute();
  await db.schema.createIndex("certificates_expiry").on("certificates").columns(["not_after", "id"]).execute();
}

async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ["certificates_expiry", "certificates_revocation_seq", "certificates_revoked_expiry", "certificates_unrevoked_expiry"]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable("certificates").dropColumn("revocation_seq").execute();
  await db.schema.alterTable("change_counters").dropColumn("revocation_version").execute();
}

/** Counters and indexes for certificate work at scale. */
export const migration0700CertificateScale: Migration = { up, down };
