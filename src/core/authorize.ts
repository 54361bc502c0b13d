/** The one access check every operator-facing use case runs first. */
import { findProject, type ProjectRow } from "../store/repos/organizations.js";
import type { CoreContext } from "./core-context.js";
import { CoreError } from "./core-error.js";
import { isAtlasId } from "./ids.js";
import { ORG_WIDE_PROJECT_ROLES, PERMISSION_ROLES } from "./permissions.js";
import type { Actor, Permission } from "./types.js";

/**
 * Returns the project when `actor` holds `permission` in it.
 * - INVALID_GROUP_ID: `groupId` is not a 24-hex id;
 * - GROUP_NOT_FOUND: no such project;
 * - NOT_IN_GROUP: the actor has no access to the project (another organization, or no role in it);
 * - USER_UNAUTHORIZED: the actor can see the project but no role of it grants `permission`.
 */
export async function authorizeProject(
  ctx: CoreContext,
  actor: Actor,
  groupId: string,
  permission: Permission,
): Promise<ProjectRow> {
  if (!isAtlasId(groupId)) throw new CoreError("INVALID_GROUP_ID", `An invalid group ID ${groupId} was specified.`, [groupId]);
  const project = await findProject(ctx.store.db, groupId);
  if (project === undefined) throw new CoreError("GROUP_NOT_FOUND", `No group with ID ${groupId} exists.`, [groupId]);
  const orgRoles = project.org_id === actor.orgId ? actor.orgRoles : [];
  // Own entries only: a role list is never read off the prototype chain.
  const groupRoles = Object.hasOwn(actor.groupRoles, groupId) ? (actor.groupRoles[groupId] ?? []) : [];
  const hasAccess = groupRoles.length > 0 || orgRoles.some((role) => ORG_WIDE_PROJECT_ROLES.includes(role));
  if (!hasAccess) {
    throw new CoreError("NOT_IN_GROUP", "The current user is not in the group, or the group does not exist.", [groupId]);
  }
  const granting = PERMISSION_ROLES[permission];
  const allowed =
    orgRoles.some((role) => granting.org.includes(role)) || groupRoles.some((role) => granting.group.includes(role));
  if (!allowed) throw new CoreError("USER_UNAUTHORIZED", "Current user is not authorized to perform this action.");
  return project;
}
