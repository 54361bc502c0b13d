/**
 * Atlas's rules for a custom database role (atlas-api.md §5): a name of ASCII letters, digits, `-` and
 * `_` that is neither reserved (`xgen-`) nor a built-in role's; known actions on resources that suit
 * them, without duplicates; inherited roles that exist, never the role itself; at least one permission.
 */
import {
  ANY_DATABASE_INHERITABLE_ROLES,
  INHERITABLE_BUILTIN_ROLES,
  RESERVED_ROLE_NAMES,
  actionResourceKind,
  isCustomRoleAction,
  type CustomRoleActionName,
} from "../roles/index.js";
import { CoreError } from "./core-error.js";
import { collectionNameProblem, databaseNameProblem } from "./namespace-names.js";
import type { CustomRole, CustomRoleAction, CustomRoleResource, InheritedRole } from "./types.js";

const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function invalid(field: string): CoreError {
  return new CoreError("INVALID_ATTRIBUTE", `Invalid attribute ${field} specified.`, [field]);
}

/** Checks a new role's name. */
export function checkRoleName(roleName: unknown): string {
  if (typeof roleName !== "string" || !ROLE_NAME.test(roleName)) {
    const shown = String(roleName);
    throw new CoreError(
      "ATLAS_CUSTOM_ROLE_INVALID_NAME",
      `The custom role name ${shown} is invalid: it must be a non-empty string made up of only ASCII letters, numbers, hyphens, and underscores, and should begin with a letter or number.`,
      [shown],
    );
  }
  if (roleName.toLowerCase().startsWith("xgen-")) {
    throw new CoreError("ATLAS_RESERVED_CUSTOM_ROLE_RESTRICTED", `The custom role name ${roleName} uses the reserved prefix xgen-.`, [roleName]);
  }
  if (RESERVED_ROLE_NAMES.includes(roleName)) {
    throw new CoreError("ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED", `The custom role name ${roleName} is the name of a built-in role.`, [roleName]);
  }
  return roleName;
}

