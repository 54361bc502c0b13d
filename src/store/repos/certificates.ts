/** Records of managed user certificates. */
import type { Kysely, Selectable } from "kysely";
import type { CertificatesTable, Database } from "../schema.js";

/** A stored certificate record. */
export type CertificateRow = Selectable<CertificatesTable>;

/** Inserts a record; refused if the user is gone (foreign key) or the serial is taken for the CA (unique). */
export async function recordCertificate(db: Kysely<Database>, row: CertificateRow): Promise<void> {
  await db.insertInto("certificates").values(row).execute();
}

/** True when the CA already used this serial. */
export async function isSerialTaken(db: Kysely<Database>, caId: string, serial: string): Promise<boolean> {
  const row = await db
    .selectFrom("certificates")
    .select("id")
    .where("ca_id", "=", caId)
    .where("serial", "=", serial)
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
}

/** One page of a user's certificates, oldest first, and their total. */
export async function listCertificates(
  db: Kysely<Database>,
  query: ListCertificatesQuery,
): Promise<{ rows: CertificateRow[]; totalCount: number }> {
  let base = db.selectFrom("certificates").where("database_user_id", "=", query.databaseUserId);
  if (!query.includeExpired) base = base.where("not_after", ">", query.now).where("revoked_at", "is", null);
  const rows = await base
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .offset(query.offset)
    .limit(query.limit)
    .execute();
  const count = await base.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
  return { rows, totalCount: Number(count.n) };
}

/** A user's certificate by serial, if any. */
export async function findUserCertificate(
  db: Kysely<Database>,
  databaseUserId: string,
  serial: string,
): Promise<CertificateRow | undefined> {
  return db
    .selectFrom("certificates")
    .selectAll()
    .where("database_user_id", "=", databaseUserId)
    .where("serial", "=", serial)
    .executeTakeFirst();
}

/** Marks one certificate revoked; false if it was already revoked. */
export async function revokeCertificate(db: Kysely<Database>, id: string, revokedAt: string): Promise<boolean> {
  const result = await db
    .updateTable("certificates")
    .set({ revoked_at: revokedAt })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Marks every unrevoked certificate of a user revoked; returns how many. */
export async function revokeUserCertificates(
  db: Kysely<Database>,
  databaseUserId: string,
  revokedAt: string,
): Promise<number> {
  const result = await db
    .updateTable("certificates")
    .set({ revoked_at: revokedAt })
    .where("database_user_id", "=", databaseUserId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The project's revoked certificates that have not expired yet (expired ones need no CRL entry). */
export async function listRevokedCertificates(
  db: Kysely<Database>,
  projectId: string,
  now: string,
): Promise<CertificateRow[]> {
  return db
    .selectFrom("certificates")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("revoked_at", "is not", null)
    .where("not_after", ">", now)
    .orderBy("revoked_at")
    .execute();
}
