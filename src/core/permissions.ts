/**
 * Who may do what inside a project: one table, read by `authorize`.
 *
 * Rules (shared/DESIGN.md, last section, and atlas-api.md §1.6):
 * - ORG_OWNER holds every permission in every project of its organization (Atlas: "Project Owner access
 *   to all projects in the organization"); ORG_READ_ONLY reads every project of its organization.
 * - GROUP_OWNER, GROUP_DATABASE_ACCESS_ADMIN manage database users, certificates and custom roles.
 * - userSecurity (customer CAs, LDAP) needs ORG_OWNER or GROUP_OWNER, for reading too: Atlas's GET
 *   `userSecurity` requires Project Owner.
 * - Every project role reads the project (Atlas's project roles all include Project Read Only).
 */
import { GROUP_ROLES, ORG_ROLES, type GroupRole, type OrgRole, type Permission } from "./types.js";

/** The roles that grant each permission inside a project. */
export const PERMISSION_ROLES: Readonly<Record<Permission, { org: readonly OrgRole[]; group: readonly GroupRole[] }>> = {
  PROJECT_READ: { org: ["ORG_OWNER", "ORG_READ_ONLY"], group: GROUP_ROLES },
  PROJECT_DELETE: { org: ["ORG_OWNER"], group: ["GROUP_OWNER"] },
  DATABASE_ACCESS_WRITE: { org: ["ORG_OWNER"], group: ["GROUP_OWNER", "GROUP_DATABASE_ACCESS_ADMIN"] },
  USER_SECURITY_READ: { org: ["ORG_OWNER"], group: ["GROUP_OWNER"] },
  USER_SECURITY_WRITE: { org: ["ORG_OWNER"], group: ["GROUP_OWNER"] },
  PROJECT_API_KEYS_WRITE: { org: ["ORG_OWNER"], group: ["GROUP_OWNER"] },
  CLUSTERS_WRITE: { org: ["ORG_OWNER"], group: ["GROUP_OWNER", "GROUP_CLUSTER_MANAGER"] },
  // Atlas's "Project Alerts Manager" has no role id among certgate's; its owners manage alerts.
  ALERT_CONFIGS_WRITE: { org: ["ORG_OWNER"], group: ["GROUP_OWNER"] },
};

/** Organization roles that see every project of the organization even without a project role. */
export const ORG_WIDE_PROJECT_ROLES: readonly OrgRole[] = ["ORG_OWNER", "ORG_READ_ONLY"];

/** Organization roles that may create projects. */
export const PROJECT_CREATOR_ROLES: readonly OrgRole[] = ["ORG_OWNER", "ORG_GROUP_CREATOR"];

/** Organization roles that may read the organization and its API keys: every one of them. */
export const ORG_READER_ROLES: readonly OrgRole[] = ORG_ROLES;
