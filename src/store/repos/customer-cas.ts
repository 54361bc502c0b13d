/** A project's customer CA bundle (self-managed X.509). */
import type { Kysely, Selectable } from "kysely";
import type { CustomerCasTable, Database } from "../schema.js";

/** A stored customer CA bundle. */
export type CustomerCasRow = Selectable<CustomerCasTable>;

/** Stores the project's bundle, replacing the previous one. */
export async function replaceCustomerCas(db: Kysely<Database>, row: CustomerCasRow): Promise<void> {
  await db
    .insertInto("customer_cas")
    .values(row)
    .onConflict((oc) =>
      oc.column("project_id").doUpdateSet({ bundle_pem: row.bundle_pem, cas_info: row.cas_info, uploaded_at: row.uploaded_at }),
    )
    .execute();
}

/** The project's bundle, if self-managed X.509 is on. */
export async function findCustomerCas(db: Kysely<Database>, projectId: string): Promise<CustomerCasRow | undefined> {
  return db.selectFrom("customer_cas").selectAll().where("project_id", "=", projectId).executeTakeFirst();
}

/** Removes the project's bundle; false if there was none. */
export async function deleteCustomerCas(db: Kysely<Database>, projectId: string): Promise<boolean> {
  const result = await db.deleteFrom("customer_cas").where("project_id", "=", projectId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
