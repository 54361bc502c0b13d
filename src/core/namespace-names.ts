/** mongod's rules for database and collection names, which roles and users refer to. */

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
