/** Records of managed user certificates. */
import { sql, type Insertable, type Kysely, type Selectable } from "kysely";
import type { CertificatesTable, Database } from "../schema.js";
import { nextEventLoopTurn } from "../../shared/event-loop-turn.js";
import { compiledOnce } from "../compiled-once.js";
import { readCreationOrderedPage, type RowPage } from "./row-page.js";
import { findRow, hasRow, insertRow } from "./table-rows.js";

/** The columns an issue writes, in the order `recordCertificate` passes them. */
const CERTIFICATE_COLUMNS = [
  "id",
  "project_id",
  "ca_id",
  "database_user_id",
  "username",
  "serial",
  "subject",
  "not_before",
  "not_after",
  "created_at",
  "revoked_at",
] as const;
type CertificateColumnValues = [string, string, string, string | null, string, string, string, string, string, string, string | null];

/** A stored certificate record. */
export type CertificateRow = Selectable<CertificatesTable>;

const insertCertificate = compiledOnce(11, (db, ...values: CertificateColumnValues) =>
  db.insertInto("certificates").values(Object.fromEntries(CERTIFICATE_COLUMNS.map((column, index) => [column, values[index]])) as Insertable<CertificatesTable>),
);

/** Inserts a record; refused if the user is gone (foreign key) or the serial is taken for the CA (unique). */
export async function recordCertificate(db: Kysely<Database>, row: Insertable<CertificatesTable>): Promise<void> {
  // A record that arrives revoked with its sequence number (tests, imports) takes the general insert.
  if (row.revocation_seq !== undefined && row.revocation_seq !== null) {
    await insertRow(db, "certificates", row);
    return;
  }
  await insertCertificate(
    db,
    row.id,
    row.project_id,
    row.ca_id,
    row.database_user_id ?? null,
    row.username,
    row.serial,
    row.subject,
    row.not_before,
    row.not_after,
    row.created_at,
    row.revoked_at ?? null,
  );
}

