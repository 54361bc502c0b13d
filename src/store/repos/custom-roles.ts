/** Custom database roles. */
import type { Kysely, Selectable } from "kysely";
import type { CustomRolesTable, Database } from "../schema.js";
import { findRow, insertRow } from "./table-rows.js";

/** A stored custom role. */
export type CustomRoleRow = Selectable<CustomRolesTable>;

/** Inserts a role; the (project, name) key refuses a duplicate. */
export async function createCustomRole(db: Kysely<Database>, row: CustomRoleRow): Promise<void> {
  await insertRow(db, "custom_roles", row);
}

/** The role, if any. */
export async function findCustomRole(db: Kysely<Database>, projectId: string, roleName: string): Promise<CustomRoleRow | undefined> {
  return findRow(db, "custom_roles", { project_id: projectId, role_name: roleName });
}

/** All roles of a project, by name. */
export async function listCustomRoles(db: Kysely<Database>, projectId: string): Promise<CustomRoleRow[]> {
  return db.selectFrom("custom_roles").selectAll().where("project_id", "=", projectId).orderBy("role_name").execute();
}

/** Replaces a role's actions and inherited roles. */
export async function updateCustomRole(
  db: Kysely<Database>,
  projectId: string,
  roleName: string,
  changes: { actions: string; inherited_roles: string; updated_at: string },
): Promise<void> {
  await db
    .updateTable("custom_roles")
    .set(changes)
    .where("project_id", "=", projectId)
    .where("role_name", "=", roleName)
    .execute();
}

/** Deletes a role; false if there was none. */
export async function deleteCustomRole(db: Kysely<Database>, projectId: string, roleName: string): Promise<boolean> {
  const result = await db
    .deleteFrom("custom_roles")
    .where("project_id", "=", projectId)
    .where("role_name", "=", roleName)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
