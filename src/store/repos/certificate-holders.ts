/** Reads that identify the holder of a managed certificate (for renewal, authenticated by the certificate). */
import type { Kysely } from "kysely";
import type { CertificateRow } from "./certificates.js";
import type { ManagedCaRow } from "./managed-cas.js";
import type { Database } from "../schema.js";

/** Every certificate record with this serial (serials are unique per CA, so there may be several), with its CA. */
export async function findCertificatesBySerial(db: Kysely<Database>, serial: string): Promise<{ certificate: CertificateRow; ca: ManagedCaRow }[]> {
  const certificates = await db.selectFrom("certificates").selectAll().where("serial", "=", serial).execute();
  const found: { certificate: CertificateRow; ca: ManagedCaRow }[] = [];
  for (const certificate of certificates) {
    const ca = await db.selectFrom("managed_cas").selectAll().where("id", "=", certificate.ca_id).executeTakeFirst();
    if (ca !== undefined) found.push({ certificate, ca });
  }
  return found;
}

/** A database user by record id. */
export async function findDatabaseUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom("database_users").selectAll().where("id", "=", id).executeTakeFirst();
}

/** A project by id. */
export async function findProjectRow(db: Kysely<Database>, id: string) {
  return db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirst();
}
