/** Each project's managed CAs. */
import type { Kysely, Selectable } from "kysely";
import { compiledOnce } from "../compiled-once.js";
import type { Database, ManagedCasTable } from "../schema.js";

/** A stored managed CA (private key sealed). */
export type ManagedCaRow = Selectable<ManagedCasTable>;

/** Inserts a managed CA. */
export async function recordManagedCa(db: Kysely<Database>, row: ManagedCaRow): Promise<void> {
  await db.insertInto("managed_cas").values(row).execute();
}

// Read by every issue (the CA that signs) and every CRL request.
const activeCasOfProject = compiledOnce(1, (db, projectId: string) =>
  db.selectFrom("managed_cas").selectAll().where("project_id", "=", projectId).where("active", "=", 1).orderBy("generation", "desc"),
);

/** The project's active CAs, newest (highest generation) first. */
export async function listManagedCas(db: Kysely<Database>, projectId: string): Promise<ManagedCaRow[]> {
  return (await activeCasOfProject(db, projectId)).rows;
}

/** The project's newest active CA, which signs new certificates and the CRL. */
export async function findNewestManagedCa(db: Kysely<Database>, projectId: string): Promise<ManagedCaRow | undefined> {
  return (await listManagedCas(db, projectId))[0];
}
