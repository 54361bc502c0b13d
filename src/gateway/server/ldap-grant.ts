/**
 * LDAP authorization at the gateway (seed 001; docs/ldap.md): after the usual checks of a client
 * certificate (chain, revocation, the `$external` user and its x509Type), a project with LDAP
 * authorization enabled refuses managed certificates and replaces a self-managed user's roles with the
 * roles its LDAP groups grant. The LDAP roles stay with the connection until it authenticates again;
 * project changes (custom roles, the user's deletion) still apply to it.
 */
import type { DatabaseUserRole } from "../../core/index.js";
import { resolveRoles } from "../authz/index.js";
import type { ClusterRuntime } from "./cluster-runtime.js";
import type { PeerIdentity } from "./peer-identity.js";
import type { ProjectAccess } from "./project-access.js";
import type { GrantResult } from "./user-grant.js";

/** A grant, with the LDAP roles it was built from when LDAP authorized it. */
export type LdapCheckedGrant = GrantResult & { ldapRoles?: readonly DatabaseUserRole[] };

function compile(grant: Extract<GrantResult, { ok: true }>, roles: readonly DatabaseUserRole[], access: ProjectAccess): GrantResult {
  try {
    return { ok: true, auth: { user: grant.auth.user, resolved: resolveRoles(roles, access.customRoles) } };
  } catch (error) {
    return { ok: false, refusal: "AuthenticationFailed", reason: `LDAP roles cannot be resolved: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Applies the project's LDAP authorization to a grant that passed the certificate and user checks. */
export async function withLdapAuthorization(grant: GrantResult, identity: PeerIdentity, runtime: ClusterRuntime): Promise<LdapCheckedGrant> {
  if (!grant.ok) return grant;
  const ldap = await runtime.ldapRoles({
    projectId: runtime.cluster.projectId,
    x509Type: identity.anchorKind === "managed" ? "MANAGED" : "CUSTOMER",
    subjectDn: identity.subject,
  });
  if (!ldap.applies) return grant;
  if (!ldap.ok) return { ok: false, refusal: "AuthenticationFailed", reason: `LDAP authorization: ${ldap.reason}`, message: ldap.message };
  const compiled = compile(grant, ldap.roles, runtime.access());
  return compiled.ok ? { ...compiled, ldapRoles: ldap.roles } : compiled;
}

/** Re-derives an LDAP-authorized connection's privileges from its LDAP roles after a project change. */
export function keepLdapRoles(grant: GrantResult, ldapRoles: readonly DatabaseUserRole[] | undefined, access: ProjectAccess): GrantResult {
  if (!grant.ok || ldapRoles === undefined) return grant;
  return compile(grant, ldapRoles, access);
}
