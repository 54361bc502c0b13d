import { PERMISSION_ROLES } from "../../../src/core/permissions.js";
import type { Permission } from "../../../src/core/types.js";
import type { SessionPerson } from "../api/session-api.js";

export type { Permission };

/**
 * Whether `person` holds `permission` in a project of organization `orgId`, read from the same role
 * table the server's `authorize` uses. It only decides which controls to show: the API checks again.
 */
export function hasPermission(person: SessionPerson, permission: Permission, groupId: string, orgId: string): boolean {
  const rule = PERMISSION_ROLES[permission];
  const viaOrg = person.orgId === orgId && person.orgRoles.some((role) => (rule.org as readonly string[]).includes(role));
  const viaGroup = (person.groupRoles[groupId] ?? []).some((role) => (rule.group as readonly string[]).includes(role));
  return viaOrg || viaGroup;
}
