/** API keys and their project roles. */
import type { Kysely, Selectable } from "kysely";
import type { ApiKeysTable, Database } from "../schema.js";
import { readCreationOrderedPage, type RowPage, type RowWindow } from "./row-page.js";
import { compiledOnce } from "../compiled-once.js";
import { findRow, insertRow } from "./table-rows.js";

/** A stored API key (private key sealed). */
export type ApiKeyRow = Selectable<ApiKeysTable>;

/** Inserts an API key. */
export async function createApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<void> {
  await insertRow(db, "api_keys", row);
}

const apiKeyByPublicKey = compiledOnce(1, (db, publicKey: string) => db.selectFrom("api_keys").selectAll().where("public_key", "=", publicKey));

/** The key with this public key, if any (every digest-authenticated request asks). */
export async function findApiKeyByPublicKey(db: Kysely<Database>, publicKey: string): Promise<ApiKeyRow | undefined> {
  return (await apiKeyByPublicKey(db, publicKey)).rows[0];
}

const apiKeyWithGrants = compiledOnce(1, (db, publicKey: string) =>
  db
    .selectFrom("api_keys")
    .leftJoin("api_key_project_roles", "api_key_project_roles.api_key_id", "api_keys.id")
    .selectAll("api_keys")
    .select(["api_key_project_roles.project_id as grant_project_id", "api_key_project_roles.roles as grant_roles"])
    .where("api_keys.public_key", "=", publicKey)
    .orderBy("api_key_project_roles.project_id"),
);

/**
 * The key with this public key and its roles per project (JSON arrays, as stored), read by one
 * statement: every digest-authenticated request asks, and one statement is one snapshot and one
 * read transaction instead of two.
 */
export async function findApiKeyWithProjectRoles(
  db: Kysely<Database>,
  publicKey: string,
): Promise<{ key: ApiKeyRow; grants: { project_id: string; roles: string }[] } | undefined> {
  const { rows } = await apiKeyWithGrants(db, publicKey);
  const first = rows[0];
  if (first === undefined) return undefined;
  const { grant_project_id: _project, grant_roles: _roles, ...key } = first;
  const grants: { project_id: string; roles: string }[] = [];
  for (const row of rows) {
    if (row.grant_project_id !== null && row.grant_roles !== null) grants.push({ project_id: row.grant_project_id, roles: row.grant_roles });
  }
  return { key, grants };
}

/** The key with this id, if any. */
export async function findApiKey(db: Kysely<Database>, id: string): Promise<ApiKeyRow | undefined> {
  return findRow(db, "api_keys", { id });
}

/** Any one stored key with its sealed private key (to check that the master key opens the store's secrets). */
export async function findAnySealedApiKey(db: Kysely<Database>): Promise<Pick<ApiKeyRow, "id" | "sealed_private_key"> | undefined> {
  return db.selectFrom("api_keys").select(["id", "sealed_private_key"]).limit(1).executeTakeFirst();
}

/** One page of an organization's keys, oldest first, and their total when counted. */
export async function listApiKeys(db: Kysely<Database>, orgId: string, window: RowWindow): Promise<RowPage<ApiKeyRow>> {
  const query = db.selectFrom("api_keys").where("org_id", "=", orgId);
  return readCreationOrderedPage(window, query);
}

/** Sets (replaces) a key's roles in one project. */
export async function setApiKeyProjectRoles(
  db: Kysely<Database>,
  apiKeyId: string,
  projectId: string,
  rolesJson: string,
): Promise<void> {
  await db
    .insertInto("api_key_project_roles")
    .values({ api_key_id: apiKeyId, project_id: projectId, roles: rolesJson })
    .onConflict((oc) => oc.columns(["api_key_id", "project_id"]).doUpdateSet({ roles: rolesJson }))
    .execute();
}

const projectRolesOfOneKey = compiledOnce(1, (db, apiKeyId: string) =>
  db.selectFrom("api_key_project_roles").select(["api_key_id", "project_id", "roles"]).where("api_key_id", "=", apiKeyId).orderBy("project_id"),
);

/** A key's roles per project, as stored (JSON arrays). */
export async function listApiKeyProjectRoles(
  db: Kysely<Database>,
  apiKeyIds: readonly string[],
): Promise<{ api_key_id: string; project_id: string; roles: string }[]> {
  if (apiKeyIds.length === 0) return [];
  if (apiKeyIds.length === 1) return (await projectRolesOfOneKey(db, apiKeyIds[0] as string)).rows;
  return db
    .selectFrom("api_key_project_roles")
    .select(["api_key_id", "project_id", "roles"])
    .where("api_key_id", "in", apiKeyIds)
    .orderBy("project_id")
    .execute();
}
