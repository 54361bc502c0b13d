/** API keys and their project roles. */
import type { Kysely, Selectable } from "kysely";
import type { ApiKeysTable, Database } from "../schema.js";

/** A stored API key (private key sealed). */
export type ApiKeyRow = Selectable<ApiKeysTable>;

/** Inserts an API key. */
export async function createApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<void> {
  await db.insertInto("api_keys").values(row).execute();
}

/** The key with this public key, if any. */
export async function findApiKeyByPublicKey(db: Kysely<Database>, publicKey: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom("api_keys").selectAll().where("public_key", "=", publicKey).executeTakeFirst();
}

/** The key with this id, if any. */
export async function findApiKey(db: Kysely<Database>, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom("api_keys").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Any one stored key with its sealed private key (to check that the master key opens the store's secrets). */
export async function findAnySealedApiKey(db: Kysely<Database>): Promise<Pick<ApiKeyRow, "id" | "sealed_private_key"> | undefined> {
  return db.selectFrom("api_keys").select(["id", "sealed_private_key"]).limit(1).executeTakeFirst();
}

/** One page of an organization's keys, oldest first, and their total. */
export async function listApiKeys(
  db: Kysely<Database>,
  orgId: string,
  window: { offset: number; limit: number },
): Promise<{ rows: ApiKeyRow[]; totalCount: number }> {
  const rows = await db
    .selectFrom("api_keys")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("created_at")
    .orderBy("id")
    .offset(window.offset)
    .limit(window.limit)
    .execute();
  const count = await db
    .selectFrom("api_keys")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  return { rows, totalCount: Number(count.n) };
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

/** A key's roles per project, as stored (JSON arrays). */
export async function listApiKeyProjectRoles(
  db: Kysely<Database>,
  apiKeyIds: readonly string[],
): Promise<{ api_key_id: string; project_id: string; roles: string }[]> {
  if (apiKeyIds.length === 0) return [];
  return db
    .selectFrom("api_key_project_roles")
    .select(["api_key_id", "project_id", "roles"])
    .where("api_key_id", "in", apiKeyIds)
    .orderBy("project_id")
    .execute();
}
