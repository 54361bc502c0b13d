/**
 * The Atlas CLI's database-user flags turned into a `CloudDatabaseUser` body: `--role
 * roleName[@dbName[.collection]]` (database `admin` when left out), `--scope name[:type]` (type
 * `CLUSTER` when left out), and the authentication types, of which any but `NONE` puts the user in
 * `$external` (LDAP groups stay in `admin`).
 */
import { Option, type Command } from "commander";
import { ADMIN_ONLY_ROLES } from "../../roles/index.js";
import { collectList } from "../admin/list-option.js";

/** Built-in roles the Atlas CLI takes as positional arguments of `dbusers create`. */
export const BUILT_IN_ROLE_ARGS: readonly string[] = ADMIN_ONLY_ROLES;

/** The flags a user body is made from. */
export interface UserFlags {
  username?: string;
  role?: string[];
  scope?: string[];
  x509Type?: string;
  ldapType?: string;
  awsIAMType?: string;
  password?: string;
  description?: string;
  deleteAfter?: string;
}

/** `DatabaseUserRole` */
export interface UserRole {
  roleName: string;
  databaseName: string;
  collectionName?: string;
}

/** Adds the flags shared by `create` and `update`. */
export function withUserFlags(command: Command): Command {
  return command
    .option("--role <roleName@dbName.collection>", "role(s), comma separated or repeated; the database defaults to admin", collectList)
    .option("--scope <name:type>", "cluster(s) the user may access, comma separated or repeated; type CLUSTER (default), DATA_LAKE or STREAM", collectList)
    .addOption(new Option("--x509Type <type>", "X.509 authentication: MANAGED (certgate issues certificates) or CUSTOMER (your CA)").choices(["NONE", "MANAGED", "CUSTOMER"]))
    .addOption(new Option("--ldapType <type>", "LDAP authentication").choices(["NONE", "USER", "GROUP"]))
    .addOption(new Option("--awsIAMType <type>", "AWS IAM authentication").choices(["NONE", "USER", "ROLE"]))
    .option("-p, --password <password>", "password of a SCRAM user (not for X.509, LDAP or AWS IAM users)")
    .option("--description <text>", "description of the user (at most 100 characters)")
    .option("--deleteAfter <date>", "ISO 8601 date after which a temporary SCRAM user is deleted");
}

/** Parses `roleName[@dbName[.collection]]`. */
export function parseRole(text: string): UserRole {
  const at = text.indexOf("@");
  const roleName = at < 0 ? text : text.slice(0, at);
  const rest = at < 0 ? "" : text.slice(at + 1);
  const dot = rest.indexOf(".");
  const databaseName = (dot < 0 ? rest : rest.slice(0, dot)) || "admin";
  const collectionName = dot < 0 ? undefined : rest.slice(dot + 1);
  if (!roleName || (at >= 0 && !rest) || collectionName === "") throw new Error(`--role "${text}" is not roleName[@dbName[.collection]]`);
  return { roleName, databaseName, ...(collectionName === undefined ? {} : { collectionName }) };
}

/** Parses `name[:type]`. */
export function parseScope(text: string): { name: string; type: string } {
  const [name, type = "CLUSTER", extra] = text.split(":");
  if (!name || !type || extra !== undefined) throw new Error(`--scope "${text}" is not name[:type]`);
  return { name, type: type.toUpperCase() };
}

/** The body of `POST /databaseUsers` from `create`'s flags and built-in role arguments. */
export function createBody(projectId: string, flags: UserFlags, builtInRoles: string[]): Record<string, unknown> {
  for (const role of builtInRoles) {
    if (!BUILT_IN_ROLE_ARGS.includes(role)) throw new Error(`"${role}" is not a built-in role; use one of ${BUILT_IN_ROLE_ARGS.join(", ")} or --role`);
  }
  if (!flags.username) throw new Error("required option '--username <username>' not specified");
  const roles = [...builtInRoles.map((r) => ({ roleName: r, databaseName: "admin" })), ...(flags.role ?? []).map(parseRole)];
  if (roles.length === 0) throw new Error("missing role for the user: pass --role roleName[@dbName] or a built-in role");
  const databaseName = authDatabase(flags);
  if (databaseName === "$external" && flags.password !== undefined) throw new Error("can't supply both $external authentication and password");
  if (databaseName === "admin" && !isExternal(flags) && flags.password === undefined) {
    throw new Error("a SCRAM user needs --password (or choose --x509Type MANAGED|CUSTOMER)");
  }
  return {
    groupId: projectId,
    databaseName,
    username: flags.username,
    roles,
    ...commonFields(flags),
  };
}

/** The body of `PATCH /databaseUsers/{db}/{name}`: only what the flags change (roles and scopes are replaced). */
export function updateBody(flags: UserFlags): Record<string, unknown> {
  const body: Record<string, unknown> = {
    ...((flags.role ?? []).length > 0 ? { roles: (flags.role ?? []).map(parseRole) } : {}),
    ...commonFields(flags),
  };
  if (Object.keys(body).length === 0) throw new Error("nothing to update: pass --role, --scope, --password, --description or another flag");
  return body;
}

function commonFields(flags: UserFlags): Record<string, unknown> {
  return {
    ...((flags.scope ?? []).length > 0 ? { scopes: (flags.scope ?? []).map(parseScope) } : {}),
    ...(flags.x509Type === undefined ? {} : { x509Type: flags.x509Type }),
    ...(flags.ldapType === undefined ? {} : { ldapAuthType: flags.ldapType }),
    ...(flags.awsIAMType === undefined ? {} : { awsIAMType: flags.awsIAMType }),
    ...(flags.password === undefined ? {} : { password: flags.password }),
    ...(flags.description === undefined ? {} : { description: flags.description }),
    ...(flags.deleteAfter === undefined ? {} : { deleteAfterDate: flags.deleteAfter }),
  };
}

function isExternal(flags: UserFlags): boolean {
  return [flags.x509Type, flags.ldapType, flags.awsIAMType].some((t) => t !== undefined && t !== "NONE");
}

function authDatabase(flags: UserFlags): "admin" | "$external" {
  if (flags.ldapType === "GROUP") return "admin";
  return isExternal(flags) ? "$external" : "admin";
}
