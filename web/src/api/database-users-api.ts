import { requestJson } from "./http-client.js";
import { atlasPath } from "./api-paths.js";
import type { AtlasPage, DatabaseUser, DatabaseUserInput } from "./atlas-types.js";

/** One page of the project's database users, of those whose name contains `search` (ignoring case) when given. */
export async function listDatabaseUsers(groupId: string, params: { pageNum: number; itemsPerPage: number; search?: string }): Promise<{ users: DatabaseUser[]; totalCount: number }> {
  const query: Record<string, string | number> = { pageNum: params.pageNum, itemsPerPage: params.itemsPerPage };
  // `usernameContains` is certgate's extension of Atlas's list (docs/admin-api.md).
  if (params.search) query.usernameContains = params.search;
  const page = await requestJson<AtlasPage<DatabaseUser>>("GET", atlasPath("groups", groupId, "databaseUsers"), { query });
  return { users: page.results, totalCount: page.totalCount ?? page.results.length };
}

/** Creates a database user. */
export function createDatabaseUser(groupId: string, input: DatabaseUserInput): Promise<DatabaseUser> {
  return requestJson<DatabaseUser>("POST", atlasPath("groups", groupId, "databaseUsers"), { body: { ...input, groupId } });
}

/** Replaces a user's roles (Atlas's PATCH). */
export function updateDatabaseUserRoles(groupId: string, user: DatabaseUser, roles: DatabaseUser["roles"]): Promise<DatabaseUser> {
  return requestJson<DatabaseUser>("PATCH", atlasPath("groups", groupId, "databaseUsers", user.databaseName, user.username), { body: { roles } });
}

/** Deletes a database user (its managed certificates are revoked by the server). */
export async function deleteDatabaseUser(groupId: string, user: DatabaseUser): Promise<void> {
  await requestJson<void>("DELETE", atlasPath("groups", groupId, "databaseUsers", user.databaseName, user.username));
}
