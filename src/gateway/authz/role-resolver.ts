import { serverActionFor, type ActionType, type DatabaseUserRole } from "../../roles/index.js";
import { AuthzError } from "./authz-error.js";
import { builtinRole } from "./builtin-roles.js";
import { PrivilegeSet, type Privilege } from "./privilege-set.js";
import { parseResource } from "./resource.js";
import { ATLAS_COLLECTION_READ_ACTIONS, ATLAS_COLLECTION_READ_WRITE_ACTIONS } from "./role-actions.js";
import { instantiatePattern } from "./role-template.js";

/** A role granted to a database user, in the Atlas API's shape. */
export type UserRole = DatabaseUserRole;

/** A resource in an Atlas custom role's action: a namespace (empty strings widen it) or the cluster. */
export interface CustomRoleResource {
  db?: string;
  collection?: string;
  cluster?: boolean;
}

/** An Atlas custom role (`/groups/{id}/customDBRoles/roles`); custom roles live in `admin`. */
export interface CustomRole {
  roleName: string;
  actions?: Array<{ action: string; resources: CustomRoleResource[] }>;
  inheritedRoles?: Array<{ role: string; db: string }>;
}

/** A role a user holds directly or through inheritance, as `connectionStatus` lists it. */
export interface HeldRole {
  role: string;
  db: string;
  /** Set for Atlas's collection-scoped roles. */
  collection?: string;
}

/** The outcome of {@link resolveRoles}: the compiled privileges and every role held. */
export interface ResolvedRoles {
  privileges: PrivilegeSet;
  roles: HeldRole[];
}

const CUSTOM_ROLE_DB = "admin";

/**
 * Expands a user's roles (built-in, Atlas collection-scoped, and custom roles with their inherited roles)
 * into a compiled {@link PrivilegeSet}. Throws {@link AuthzError} naming the role for an unknown role, a
 * built-in admin-only role granted elsewhere, a collection scope on a role that has none, an unknown
 * action, or an inheritance cycle.
 */
export function resolveRoles(userRoles: readonly UserRole[], customRoles: readonly CustomRole[] = []): ResolvedRoles {
  const custom = new Map(customRoles.map((r) => [r.roleName, r]));
  for (const name of custom.keys()) {
    if (builtinRole(name)) throw new AuthzError("INVALID_SCOPE", `custom role "${name}" has the name of a built-in role`);
  }
  const privileges: Privilege[] = [];
  const held = new Map<string, HeldRole>();
  const done = new Set<string>();

  const visit = (role: string, db: string, path: string[]): void => {
    const key = `${role}@${db}`;
    if (path.includes(key)) {
      throw new AuthzError("ROLE_CYCLE", `role inheritance cycle: ${[...path.slice(path.indexOf(key)), key].join(" -> ")}`);
    }
    if (done.has(key)) return;
    const definition = custom.get(role);
    if (definition !== undefined && db === CUSTOM_ROLE_DB) {
      held.set(key, { role, db });
      privileges.push(...customPrivileges(definition));
      for (const inherited of definition.inheritedRoles ?? []) visit(inherited.role, inherited.db, [...path, key]);
    } else {
      const builtin = builtinRole(role);
      if (builtin === undefined) throw new AuthzError("UNKNOWN_ROLE", `role "${key}" does not exist`);
      if (builtin.adminOnly === true && db !== "admin") throw new AuthzError("UNKNOWN_ROLE", `role "${key}" does not exist: ${role} can only be granted on admin`);
      held.set(key, { role, db });
      for (const p of builtin.privileges) privileges.push({ resource: instantiatePattern(p.on, db), actions: [...p.actions] });
      for (const inherited of builtin.roles ?? []) visit(inherited.role, inherited.db ?? db, [...path, key]);
    }
    done.add(key);
  };

  for (const userRole of userRoles) {
    if (userRole.collectionName) {
      privileges.push(collectionScoped(userRole, userRole.collectionName));
      const key = `${userRole.roleName}@${userRole.databaseName}.${userRole.collectionName}`;
      held.set(key, { role: userRole.roleName, db: userRole.databaseName, collection: userRole.collectionName });
    } else {
      visit(userRole.roleName, userRole.databaseName, []);
    }
  }
  return { privileges: PrivilegeSet.from(privileges), roles: [...held.values()] };
}

function collectionScoped(role: UserRole, collection: string): Privilege {
  const resource = { kind: "exactNamespace", db: role.databaseName, collection } as const;
  if (role.roleName === "read") return { resource, actions: [...ATLAS_COLLECTION_READ_ACTIONS] };
  if (role.roleName === "readWrite") return { resource, actions: [...ATLAS_COLLECTION_READ_WRITE_ACTIONS] };
  throw new AuthzError("INVALID_SCOPE", `role "${role.roleName}" cannot be scoped to collection "${role.databaseName}.${collection}": only read and readWrite can`);
}

function customPrivileges(role: CustomRole): Privilege[] {
  const result: Privilege[] = [];
  for (const entry of role.actions ?? []) {
    const action = serverActionFor(entry.action);
    if (action === undefined) throw new AuthzError("UNKNOWN_ACTION", `custom role "${role.roleName}" names unknown action "${entry.action}"`);
    if (action === null) continue;
    const actions: ActionType[] = [action];
    for (const resource of entry.resources) {
      try {
        const doc = resource.cluster === true ? { cluster: true } : { db: resource.db ?? "", collection: resource.collection ?? "" };
        result.push({ resource: parseResource(doc), actions });
      } catch (cause) {
        throw new AuthzError("INVALID_RESOURCE", `custom role "${role.roleName}" has an invalid resource for ${entry.action}: ${String(cause)}`, { cause });
      }
    }
  }
  return result;
}
