/** Organizations and projects. */
import { sql, type Kysely, type Selectable } from "kysely";
import { compiledOnce } from "../compiled-once.js";
import type { Database, OrganizationsTable, ProjectsTable } from "../schema.js";
import type { StoreDialect } from "../store.js";

/** A stored organization. */
export type OrganizationRow = Selectable<OrganizationsTable>;
/** A stored project. */
export type ProjectRow = Selectable<ProjectsTable>;

/** Inserts an organization. */
export async function createOrganization(db: Kysely<Database>, row: OrganizationRow): Promise<void> {
  await db.insertInto("organizations").values(row).execute();
}

/** The organization with this id, if any. */
export async function findOrganization(db: Kysely<Database>, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom("organizations").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Makes concurrent first starts against one PostgreSQL database wait for each other, so exactly one of
 * them creates the first organization. SQLite needs nothing: a second writer cannot commit on a stale read.
 */
export async function lockOrganizationsForBootstrap(db: Kysely<Database>, dialect: StoreDialect): Promise<void> {
  if (dialect === "postgres") await sql`LOCK TABLE organizations IN SHARE ROW EXCLUSIVE MODE`.execute(db);
}

/** The oldest organization (the one `bootstrap` created), if any. */
export async function findFirstOrganization(db: Kysely<Database>): Promise<OrganizationRow | undefined> {
  return db.selectFrom("organizations").selectAll().orderBy("created_at").orderBy("id").limit(1).executeTakeFirst();
}

/** Inserts a project. */
export async function createProject(db: Kysely<Database>, row: ProjectRow): Promise<void> {
  await db.insertInto("projects").values(row).execute();
}

// Every project-scoped Admin API request reads its project first.
const projectById = compiledOnce(1, (db, id: string) => db.selectFrom("projects").selectAll().where("id", "=", id));

/** The project with this id, if any. */
export async function findProject(db: Kysely<Database>, id: string): Promise<ProjectRow | undefined> {
  return (await projectById(db, id)).rows[0];
}

/** The project of that name among the given organizations, if any. */
export async function findProjectByName(
  db: Kysely<Database>,
  orgIds: readonly string[],
  name: string,
): Promise<ProjectRow | undefined> {
  if (orgIds.length === 0) return undefined;
  return db.selectFrom("projects").selectAll().where("org_id", "in", orgIds).where("name", "=", name).executeTakeFirst();
}

/** The projects of the given organizations plus the given project ids, oldest first. */
export async function listProjectsVisible(
  db: Kysely<Database>,
  orgIds: readonly string[],
  projectIds: readonly string[],
): Promise<ProjectRow[]> {
  if (orgIds.length === 0 && projectIds.length === 0) return [];
  return db
    .selectFrom("projects")
    .selectAll()
    .where((eb) => {
      const ors = [];
      if (orgIds.length > 0) ors.push(eb("org_id", "in", orgIds));
      if (projectIds.length > 0) ors.push(eb("id", "in", projectIds));
      return eb.or(ors);
    })
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** Deletes a project; its users, CAs, certificates, roles and grants go with it (ON DELETE CASCADE). */
export async function deleteProject(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom("projects").where("id", "=", id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Serializes writes that check and then change a project's contents (the user limit, a custom role
 * still in use): on PostgreSQL it locks the project's row until the transaction ends; SQLite runs one
 * write transaction at a time already. Call it first inside the transaction.
 */
export async function lockProjectForWrite(db: Kysely<Database>, dialect: StoreDialect, id: string): Promise<void> {
  if (dialect === "postgres") await db.selectFrom("projects").select("id").where("id", "=", id).forUpdate().execute();
}

/**
 * Locks a project's row with a no-op update: a row lock on PostgreSQL and the write lock on SQLite,
 * both taken before the transaction reads anything (the alert reconciliation's lock).
 */
export async function lockProjectRowByUpdate(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable("projects").set((eb) => ({ name: eb.ref("name") })).where("id", "=", id).execute();
}
