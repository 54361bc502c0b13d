/**
 * The built-in roles a database user may be granted through Atlas's API, and where each one exists.
 * Source: atlas-api.md §4.2 (`DatabaseUserRole.roleName`) and mongodb-x509-semantics.md §4.1.
 */

/** Roles granted on a database of the operator's choice (and, for read/readWrite, optionally a collection). */
export const DATABASE_SCOPED_ROLES = ["read", "readWrite", "dbAdmin"] as const;

/** Roles that exist only on the `admin` database (they act on the whole cluster). */
export const ADMIN_ONLY_ROLES = [
  "atlasAdmin",
  "readWriteAnyDatabase",
  "readAnyDatabase",
  "dbAdminAnyDatabase",
  "clusterMonitor",
  "backup",
  "enableSharding",
] as const;

/** Roles that may be narrowed to one collection (Atlas's collection-level read/readWrite). */
export const COLLECTION_SCOPED_ROLES: readonly string[] = ["read", "readWrite"];

/** Every built-in role a database user may hold. */
export const DATABASE_USER_BUILTIN_ROLES: readonly string[] = [...DATABASE_SCOPED_ROLES, ...ADMIN_ONLY_ROLES];

/**
 * Every role name mongod or Atlas defines; a custom role may inherit these and may not take their names.
 * Database-scoped ones may be inherited on any database, the rest only on `admin`.
 */
export const MONGODB_BUILTIN_ROLES: readonly string[] = [
  "read",
  "readWrite",
  "dbAdmin",
  "dbOwner",
  "userAdmin",
  "readAnyDatabase",
  "readWriteAnyDatabase",
  "dbAdminAnyDatabase",
  "userAdminAnyDatabase",
  "clusterMonitor",
  "clusterManager",
  "clusterAdmin",
  "hostManager",
  "backup",
  "restore",
  "root",
  "enableSharding",
  "atlasAdmin",
  "directShardOperations",
  "__system",
];

/** Built-in roles that exist on every database (the rest exist only on `admin`). */
export const MONGODB_DATABASE_ROLES: readonly string[] = ["read", "readWrite", "dbAdmin", "dbOwner", "userAdmin"];

const RESERVED_DATABASE_CHARACTERS = /[/\\. "$*<>:|?\0]/;

/**
 * mongod's database name rules: 1..63 bytes, none of `/\. "$*<>:|?` or NUL. Returns why a name is invalid,
 * or undefined when it is valid.
 */
export function databaseNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (Buffer.byteLength(name, "utf8") > 63) return "is longer than 63 bytes";
  if (RESERVED_DATABASE_CHARACTERS.test(name)) return "contains one of / \\ . space \" $ * < > : | ? or NUL";
  return undefined;
}

/** mongod's collection name rules: non-empty, no `$` or NUL, not in the reserved `system.` namespace. */
export function collectionNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.includes("$") || name.includes("\0")) return "contains $ or NUL";
  if (name.startsWith("system.")) return "is a system collection";
  return undefined;
}
