/**
 * The gateway's LDAP step for X.509 clients (seed 001, "Considerations"; see docs/ldap.md):
 * with LDAP authorization enabled in a project,
 * - a client with an Atlas-managed certificate is refused;
 * - a client with a self-managed certificate is authorized by LDAP: the Common Name of its certificate
 *   is mapped through `userToDNMapping` (no rules: the CN itself must be the DN) to the DN of an
 *   entry that must exist in the directory; that entry's groups (`authzQueryTemplate`) select the
 *   project's `ldapAuthType: GROUP` database users whose name is the group's DN, and the client gets
 *   the union of their roles, in place of its own `$external` user's roles (as mongod ignores
 *   local `$external` users when LDAP authorization is on);
 * - an LDAP server that cannot be asked refuses (fail closed).
 */
import type { DatabaseUserRole } from "../roles/index.js";
import { canonicalizeDn, commonNameOf, parseDn } from "../pki/dn/index.js";
import { LdapGroupResolver, type LdapAuthzConfig } from "./group-resolver.js";

/** A `GROUP` database user: its name (a canonical DN) and roles. */
export interface LdapGroupUser {
  username: string;
  roles: readonly DatabaseUserRole[];
}

/** A project's LDAP authorization, present only while `authorizationEnabled` is on. */
export interface ProjectLdapAuthz {
  config: LdapAuthzConfig;
  groupUsers: readonly LdapGroupUser[];
}

/** Reads a project's LDAP authorization; `undefined` when it is off. */
export type ProjectLdapAuthzSource = (projectId: string) => Promise<ProjectLdapAuthz | undefined>;

/** Who is connecting. */
export interface LdapRolesRequest {
  projectId: string;
  /** MANAGED for a certificate from the project's managed CA, CUSTOMER for one from its customer CAs. */
  x509Type: "MANAGED" | "CUSTOMER";
  /** The certificate's subject as mongod renders it. */
  subjectDn: string;
  /**
   * Set by a periodic re-check: only group answers asked of LDAP at or after this time (ms since the
   * epoch) may be used, so the cache cannot hand back a membership older than the re-check interval.
   */
  freshSince?: number;
}

/** The decision: LDAP is off (use the user's own roles), or these roles, or a refusal. */
export type LdapRolesResult =
  | { applies: false }
  | { applies: true; ok: true; roles: DatabaseUserRole[]; userDn: string; groupDns: string[] }
  | { applies: true; ok: false; message: string; reason: string; /** The LDAP server could not be asked (not a "no"). */ unavailable?: true };

/** What the client is told when its managed certificate is refused. */
export const MANAGED_X509_REFUSED =
  "LDAP authorization is enabled: users with Atlas-managed X.509 certificates can't connect";

function canonicalOrSelf(dn: string): string {
  try {
    return canonicalizeDn(dn);
  } catch {
    return dn;
  }
}

function roleKey(role: DatabaseUserRole): string {
  return JSON.stringify([role.roleName, role.databaseName, role.collectionName ?? null]);
}

/** The roles of the GROUP users named by `groupDns` (compared in canonical form), without duplicates. */
export function rolesOfGroups(groupDns: readonly string[], groupUsers: readonly LdapGroupUser[]): DatabaseUserRole[] {
  const groups = new Set(groupDns.map(canonicalOrSelf));
  const roles = new Map<string, DatabaseUserRole>();
  for (const user of groupUsers) {
    if (!groups.has(user.username)) continue;
    for (const role of user.roles) roles.set(roleKey(role), { ...role });
  }
  return [...roles.values()];
}

function commonNameOfSubject(subjectDn: string): string | undefined {
  try {
    return commonNameOf(parseDn(subjectDn));
  } catch {
    return undefined;
  }
}

/** Applies the LDAP rules to connecting X.509 clients. */
export class LdapAuthorizer {
  constructor(
    private readonly source: ProjectLdapAuthzSource,
    private readonly resolver: LdapGroupResolver = new LdapGroupResolver(),
  ) {}

  /** The roles LDAP grants the client, or why it is refused; `applies: false` when LDAP authorization is off. */
  async resolveLdapRoles(request: LdapRolesRequest): Promise<LdapRolesResult> {
    let authz: ProjectLdapAuthz | undefined;
    try {
      authz = await this.source(request.projectId);
    } catch (error) {
      // Settings that cannot be read (store down, bind password sealed under another key) refuse: fail closed.
      return { applies: true, ok: false, message: "Authentication failed.", reason: `LDAP settings cannot be read: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (authz === undefined) return { applies: false };
    if (request.x509Type === "MANAGED") {
      return { applies: true, ok: false, message: MANAGED_X509_REFUSED, reason: `"${request.subjectDn}" holds a managed certificate` };
    }
    const cn = commonNameOfSubject(request.subjectDn);
    if (cn === undefined || cn === "") {
      return { applies: true, ok: false, message: "Authentication failed.", reason: `"${request.subjectDn}" has no Common Name to match an LDAP DN` };
    }
    const lookup = await this.resolver.lookup(authz.config, cn, { freshSince: request.freshSince });
    if (!lookup.ok) {
      const refusal = { applies: true, ok: false, message: "Authentication failed.", reason: lookup.reason } as const;
      return lookup.refusal === "UNAVAILABLE" ? { ...refusal, unavailable: true } : refusal;
    }
    return {
      applies: true,
      ok: true,
      roles: rolesOfGroups(lookup.groupDns, authz.groupUsers),
      userDn: lookup.userDn,
      groupDns: lookup.groupDns,
    };
  }
}
