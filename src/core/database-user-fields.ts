/**
 * The list-valued and dated fields of a database user: roles (atlas-api.md §4.2–4.3), scopes, labels and
 * the expiry of a temporary user. Each refusal carries Atlas's error code.
 */
import { ADMIN_ONLY_ROLES, COLLECTION_SCOPED_ROLES, DATABASE_USER_BUILTIN_ROLES } from "../roles/index.js";
import { collectionNameProblem, databaseNameProblem } from "./namespace-names.js";
import { CoreError } from "./core-error.js";
import { USER_SCOPE_TYPES, type ComponentLabel, type DatabaseUserRole, type UserScope } from "./types.js";

const MAX_TEMPORARY_DAYS = 7;
const SCOPE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;

/** INVALID_ATTRIBUTE naming the field. */
export function invalid(field: string): CoreError {
  return new CoreError("INVALID_ATTRIBUTE", `Invalid attribute ${field} specified.`, [field]);
}

/** MISSING_ATTRIBUTE naming the field. */
export function missing(field: string): CoreError {
  return new CoreError("MISSING_ATTRIBUTE", `The required attribute ${field} was not specified.`, [field]);
}

/**
 * Checks the roles: each a built-in role where it exists or one of the project's custom roles on admin,
 * collections only for read and readWrite, no duplicates, and a custom role held alone.
 */
export function checkRoles(value: unknown, username: string, customRoleNames: ReadonlySet<string>): DatabaseUserRole[] {
  if (value === undefined || value === null) throw missing("roles");
  if (!Array.isArray(value)) throw invalid("roles");
  const roles: DatabaseUserRole[] = [];
  const seen = new Set<string>();
  for (const entry of value as unknown[]) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw invalid("roles");
    for (const key of Object.keys(entry)) {
      if (!["roleName", "databaseName", "collectionName"].includes(key)) throw invalid(`roles.${key}`);
    }
    const { roleName, databaseName, collectionName } = entry as Record<string, unknown>;
    if (typeof roleName !== "string" || roleName.length === 0) throw missing("roles.roleName");
    if (typeof databaseName !== "string" || databaseName.length === 0) throw missing("roles.databaseName");
    if (collectionName !== undefined && collectionName !== null && typeof collectionName !== "string") {
      throw invalid("roles.collectionName");
    }
    const role: DatabaseUserRole = { roleName, databaseName };
    if (typeof collectionName === "string" && collectionName !== "") role.collectionName = collectionName;
    checkRole(role, customRoleNames);
    const key = JSON.stringify([role.roleName, role.databaseName, role.collectionName ?? ""]);
    if (seen.has(key)) {
      const shown = `${role.roleName}@${role.databaseName}${role.collectionName ? `.${role.collectionName}` : ""}`;
      throw new CoreError("DUPLICATE_DATABASE_ROLES", `Duplicate database roles specified for user ${username}: ${shown}.`, [
        username,
        shown,
      ]);
    }
    seen.add(key);
    roles.push(role);
  }
  if (roles.length > 1 && roles.some((role) => customRoleNames.has(role.roleName) && role.databaseName === "admin")) {
    throw new CoreError(
      "ATLAS_INVALID_CUSTOM_ROLE_ASSIGNMENT",
      "If assigned a custom DB role, a user can only be assigned one role.",
    );
  }
  return roles;
}

function checkRole(role: DatabaseUserRole, customRoleNames: ReadonlySet<string>): void {
  const { roleName, databaseName, collectionName } = role;
  const dbProblem = databaseNameProblem(databaseName);
  if (dbProblem !== undefined || databaseName === "$external") {
    throw new CoreError("INVALID_DATABASE_NAME", `Invalid database name specified: ${databaseName}.`, [databaseName]);
  }
  const isBuiltin = (DATABASE_USER_BUILTIN_ROLES as readonly string[]).includes(roleName);
  const isCustom = customRoleNames.has(roleName);
  if (!isBuiltin && !isCustom) {
    throw new CoreError("ATLAS_INVALID_ROLE", `The specified role ${roleName}@${databaseName} does not exist.`, [roleName, databaseName]);
  }
  // Custom roles are defined on admin; Atlas refuses them elsewhere with UNSUPPORTED_ROLE.
  if (isCustom && !isBuiltin && databaseName !== "admin") {
    throw new CoreError("UNSUPPORTED_ROLE", `The provided role is not supported: custom role ${roleName} is granted on admin, not ${databaseName}.`, [
      roleName,
    ]);
  }
  if ((ADMIN_ONLY_ROLES as readonly string[]).includes(roleName) && databaseName !== "admin") {
    throw new CoreError("ATLAS_INVALID_ROLE_DATABASE", `The specified role ${roleName} only exists for database admin.`, [
      roleName,
      "admin",
    ]);
  }
  if (collectionName !== undefined) {
    if (!(COLLECTION_SCOPED_ROLES as readonly string[]).includes(roleName) || isCustom) throw invalid("roles.collectionName");
    if (collectionNameProblem(collectionName) !== undefined) {
      throw new CoreError("INVALID_COLLECTION_NAME", `Invalid collection names specified: ${collectionName}.`, [collectionName]);
    }
  }
}

/** Checks `scopes`: cluster or data lake names with their type. */
export function checkScopes(value: unknown): UserScope[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid("scopes");
  return (value as unknown[]).map((entry) => {
    if (typeof entry !== "object" || entry === null) throw invalid("scopes");
    const { name, type, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw invalid(`scopes.${Object.keys(rest)[0]}`);
    if (typeof name !== "string" || !SCOPE_NAME.test(name)) throw invalid("scopes.name");
    if (typeof type !== "string" || !(USER_SCOPE_TYPES as readonly string[]).includes(type)) {
      throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${String(type)} was specified.`, [String(type)]);
    }
    return { name, type: type as UserScope["type"] };
  });
}

/** Checks `labels`: keys and values of 1..255 characters. */
export function checkLabels(value: unknown): ComponentLabel[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid("labels");
  return (value as unknown[]).map((entry) => {
    if (typeof entry !== "object" || entry === null) throw invalid("labels");
    const { key, value: labelValue, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw invalid(`labels.${Object.keys(rest)[0]}`);
    if (typeof key !== "string" || key.length < 1 || key.length > 255) throw invalid("labels.key");
    if (typeof labelValue !== "string" || labelValue.length < 1 || labelValue.length > 255) throw invalid("labels.value");
    return { key, value: labelValue };
  });
}

/** Checks a temporary user's expiry: in the future and at most a week away; answers Atlas's second-precision form. */
export function checkDeleteAfterDate(value: string, now: Date): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw invalid("deleteAfterDate");
  if (at.getTime() <= now.getTime()) {
    throw new CoreError("EXPIRATION_DATE_IN_PAST", "The specified expiration date must be in the future.");
  }
  if (at.getTime() > now.getTime() + MAX_TEMPORARY_DAYS * 24 * 3600 * 1000) {
    throw new CoreError(
      "EXPIRATION_DATE_EXCEEDS_MAX",
      `The specified expiration date can be at most ${MAX_TEMPORARY_DAYS} days in the future.`,
      [String(MAX_TEMPORARY_DAYS)],
    );
  }
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}
