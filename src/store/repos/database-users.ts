/** Database users. */
import { sql, type Kysely, type Selectable, type Updateable } from "kysely";
import { compiledOnce } from "../compiled-once.js";
import type { Database, DatabaseUsersTable } from "../schema.js";
import { readCreationOrderedPage, readRowPage, type RowPage, type RowWindow } from "./row-page.js";
import { insertRow } from "./table-rows.js";

/** A stored database user. */
export type DatabaseUserRow = Selectable<DatabaseUsersTable>;

/** Inserts a user; the unique (project, database, username) constraint refuses a duplicate. */
export async function createDatabaseUser(db: Kysely<Database>, row: DatabaseUserRow): Promise<void> {
  await insertRow(db, "database_users", row);
}

const userByName = compiledOnce(3, (db, projectId: string, databaseName: string, username: string) =>
  db.selectFrom("database_users").selectAll().where("project_id", "=", projectId).where("database_name", "=", databaseName).where("username", "=", username),
);

/** The user, if any. */
export async function findDatabaseUser(
  db: Kysely<Database>,
  projectId: string,
  databaseName: string,
  username: string,
): Promise<DatabaseUserRow | undefined> {
  return (await userByName(db, projectId, databaseName, username)).rows[0];
}

/**
 * One page of a project's users, oldest first, and their total. `usernameContains` keeps the users whose
 * name holds that text, ignoring ASCII case; they are then counted, not read from the kept count.
 */
export async function listDatabaseUsers(
  db: Kysely<Database>,
  projectId: string,
  window: RowWindow,
  filter: { usernameContains?: string } = {},
): Promise<RowPage<DatabaseUserRow>> {
  const needle = filter.usernameContains;
  if (needle === undefined || needle === "") {
    return readRowPage(
      window,
      (offset, limit) => db.selectFrom("database_users").selectAll().where("project_id", "=", projectId).orderBy("created_at").orderBy("id").offset(offset).limit(limit).execute(),
      () => countDatabaseUsers(db, projectId),
    );
  }
  const pattern = `%${likeLiteral(needle.toLowerCase())}%`;
  const matching = db.selectFrom("database_users").where("project_id", "=", projectId).where(sql<boolean>`lower(username) like ${pattern} escape '\\'`);
  return readCreationOrderedPage(window, matching);
}

/** LIKE pattern matching `text` literally (with `ESCAPE '\\'`). */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The project's users whose stored roles mention the role name `roleName` (the JSON text holds
 * `"roleName":<name>`), oldest first: the store narrows them down, the caller confirms on the parsed roles.
 */
export async function listUsersMentioningRole(db: Kysely<Database>, projectId: string, roleName: string): Promise<DatabaseUserRow[]> {
  const needle = `%${likeLiteral(`"roleName":${JSON.stringify(roleName)}`)}%`;
  return db
    .selectFrom("database_users")
    .selectAll()
    .where("project_id", "=", projectId)
    .where(sql<boolean>`roles like ${needle} escape '\\'`)
    .orderBy("created_at")
    .execute();
}

/** The project's users authorized through LDAP groups (`ldapAuthType: GROUP`), oldest first. */
export async function listLdapGroupUsers(db: Kysely<Database>, projectId: string): Promise<DatabaseUserRow[]> {
  return db
    .selectFrom("database_users")
    .selectAll()
    .where("project_id", "=", projectId)
    .where("ldap_auth_type", "=", "GROUP")
    .orderBy("created_at")
    .execute();
}

/**
 * How many users a project has: one row of `database_user_counts`, which triggers keep in the
 * transaction of every insert and delete of a user (migration 0930), so it costs the same at any size.
 */
export async function countDatabaseUsers(db: Kysely<Database>, projectId: string): Promise<number> {
  const count = await db.selectFrom("database_user_counts").select("user_count").where("project_id", "=", projectId).executeTakeFirst();
  return Number(count?.user_count ?? 0);
}

/** Updates the given columns of a user by id. */
export async function updateDatabaseUser(
  db: Kysely<Database>,
  id: string,
  changes: Updateable<DatabaseUsersTable>,
): Promise<void> {
  await db.updateTable("database_users").set(changes).where("id", "=", id).execute();
}

/** Deletes a user by id; its certificate records keep their serials with `database_user_id` NULL. */
export async function deleteDatabaseUser(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom("database_users").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