/** Removes the record of a certificate that was never handed out (its signature failed); true if it was there. */
export async function forgetUnissuedCertificate(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom("certificates").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

const certificateOfSerial = compiledOnce(2, (db, caId: string, serial: string) =>
  db.selectFrom("certificates").select("id").where("ca_id", "=", caId).where("serial", "=", serial).limit(1),
);

/** True when the CA already used this serial. */
export async function isSerialTaken(db: Kysely<Database>, caId: string, serial: string): Promise<boolean> {
  return (await certificateOfSerial(db, caId, serial)).rows.length > 0;
}

/**
 * True when one of the project's managed CAs issued a certificate with this serial and it is revoked:
 * a lookup on the (CA, serial) unique index per CA of the project.
 */
export async function isRevokedInProject(db: Kysely<Database>, projectId: string, serial: string): Promise<boolean> {
  const row = await db
    .selectFrom("certificates")
    .select("id")
    .where("ca_id", "in", db.selectFrom("managed_cas").select("id").where("project_id", "=", projectId))
    .where("serial", "=", serial)
    .where("revoked_at", "is not", null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of a user's certificates to list. */
export interface ListCertificatesQuery {
  databaseUserId: string;
  /** ISO time; certificates whose notAfter is not after it are left out unless `includeExpired`. */
  now: string;
  includeExpired: boolean;
  offset: number;
  limit: number;
  /** False skips counting (Atlas's `includeCount=false`); `totalCount` is then undefined. */
  includeCount: boolean;
}

/** One page of a user's certificates, oldest first, and their total when asked for. */
export async function listCertificates(
  db: Kysely<Database>,
  query: ListCertificatesQuery,
): Promise<RowPage<CertificateRow>> {
  let base = db.selectFrom("certificates").where("database_user_id", "=", query.databaseUserId);
  if (!query.includeExpired) base = base.where("not_after", ">", query.now).where("revoked_at", "is", null);
  return readCreationOrderedPage(query, base);
}

/** A user's certificate by serial, if any. */
export async function findUserCertificate(
  db: Kysely<Database>,
  databaseUserId: string,
  serial: string,
): Promise<CertificateRow | undefined> {
  return findRow(db, "certificates", { database_user_id: databaseUserId, serial });
}

/** Marks one certificate revoked by revocation `seq` of its project; false if it was already revoked. */
export async function revokeCertificate(db: Kysely<Database>, id: string, revokedAt: string, seq: number): Promise<boolean> {
  return (await markRevoked(db, "id", id, revokedAt, seq)) > 0n;
}

/** Marks the unrevoked certificates whose `column` is `value` revoked by revocation `seq`; returns how many. */
async function markRevoked(db: Kysely<Database>, column: "id" | "database_user_id", value: string, revokedAt: string, seq: number): Promise<bigint> {
  const result = await db
    .updateTable("certificates")
    .set({ revoked_at: revokedAt, revocation_seq: seq })
    .where(column, "=", value)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows;
}

/** True when the user holds a certificate that is not revoked yet. */
export async function hasUnrevokedCertificates(db: Kysely<Database>, databaseUserId: string): Promise<boolean> {
  return hasRow(db, "certificates", { database_user_id: databaseUserId, revoked_at: null });
}

/** Marks every unrevoked certificate of a user revoked; returns how many. */
export async function revokeUserCertificates(db: Kysely<Database>, databaseUserId: string, revokedAt: string, seq: number): Promise<number> {
  return Number(await markRevoked(db, "database_user_id", databaseUserId, revokedAt, seq));
}

/** What a CRL entry and the gateway's revoked set need of a revoked record. */
export interface RevokedRow {
  id: string;
  ca_id: string;
  serial: string;
  not_after: string;
  revoked_at: string;
}

/** Rows per page of revoked records: one page is a short statement even on synchronous SQLite. */
const REVOKED_PAGE = 500;

/** One page of {@link listRevokedCertificates}, after the row `after` (exported for the query-plan test). */
export function revokedCertificatesPage(db: Kysely<Database>, projectId: string, now: string, after?: { not_after: string; id: string }) {
  let query = db
    .selectFrom("certificates")
    .select(["id", "ca_id", "serial", "not_after", "revoked_at"])
    .where("project_id", "=", projectId)
    .where("revoked_at", "is not", null)
    .where("not_after", ">", now);
  if (after !== undefined) query = query.where(sql<boolean>`(not_after, id) > (${after.not_after}, ${after.id})`);
  return query.orderBy("not_after").orderBy("id").limit(REVOKED_PAGE);
}

/**
 * The project's revoked certificates that have not expired yet (expired ones need no CRL entry), read in
 * pages along the `certificates_revoked_expiry` index, so no statement reads them all at once.
 */
export async function* listRevokedCertificates(db: Kysely<Database>, projectId: string, now: string): AsyncGenerator<RevokedRow[]> {
  let after: { not_after: string; id: string } | undefined;
  for (;;) {
    const rows = (await revokedCertificatesPage(db, projectId, now, after).execute()) as RevokedRow[];
    if (rows.length > 0) yield rows;
    if (rows.length < REVOKED_PAGE) return;
    const last = rows[rows.length - 1] as RevokedRow;
    after = { not_after: last.not_after, id: last.id };
    await nextEventLoopTurn();
  }
}

/** Serials the project's revocations after revocation `seq` revoked, and the newest sequence among them. */
export async function listRevokedSince(db: Kysely<Database>, projectId: string, seq: number): Promise<{ serials: string[]; seq: number }> {
  const rows = await db
    .selectFrom("certificates")
    .select(["serial", "revocation_seq"])
    .where("project_id", "=", projectId)
    .where("revocation_seq", ">", seq)
    .orderBy("revocation_seq")
    .execute();
  return { serials: rows.map((row) => row.serial), seq: rows.reduce((newest, row) => Math.max(newest, Number(row.revocation_seq)), seq) };
}

/** Records per retention batch: one short statement each, even on synchronous SQLite. */
const PURGE_BATCH = 500;

/**
 * The oldest records that expired before `expiredBefore` and that no alert names (an alert about a
 * certificate keeps its record for the alert history), at most one batch (exported for the query-plan test).
 */
export function purgeableCertificatesQuery(db: Kysely<Database>, expiredBefore: string) {
  return db
    .selectFrom("certificates as c")
    .select("c.id")
    .where("c.not_after", "<", expiredBefore)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("alerts as a").select("a.id").whereRef("a.project_id", "=", "c.project_id").whereRef("a.target", "=", "c.serial"))),
    )
    .orderBy("c.not_after")
    .orderBy("c.id")
    .limit(PURGE_BATCH);
}

/** Deletes one batch of purgeable records (see {@link purgeableCertificatesQuery}); returns how many. */
export async function purgeCertificateBatch(db: Kysely<Database>, expiredBefore: string): Promise<number> {
  const ids = (await purgeableCertificatesQuery(db, expiredBefore).execute()).map((row) => row.id);
  if (ids.length === 0) return 0;
  const result = await db.deleteFrom("certificates").where("id", "in", ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}
