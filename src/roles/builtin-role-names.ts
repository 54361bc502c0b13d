/**
 * The names of the built-in roles: the ones the gateway defines (mongod's builtin_roles.yml plus Atlas's
 * atlasAdmin), which of them a database user or a custom role may be granted, and where.
 * Sources: atlas-api.md §4.2 (`DatabaseUserRole.roleName`) and mongodb-x509-semantics.md §4.1.
 */

/** Every built-in role the gateway defines; `gateway/authz/builtin-roles.ts` must define exactly these. */
export const BUILTIN_ROLE_NAMES = [
  "read", "readWrite", "userAdmin", "dbAdmin", "dbOwner", "enableSharding", "readAnyDatabase", "readWriteAnyDatabase",
  "userAdminAnyDatabase", "dbAdminAnyDatabase", "clusterMonitor", "hostManager", "clusterManager", "clusterAdmin",
  "__queryableBackup", "backup", "restore", "atlasAdmin",
] as const;

/** One of {@link BUILTIN_ROLE_NAMES}. */
export type BuiltinRoleName = (typeof BUILTIN_ROLE_NAMES)[number];

/** Roles that exist only as building blocks of others; nobody is granted them directly. */
export const INTERNAL_ROLE_NAMES: readonly BuiltinRoleName[] = ["__queryableBackup"];

/**
 * Names a custom role may not take: every built-in role, and mongod's roles that Atlas never grants
 * (`root`, `__system`, `directShardOperations`).
 */
export const RESERVED_ROLE_NAMES: readonly string[] = [...BUILTIN_ROLE_NAMES, "root", "directShardOperations", "__system"];

/** Built-in roles a custom role may inherit: every one the gateway defines, except the internal ones. */
export const INHERITABLE_BUILTIN_ROLES: readonly BuiltinRoleName[] = BUILTIN_ROLE_NAMES.filter((r) => !INTERNAL_ROLE_NAMES.includes(r));

/** Built-in roles a custom role may inherit on any database (the rest only on `admin`). */
export const ANY_DATABASE_INHERITABLE_ROLES: readonly BuiltinRoleName[] = ["read", "readWrite", "dbAdmin", "dbOwner", "userAdmin"];

/** Roles granted to a database user on a database of the operator's choice. */
export const DATABASE_SCOPED_ROLES = ["read", "readWrite", "dbAdmin"] as const satisfies readonly BuiltinRoleName[];

/** Roles granted to a database user only on the `admin` database (they act on the whole cluster). */
export const ADMIN_ONLY_ROLES = [
  "atlasAdmin",
  "readWriteAnyDatabase",
  "readAnyDatabase",
  "dbAdminAnyDatabase",
  "clusterMonitor",
  "backup",
  "enableSharding",
] as const satisfies readonly BuiltinRoleName[];

/** Roles that may be narrowed to one collection (Atlas's collection-level read/readWrite). */
export const COLLECTION_SCOPED_ROLES: readonly BuiltinRoleName[] = ["read", "readWrite"];

/** Every built-in role a database user may hold. */
export const DATABASE_USER_BUILTIN_ROLES: readonly BuiltinRoleName[] = [...DATABASE_SCOPED_ROLES, ...ADMIN_ONLY_ROLES];

/** True when `name` is one of {@link BUILTIN_ROLE_NAMES}. */
export function isBuiltinRoleName(name: string): name is BuiltinRoleName {
  return (BUILTIN_ROLE_NAMES as readonly string[]).includes(name);
}
