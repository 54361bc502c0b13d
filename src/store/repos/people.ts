/** People: the operators who sign in to the web UI, and their project roles. */
import type { Kysely, Selectable } from "kysely";
import type { Database, PeopleTable } from "../schema.js";
import { findRow, insertRow } from "./table-rows.js";

/** A stored person (password as an scrypt hash). */
export type PersonRow = Selectable<PeopleTable>;

/** Inserts a person. */
export async function createPersonRow(db: Kysely<Database>, row: PersonRow): Promise<void> {
  await insertRow(db, "people", row);
}

/** The person with this email (emails are stored lower-case), if any. */
export async function findPersonByEmail(db: Kysely<Database>, email: string): Promise<PersonRow | undefined> {
  return findRow(db, "people", { email });
}

/** The person with this id, if any. */
export async function findPerson(db: Kysely<Database>, id: string): Promise<PersonRow | undefined> {
  return findRow(db, "people", { id });
}

/** How many people an organization has. */
export async function countPeople(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom("people")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An organization's people with their email and organization roles (a JSON array). */
export async function listOrgPeopleRoles(db: Kysely<Database>, orgId: string): Promise<{ id: string; email: string; org_roles: string }[]> {
  return db.selectFrom("people").select(["id", "email", "org_roles"]).where("org_id", "=", orgId).execute();
}

/** Each person's roles in one project, as stored (JSON arrays). */
export async function listProjectPeopleRoles(db: Kysely<Database>, projectId: string): Promise<{ person_id: string; roles: string }[]> {
  return db.selectFrom("people_project_roles").select(["person_id", "roles"]).where("project_id", "=", projectId).execute();
}

/** A person's roles per project, as stored (JSON arrays). */
export async function listPersonProjectRoles(db: Kysely<Database>, personId: string): Promise<{ project_id: string; roles: string }[]> {
  return db.selectFrom("people_project_roles").select(["project_id", "roles"]).where("person_id", "=", personId).execute();
}

/** Sets (replaces) a person's roles in one project. */
export async function setPersonProjectRoles(db: Kysely<Database>, personId: string, projectId: string, rolesJson: string): Promise<void> {
  await db
    .insertInto("people_project_roles")
    .values({ person_id: personId, project_id: projectId, roles: rolesJson })
    .onConflict((oc) => oc.columns(["person_id", "project_id"]).doUpdateSet({ roles: rolesJson }))
    .execute();
}

/** Replaces a person's password hash; answers whether the person exists. */
export async function setPersonPasswordHash(db: Kysely<Database>, personId: string, passwordHash: string): Promise<boolean> {
  const result = await db.updateTable("people").set({ password_hash: passwordHash }).where("id", "=", personId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
