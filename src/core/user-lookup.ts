/** Finding a database user from the names a caller typed (path segments), and row <-> user mapping. */
import type { Kysely } from "kysely";
import { canonicalizeDn } from "../pki/dn/index.js";
import { findDatabaseUser, type DatabaseUserRow } from "../store/repos/database-users.js";
import type { Database } from "../store/schema.js";
import { CoreError } from "./core-error.js";
import type {
  AwsIamType,
  ComponentLabel,
  DatabaseUser,
  DatabaseUserRole,
  LdapAuthType,
  OidcAuthType,
  UserScope,
  X509Type,
} from "./types.js";

/** A stored user as Atlas's `CloudDatabaseUser`. */
export function toDatabaseUser(row: DatabaseUserRow): DatabaseUser {
  const user: DatabaseUser = {
    groupId: row.project_id,
    databaseName: row.database_name,
    username: row.username,
    x509Type: row.x509_type as X509Type,
    ldapAuthType: row.ldap_auth_type as LdapAuthType,
    awsIAMType: row.aws_iam_type as AwsIamType,
    oidcAuthType: row.oidc_auth_type as OidcAuthType,
    roles: JSON.parse(row.roles) as DatabaseUserRole[],
    scopes: JSON.parse(row.scopes) as UserScope[],
    labels: JSON.parse(row.labels) as ComponentLabel[],
  };
  if (row.description !== null) user.description = row.description;
  if (row.delete_after_date !== null) user.deleteAfterDate = row.delete_after_date;
  return user;
}

/**
 * Finds a user by the name in a request path. The stored name of a CUSTOMER or LDAP user is a canonical
 * DN, while a caller may type the DN another way (spaces after commas, other escapes), so an `$external`
 * name that is not found as typed is looked up again in canonical form; a MANAGED name may be typed
 * as `CN=name`.
 */
export async function findUserByTypedName(
  db: Kysely<Database>,
  projectId: string,
  databaseName: string,
  typed: string,
): Promise<DatabaseUserRow | undefined> {
  const exact = await findDatabaseUser(db, projectId, databaseName, typed);
  if (exact !== undefined) return exact;
  let canonical: string;
  try {
    canonical = canonicalizeDn(typed);
  } catch {
    return undefined;
  }
  const byDn = canonical === typed ? undefined : await findDatabaseUser(db, projectId, databaseName, canonical);
  if (byDn !== undefined) return byDn;
  const managed = /^CN=([^,+=\\]+)$/.exec(canonical)?.[1];
  if (managed === undefined) return undefined;
  const row = await findDatabaseUser(db, projectId, databaseName, managed);
  return row?.x509_type === "MANAGED" ? row : undefined;
}

/** Like {@link findUserByTypedName}, throwing Atlas's USERNAME_NOT_FOUND when there is no such user. */
export async function requireUser(
  db: Kysely<Database>,
  projectId: string,
  databaseName: string,
  typed: string,
): Promise<DatabaseUserRow> {
  const row = await findUserByTypedName(db, projectId, databaseName, typed);
  if (row === undefined) throw new CoreError("USERNAME_NOT_FOUND", `No user with username ${typed} exists.`, [typed]);
  return row;
}
