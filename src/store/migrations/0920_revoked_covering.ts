/**
 * 0920: the revoked-certificates index carries every column the CRL and the gateway's first load read
 * (`ca_id`, `serial`, `revoked_at`), so their pages are read from the index alone. Without them each
 * page fetched its rows from all over the table (revocations are spread across years of history): at a
 * million records, one page of 2,000 held SQLite's synchronous driver, and with it the event loop, for
 * about a second (docs/benchmarks.md).
 */
import { sql, type Kysely, type Migration } from "kysely";

async function create(db: Kysely<unknown>, columns: string[]): Promise<void> {
  await db.schema.createIndex("certificates_revoked_expiry").on("certificates").columns(columns).where(sql.ref("revoked_at"), "is not", null).execute();
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("certificates_revoked_expiry").execute();
  await create(db, ["project_id", "not_after", "id", "ca_id", "serial", "revoked_at"]);
}

async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("certificates_revoked_expiry").execute();
  await create(db, ["project_id", "not_after", "id"]);
}

/** The revoked-certificates index covers the CRL's reads. */
export const migration0920RevokedCovering: Migration = { up, down };
