import { ADMIN_ONLY_ROLES as CORE_ADMIN_ONLY_ROLES, COLLECTION_SCOPED_ROLES, DATABASE_USER_BUILTIN_ROLES } from "../../../src/roles/index.js";
import type { DatabaseUserRole } from "../api/atlas-types.js";

/** The five ways the Add New Database User dialog assigns privileges, as in Atlas. */
export const PRIVILEGE_KINDS = ["atlasAdmin", "readWriteAnyDatabase", "readAnyDatabase", "customRole", "specific"] as const;
/** One way to assign privileges. */
export type PrivilegeKind = (typeof PRIVILEGE_KINDS)[number];

/** What each privilege choice is called in the dialog. */
export const PRIVILEGE_LABELS: Record<PrivilegeKind, string> = {
  atlasAdmin: "Atlas admin",
  readWriteAnyDatabase: "Read and write to any database",
  readAnyDatabase: "Only read any database",
  customRole: "Select Custom Role",
  specific: "Add Default Privileges",
};

/** Built-in roles offered under "Add Default Privileges" (Atlas admin has its own choice above). */
export const DEFAULT_PRIVILEGE_ROLES: readonly string[] = DATABASE_USER_BUILTIN_ROLES.filter((role) => role !== "atlasAdmin");

/** Roles that exist only on `admin`, where the dialog fixes the database. */
export const ADMIN_ONLY_ROLES: ReadonlySet<string> = new Set(CORE_ADMIN_ONLY_ROLES);

/** Roles that may be narrowed to one collection. */
export const COLLECTION_ROLES: ReadonlySet<string> = new Set(COLLECTION_SCOPED_ROLES);

/** One row of "Add Default Privileges". */
export interface PrivilegeRow {
  roleName: string;
  databaseName: string;
  collectionName: string;
}

/** The dialog's privilege state. */
export interface PrivilegeChoice {
  kind: PrivilegeKind;
  customRoleName: string;
  rows: PrivilegeRow[];
}

/** A fresh privilege state: Atlas's default is "Read and write to any database". */
export function initialPrivileges(): PrivilegeChoice {
  return { kind: "readWriteAnyDatabase", customRoleName: "", rows: [{ roleName: "readWrite", databaseName: "", collectionName: "" }] };
}

/** Turns the dialog's choice into Atlas `roles`, or explains what is missing. */
export function privilegesToRoles(choice: PrivilegeChoice): { roles: DatabaseUserRole[] } | { error: string } {
  switch (choice.kind) {
    case "atlasAdmin":
    case "readWriteAnyDatabase":
    case "readAnyDatabase":
      return { roles: [{ roleName: choice.kind, databaseName: "admin" }] };
    case "customRole":
      if (!choice.customRoleName) return { error: "Select a custom role." };
      return { roles: [{ roleName: choice.customRoleName, databaseName: "admin" }] };
    case "specific": {
      if (choice.rows.length === 0) return { error: "Add at least one role." };
      const roles: DatabaseUserRole[] = [];
      for (const [index, row] of choice.rows.entries()) {
        const databaseName = ADMIN_ONLY_ROLES.has(row.roleName) ? "admin" : row.databaseName.trim();
        if (!databaseName) return { error: `Role ${index + 1} (${row.roleName}): enter a database name.` };
        const collectionName = COLLECTION_ROLES.has(row.roleName) ? row.collectionName.trim() : "";
        roles.push(collectionName ? { roleName: row.roleName, databaseName, collectionName } : { roleName: row.roleName, databaseName });
      }
      return { roles };
    }
  }
}

/** A user's role as the table shows it: `readWrite@sales.orders`. */
export function describeRole(role: DatabaseUserRole): string {
  return `${role.roleName}@${role.databaseName}${role.collectionName ? `.${role.collectionName}` : ""}`;
}

/** Roles that are built in (every other role name is a custom role). */
const BUILTIN_ROLES: ReadonlySet<string> = new Set(DATABASE_USER_BUILTIN_ROLES);

/**
 * The dialog's privilege state for a user's existing roles (the Edit dialog starts from it): one
 * any-database role or one custom role becomes that choice, anything else "Add Default Privileges" rows.
 */
export function privilegesFromRoles(roles: readonly DatabaseUserRole[]): PrivilegeChoice {
  const choice = initialPrivileges();
  const [only] = roles;
  if (roles.length === 1 && only !== undefined && only.databaseName === "admin" && !only.collectionName) {
    if (only.roleName === "atlasAdmin" || only.roleName === "readWriteAnyDatabase" || only.roleName === "readAnyDatabase") return { ...choice, kind: only.roleName };
    if (!BUILTIN_ROLES.has(only.roleName)) return { ...choice, kind: "customRole", customRoleName: only.roleName };
  }
  if (roles.length === 0) return choice;
  return { ...choice, kind: "specific", rows: roles.map((r) => ({ roleName: r.roleName, databaseName: r.databaseName, collectionName: r.collectionName ?? "" })) };
}
