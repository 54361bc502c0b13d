/**
 * Atlas's rules for a database user (atlas-api.md §4.2–4.3), applied to a request body.
 *
 * - Unknown fields are refused (INVALID_ATTRIBUTE), as Atlas refuses rather than ignores them.
 * - At most one external authentication type; X.509 users take no password, no LDAP, no expiry.
 * - External users live in `$external`, SCRAM users and LDAP/OIDC groups in `admin`.
 * - CUSTOMER X.509 and LDAP names are distinguished names, stored in mongod's canonical form, so the
 *   stored name is exactly what mongod derives from a certificate; MANAGED names are plain (the CN of the
 *   certificates certgate issues), typed either as `name` or as `CN=name`.
 * - A user name is 1 to 1024 characters without control characters, and never `.` or `..`.
 * - Roles must exist: a built-in role on a database where it exists, or one of the project's custom
 *   roles on `admin`; only read and readWrite may name a collection.
 */
import { canonicalizeDn, commonNameOf, hasUnusableCharacter, parseDn } from "../pki/dn/index.js";
import { PkiError } from "../pki/pki-error.js";
import { CoreError } from "./core-error.js";
import { checkDeleteAfterDate, checkLabels, checkRoles, checkScopes, invalid, missing } from "./database-user-fields.js";
import { AWS_IAM_TYPES, LDAP_AUTH_TYPES, OIDC_AUTH_TYPES, X509_TYPES, type DatabaseUser } from "./types.js";

/** The fields a request body may carry (`links` is read-only and ignored, as Atlas ignores it). */
const USER_FIELDS = [
  "groupId",
  "databaseName",
  "username",
  "x509Type",
  "ldapAuthType",
  "awsIAMType",
  "oidcAuthType",
  "password",
  "roles",
  "scopes",
  "labels",
  "description",
  "deleteAfterDate",
  "links",
] as const;

const MAX_USERNAME_LENGTH = 1024;
const MAX_DESCRIPTION_LENGTH = 100;
const MIN_PASSWORD_LENGTH = 8;

/** A request body checked for shape only: known fields with the right JSON types. */
export type UserBody = Partial<Record<(typeof USER_FIELDS)[number], unknown>>;

/** A validated user and, for a SCRAM user, the password to hash. */
export interface ResolvedUser {
  user: DatabaseUser;
  password?: string;
}

/** Refuses bodies that are not objects or carry fields Atlas does not define. */
export function checkUserBody(input: unknown): UserBody {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw invalid("body");
  for (const key of Object.keys(input)) {
    if (!(USER_FIELDS as readonly string[]).includes(key)) throw invalid(key);
  }
  return input as UserBody;
}

function optionalString(body: UserBody, field: keyof UserBody): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(field);
  return value;
}

