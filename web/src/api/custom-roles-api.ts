import { requestJson } from "./http-client.js";
import { atlasPath } from "./api-paths.js";
import type { CustomRole } from "./atlas-types.js";

/** The project's custom roles (Atlas answers a bare array). */
export function listCustomRoles(groupId: string): Promise<CustomRole[]> {
  return requestJson<CustomRole[]>("GET", atlasPath("groups", groupId, "customDBRoles", "roles"));
}

/** Creates a custom role. */
export function createCustomRole(groupId: string, role: CustomRole): Promise<CustomRole> {
  return requestJson<CustomRole>("POST", atlasPath("groups", groupId, "customDBRoles", "roles"), { body: role });
}

/** Replaces a custom role's actions and inherited roles. */
export function updateCustomRole(groupId: string, role: CustomRole): Promise<CustomRole> {
  const body = { actions: role.actions, inheritedRoles: role.inheritedRoles };
  return requestJson<CustomRole>("PATCH", atlasPath("groups", groupId, "customDBRoles", "roles", role.roleName), { body });
}

/** Deletes a custom role. */
export async function deleteCustomRole(groupId: string, roleName: string): Promise<void> {
  await requestJson<void>("DELETE", atlasPath("groups", groupId, "customDBRoles", "roles", roleName));
}
