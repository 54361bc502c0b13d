import type { ActionType } from "../../roles/index.js";
import type { ResourcePattern } from "./resource.js";

/**
 * Where a built-in role's privilege applies, relative to the database the role is granted on: a missing
 * `db` means that database, as in mongod's `builtin_roles.yml`.
 */
export type PatternTemplate =
  | { match: "database"; db?: string }
  | { match: "exactNamespace"; collection: string; db?: string }
  | { match: "collection"; collection: string }
  | { match: "anyNormal" }
  | { match: "cluster" }
  | { match: "any" }
  | { match: "anySystemBuckets" };

/** One privilege of a built-in role. */
export interface PrivilegeTemplate {
  on: PatternTemplate;
  actions: readonly ActionType[];
}

/** A role another role inherits; a missing `db` means the inheriting role's database. */
export interface InheritedRoleTemplate {
  role: string;
  db?: string;
}

/** A built-in role definition; as in `builtin_roles.yml`, a field left out has its default. */
export interface BuiltinRole {
  /** Grantable only on `admin` (mongod answers RoleNotFound elsewhere); false when left out. */
  adminOnly?: true;
  privileges: readonly PrivilegeTemplate[];
  /** The roles it inherits; none when left out. */
  roles?: readonly InheritedRoleTemplate[];
}

/** Resolves a template against the database the role was granted on. */
export function instantiatePattern(template: PatternTemplate, roleDb: string): ResourcePattern {
  switch (template.match) {
    case "database":
      return { kind: "database", db: template.db ?? roleDb };
    case "exactNamespace":
      return { kind: "exactNamespace", db: template.db ?? roleDb, collection: template.collection };
    case "collection":
      return { kind: "collection", collection: template.collection };
    case "anyNormal":
      return { kind: "anyNormal" };
    case "cluster":
      return { kind: "cluster" };
    case "any":
      return { kind: "anyResource" };
    case "anySystemBuckets":
      return { kind: "anySystemBuckets" };
  }
}

/** Shorthand used by the role tables. */
export function grant(on: PatternTemplate, ...actionLists: ReadonlyArray<readonly ActionType[]>): PrivilegeTemplate {
  return { on, actions: [...new Set(actionLists.flat())] };
}