function enumValue<T extends string>(body: UserBody, field: keyof UserBody, allowed: readonly T[]): T {
  const value = optionalString(body, field) ?? "NONE";
  if (!(allowed as readonly string[]).includes(value)) {
    throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${value} was specified.`, [value]);
  }
  return value as T;
}

/** Which database the user's authentication type requires, and how Atlas names the kind in its error. */
function requiredDatabase(user: Pick<DatabaseUser, "x509Type" | "ldapAuthType" | "awsIAMType" | "oidcAuthType">): {
  db: "admin" | "$external";
  kind: string;
} {
  if (user.x509Type !== "NONE") return { db: "$external", kind: "X.509 users" };
  if (user.awsIAMType !== "NONE") return { db: "$external", kind: "AWS IAM users" };
  if (user.ldapAuthType === "USER") return { db: "$external", kind: "LDAP users" };
  if (user.oidcAuthType === "USER") return { db: "$external", kind: "OIDC users" };
  if (user.ldapAuthType === "GROUP") return { db: "admin", kind: "LDAP groups" };
  if (user.oidcAuthType === "IDP_GROUP") return { db: "admin", kind: "OIDC identity provider groups" };
  return { db: "admin", kind: "SCRAM users" };
}

function canonicalDnOrThrow(username: string): string {
  try {
    return canonicalizeDn(username);
  } catch (error) {
    if (error instanceof PkiError && error.code === "INVALID_DN") {
      throw new CoreError(
        "ATLAS_INVALID_LDAP_NAME",
        `The distinguished name specified in the username field, ${username}, is not valid according to RFC 2253. ${error.message}`,
        [username],
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The stored form of a MANAGED user's name: `alice` and `CN=alice` both become `alice`, the CN that
 * certgate writes into the user's certificates; a DN with any other attribute is refused.
 */
function managedUsername(username: string): string {
  if (!/^\s*cn\s*=/i.test(username)) return username;
  let value: string | undefined;
  try {
    const dn = parseDn(username);
    value = dn.length === 1 && dn[0]?.length === 1 ? commonNameOf(dn) : undefined;
  } catch {
    value = undefined;
  }
  if (value === undefined || value.length === 0) {
    throw new CoreError(
      "ATLAS_MANAGED_X509_NAME_INVALID",
      `The username ${username} is invalid for Atlas-managed X.509 user auth. These usernames must take the form CN=<username> with no additional OIDs.`,
      [username],
    );
  }
  return value;
}

/** The canonical stored name for a user of this kind; the same function maps path segments to stored names. */
export function canonicalUsername(
  username: string,
  user: Pick<DatabaseUser, "x509Type" | "ldapAuthType">,
): string {
  if (user.x509Type === "CUSTOMER") {
    const canonical = canonicalDnOrThrow(username);
    if (commonNameOf(parseDn(canonical)) === undefined) {
      throw new CoreError(
        "ATLAS_INVALID_LDAP_NAME",
        `The distinguished name specified in the username field, ${username}, is not valid according to RFC 2253: self-managed X.509 user names require a Common Name (CN).`,
        [username],
      );
    }
    return canonical;
  }
  if (user.ldapAuthType !== "NONE") return canonicalDnOrThrow(username);
  if (user.x509Type === "MANAGED") return managedUsername(username);
  return username;
}

function invalidUsername(username: string): CoreError {
  return new CoreError("ATLAS_INVALID_USERNAME", `The specified username ${username} is not valid for an Atlas database user.`, [username]);
}

/**
 * `.` and `..` would be a user's path segment in `/databaseUsers/{db}/{username}`, where every URL
 * parser reads them (even percent-encoded) as "this folder" and "the folder above": such a user could
 * never be addressed, and a request meant for it would reach another resource.
 */
function isDotSegment(username: string): boolean {
  return username === "." || username === "..";
}

function checkUsername(body: UserBody): string {
  const username = optionalString(body, "username");
  if (username === undefined || username.length === 0) throw missing("username");
  if (username.length > MAX_USERNAME_LENGTH || hasUnusableCharacter(username) || isDotSegment(username)) throw invalidUsername(username);
  return username;
}

/** What {@link resolveUser} needs besides the body. */
export interface ResolveUserContext {
  groupId: string;
  customRoleNames: ReadonlySet<string>;
  now: Date;
  /** True when a password is already stored (an update of a SCRAM user need not resend it). */
  hasStoredPassword?: boolean;
}

/** Applies every rule to a complete body (for an update: the stored user merged with the change). */
export function resolveUser(body: UserBody, context: ResolveUserContext): ResolvedUser {
  const groupId = optionalString(body, "groupId");
  if (groupId !== undefined && groupId !== context.groupId) {
    throw new CoreError("GROUP_MISMATCH", `The specified group ID ${groupId} does not match the URL.`, [groupId]);
  }
  const x509Type = enumValue(body, "x509Type", X509_TYPES);
  const ldapAuthType = enumValue(body, "ldapAuthType", LDAP_AUTH_TYPES);
  const awsIAMType = enumValue(body, "awsIAMType", AWS_IAM_TYPES);
  const oidcAuthType = enumValue(body, "oidcAuthType", OIDC_AUTH_TYPES);
  const password = optionalString(body, "password");
  const deleteAfterDate = optionalString(body, "deleteAfterDate");
  const description = optionalString(body, "description");
  const rawUsername = checkUsername(body);

  if (x509Type !== "NONE") {
    if (ldapAuthType !== "NONE") {
      throw new CoreError("ATLAS_X509_USER_CANNOT_USE_LDAP", "Users cannot be configured for X.509 and LDAP authentication.");
    }
    if (password !== undefined) {
      throw new CoreError("ATLAS_X509_USER_CANNOT_USE_SCRAM", "Users cannot be configured for SCRAM and X.509 authentication.");
    }
    if (deleteAfterDate !== undefined) {
      throw new CoreError("ATLAS_X509_USER_CANNOT_BE_TEMPORARY", "X.509 users cannot be temporary.");
    }
  }
  const externalTypes = [x509Type, ldapAuthType, awsIAMType, oidcAuthType].filter((t) => t !== "NONE");
  if (externalTypes.length > 1) throw invalid("x509Type");
  const isScram = externalTypes.length === 0;
  if (!isScram && password !== undefined) throw invalid("password");
  if (isScram && password === undefined && context.hasStoredPassword !== true) throw missing("password");
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) throw invalid("password");

  const required = requiredDatabase({ x509Type, ldapAuthType, awsIAMType, oidcAuthType });
  const databaseName = optionalString(body, "databaseName") ?? "admin";
  if (databaseName !== required.db) {
    if (required.db === "$external") {
      throw new CoreError(
        "DATABASE_NAME_INVALID_EXTERNAL",
        "Database name invalid. Externally authenticated users can only be created on the $external database.",
      );
    }
    throw new CoreError(
      "DATABASE_NAME_INVALID_ADMIN",
      `Database name invalid. ${required.kind} can only be created on the admin database.`,
      [required.kind],
    );
  }

  const username = canonicalUsername(rawUsername, { x509Type, ldapAuthType });
  if (isDotSegment(username)) throw invalidUsername(username);
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) throw invalid("description");
  const user: DatabaseUser = {
    groupId: context.groupId,
    databaseName,
    username,
    x509Type,
    ldapAuthType,
    awsIAMType,
    oidcAuthType,
    roles: checkRoles(body.roles, username, context.customRoleNames),
    scopes: checkScopes(body.scopes),
    labels: checkLabels(body.labels),
  };
  if (description !== undefined && description !== "") user.description = description;
  if (deleteAfterDate !== undefined) user.deleteAfterDate = checkDeleteAfterDate(deleteAfterDate, context.now);
  return password === undefined ? { user } : { user, password };
}
