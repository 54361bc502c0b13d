import { requestJson } from "./http-client.js";
import { ALL_ITEMS, atlasPath } from "./api-paths.js";
import type { AtlasPage, DatabaseUser, DatabaseUserInput } from "./atlas-types.js";

/** The project's database users. */
export async function listDatabaseUsers(groupId: string): Promise<DatabaseUser[]> {
  return (await requestJson<AtlasPage<DatabaseUser>>("GET", atlasPath("groups", groupId, "databaseUsers"), { query: ALL_ITEMS })).results;
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
