/** Each project's certificate policy (certgate extension). */
import type { Kysely, Selectable } from "kysely";
import type { CertificatePoliciesTable, Database } from "../schema.js";

/** A stored policy. */
export type CertificatePolicyRow = Selectable<CertificatePoliciesTable>;

/** The project's policy, if one was set. */
export async function findCertificatePolicy(db: Kysely<Database>, projectId: string): Promise<CertificatePolicyRow | undefined> {
  return db.selectFrom("certificate_policies").selectAll().where("project_id", "=", projectId).executeTakeFirst();
}

/** Sets the project's policy. */
export async function saveCertificatePolicy(db: Kysely<Database>, row: CertificatePolicyRow): Promise<void> {
  await db
    .insertInto("certificate_policies")
    .values(row)
    .onConflict((oc) => oc.column("project_id").doUpdateSet({ max_validity_seconds: row.max_validity_seconds, updated_at: row.updated_at }))
    .execute();
}