function checkResource(action: CustomRoleActionName, value: unknown): CustomRoleResource {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw invalid("actions.resources");
  const { db, collection, cluster, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw invalid(`actions.resources.${Object.keys(rest)[0]}`);
  const wrongResource = new CoreError("ATLAS_INVALID_RESOURCE", "One or more of the selected actions was applied to an incorrect resource.", [action]);
  // Atlas ignores db and collection when cluster is true.
  if (cluster === true) {
    if (actionResourceKind(action) === "namespace") throw wrongResource;
    return { cluster: true };
  }
  if (cluster !== undefined && cluster !== false) throw invalid("actions.resources.cluster");
  if (typeof db !== "string") throw wrongResource;
  if (actionResourceKind(action) === "cluster") throw wrongResource;
  // An empty db means "every database", as mongod's resource patterns allow.
  if (db !== "" && databaseNameProblem(db) !== undefined) {
    throw new CoreError("INVALID_DATABASE_NAME", `Invalid database name specified: ${db}.`, [db]);
  }
  if (collection === undefined || collection === null || collection === "") return { db };
  if (typeof collection !== "string") throw invalid("actions.resources.collection");
  if (collectionNameProblem(collection) !== undefined) {
    throw new CoreError("INVALID_COLLECTION_NAME", `Invalid collection names specified: ${collection}.`, [collection]);
  }
  return { db, collection };
}

/** Checks the `actions` array; refuses unknown actions, unsuitable resources and duplicates. */
export function checkActions(value: unknown): CustomRoleAction[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid("actions");
  const seenActions = new Set<string>();
  return (value as unknown[]).map((entry) => {
    if (typeof entry !== "object" || entry === null) throw invalid("actions");
    const { action, resources, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw invalid(`actions.${Object.keys(rest)[0]}`);
    if (typeof action !== "string" || !isCustomRoleAction(action)) {
      throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${String(action)} was specified.`, [String(action)]);
    }
    if (seenActions.has(action)) {
      throw new CoreError("ATLAS_DUPLICATE_CUSTOM_ROLE_ACTION", `The action ${action} is specified more than once.`, [action]);
    }
    seenActions.add(action);
    if (!Array.isArray(resources) || resources.length === 0) {
      throw new CoreError("MISSING_ATTRIBUTE", "The required attribute actions.resources was not specified.", ["actions.resources"]);
    }
    const seenResources = new Set<string>();
    const checked = (resources as unknown[]).map((resource) => {
      const r = checkResource(action, resource);
      const key = JSON.stringify(r);
      if (seenResources.has(key)) {
        throw new CoreError("ATLAS_DUPLICATE_CUSTOM_ROLE_RESOURCE", `The action ${action} names the same resource more than once.`, [action]);
      }
      seenResources.add(key);
      return r;
    });
    return { action, resources: checked };
  });
}

/**
 * Checks `inheritedRoles`: each a built-in role (on `admin`, or any database for the database-scoped
 * ones) or another custom role of the project (on `admin`), never the role itself.
 */
export function checkInheritedRoles(value: unknown, roleName: string, customRoleNames: ReadonlySet<string>): InheritedRole[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid("inheritedRoles");
  const seen = new Set<string>();
  const result: InheritedRole[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry !== "object" || entry === null) throw invalid("inheritedRoles");
    const { db, role, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw invalid(`inheritedRoles.${Object.keys(rest)[0]}`);
    if (typeof db !== "string" || typeof role !== "string") throw invalid("inheritedRoles");
    if (role === roleName) {
      throw new CoreError("ATLAS_INVALID_CUSTOM_ROLE_SELF_REFERENTIAL", `The custom role ${roleName} cannot inherit itself.`, [roleName]);
    }
    const builtin = (INHERITABLE_BUILTIN_ROLES as readonly string[]).includes(role);
    if (!builtin && !customRoleNames.has(role)) {
      throw new CoreError("ATLAS_INVALID_ROLE", `The specified role ${role}@${db} does not exist.`, [role, db]);
    }
    const anyDatabase = builtin && (ANY_DATABASE_INHERITABLE_ROLES as readonly string[]).includes(role);
    if (!anyDatabase && db !== "admin") {
      throw new CoreError("ATLAS_INVALID_CUSTOM_ROLE_INHERITANCE", `The role ${role} can only be inherited on the admin database.`, [role, db]);
    }
    if (anyDatabase && databaseNameProblem(db) !== undefined) {
      throw new CoreError("INVALID_DATABASE_NAME", `Invalid database name specified: ${db}.`, [db]);
    }
    const key = `${role}@${db}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ db, role });
  }
  return result;
}

/** Refuses a role without a single permission. */
export function checkHasPermissions(role: CustomRole): void {
  if (role.actions.length === 0 && role.inheritedRoles.length === 0) {
    throw new CoreError("ATLAS_CUSTOM_ROLE_HAS_NO_PERMISSIONS", `The custom role ${role.roleName} has no actions and no inherited roles.`, [
      role.roleName,
    ]);
  }
}

/**
 * Refuses an inheritance cycle: following inherited custom roles from `roleName` (with its new
 * `inheritedRoles`) must never lead back to it.
 */
export function checkNoCycle(roleName: string, inherited: readonly InheritedRole[], graph: ReadonlyMap<string, readonly string[]>): void {
  const stack = inherited.map((r) => r.role).filter((r) => graph.has(r));
  const visited = new Set<string>();
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (current === roleName) {
      throw new CoreError("ATLAS_INVALID_CUSTOM_ROLE_CIRCULAR_DEPENDENCY", `The custom role ${roleName} would inherit itself through other roles.`, [
        roleName,
      ]);
    }
    if (visited.has(current)) continue;
    visited.add(current);
    stack.push(...(graph.get(current) ?? []));
  }
}
