/** A project's LDAP settings and verify requests. The tables are declared in `ldap-schema.ts`. */
import type { Kysely, Selectable } from "kysely";
import type { LdapDatabase, LdapSettingsTable, LdapVerifyRequestsTable } from "../ldap-schema.js";
import type { Database } from "../schema.js";

/** A stored settings row. */
export type LdapSettingsRow = Selectable<LdapSettingsTable>;
/** A stored verify request. */
export type LdapVerifyRequestRow = Selectable<LdapVerifyRequestsTable>;

/** The LDAP tables on any store or transaction handle. */
function ldapDb(db: Kysely<Database>): Kysely<Database & LdapDatabase> {
  return db.withTables<LdapDatabase>();
}

/** The project's settings row, if it has one. */
export async function findLdapSettings(db: Kysely<Database>, projectId: string): Promise<LdapSettingsRow | undefined> {
  return ldapDb(db).selectFrom("ldap_settings").selectAll().where("project_id", "=", projectId).executeTakeFirst();
}

/** Stores the project's settings, replacing the previous row. */
export async function saveLdapSettings(db: Kysely<Database>, row: LdapSettingsRow): Promise<void> {
  await ldapDb(db)
    .insertInto("ldap_settings")
    .values(row)
    .onConflict((oc) =>
      oc.column("project_id").doUpdateSet({ settings: row.settings, sealed_bind_password: row.sealed_bind_password, updated_at: row.updated_at }),
    )
    .execute();
}

/** Records a verify request. */
export async function insertLdapVerifyRequest(db: Kysely<Database>, row: LdapVerifyRequestRow): Promise<void> {
  await ldapDb(db).insertInto("ldap_verify_requests").values(row).execute();
}

/** One verify request of the project. */
export async function findLdapVerifyRequest(db: Kysely<Database>, projectId: string, id: string): Promise<LdapVerifyRequestRow | undefined> {
  return ldapDb(db)
    .selectFrom("ldap_verify_requests")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();
}
