/**
 * LDAP authorization at the gateway (seed 001; docs/ldap.md): after the usual checks of a client
 * certificate (chain, revocation, the `$external` user and its x509Type), a project with LDAP
 * authorization enabled refuses managed certificates and replaces a self-managed user's roles with the
 * roles its LDAP groups grant. On every project change an authenticated connection keeps its LDAP roles
 * at once (custom roles recompiled) and the LDAP step is run again in the background, so LDAP settings
 * turned on or off and changed groups reach open connections too; `ldap-recheck-timer.ts` also runs it
 * on a timer, for group changes made in the directory alone.
 */
import type { DatabaseUserRole } from "../../core/index.js";
import type { ClusterRuntime } from "./cluster-runtime.js";
import { compileRoles } from "./compiled-roles.js";
import type { PeerIdentity } from "./peer-identity.js";
import type { ProjectAccess } from "./project-access.js";
import type { GrantResult } from "./user-grant.js";

/** A grant, with the LDAP roles it was built from when LDAP authorized it. */
export type LdapCheckedGrant = GrantResult & { ldapRoles?: readonly DatabaseUserRole[]; ldapUnavailable?: true };

function compile(grant: Extract<GrantResult, { ok: true }>, roles: readonly DatabaseUserRole[], access: ProjectAccess): GrantResult {
  try {
    return { ok: true, auth: { user: grant.auth.user, resolved: compileRoles(roles, access.customRoles) } };
  } catch (error) {
    return { ok: false, refusal: "AuthenticationFailed", kind: "LDAP", reason: `LDAP roles cannot be resolved: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Applies the project's LDAP authorization to a grant that passed the certificate and user checks.
 * `freshSince` (ms since the epoch): use only LDAP answers asked at or after that time.
 */
export async function withLdapAuthorization(grant: GrantResult, identity: PeerIdentity, runtime: ClusterRuntime, freshSince?: number): Promise<LdapCheckedGrant> {
  if (!grant.ok) return grant;
  const ldap = await runtime.ldapRoles({
    projectId: runtime.cluster.projectId,
    x509Type: identity.anchorKind === "managed" ? "MANAGED" : "CUSTOMER",
    subjectDn: identity.subject,
    freshSince,
  });
  if (!ldap.applies) return grant;
  if (!ldap.ok) {
    const refused = { ok: false, refusal: "AuthenticationFailed", kind: "LDAP", reason: `LDAP authorization: ${ldap.reason}`, message: ldap.message } as const;
    return ldap.unavailable ? { ...refused, ldapUnavailable: true } : refused;
  }
  const compiled = compile(grant, ldap.roles, runtime.access());
  return compiled.ok ? { ...compiled, ldapRoles: ldap.roles } : compiled;
}

/** Re-derives an LDAP-authorized connection's privileges from its LDAP roles after a project change. */
export function keepLdapRoles(grant: GrantResult, ldapRoles: readonly DatabaseUserRole[] | undefined, access: ProjectAccess): GrantResult {
  if (!grant.ok || ldapRoles === undefined) return grant;
  return compile(grant, ldapRoles, access);
}

/** The last background re-check started for each connection state; older answers are dropped. */
const latestCheck = new WeakMap<object, number>();

/**
 * Re-runs the LDAP step for an authenticated connection (after a project change, or periodically with
 * `freshSince`) and hands the answer to `apply`, unless a newer re-check of the same connection
 * (`key`) started meanwhile. The promise settles once the answer was applied or dropped; it never rejects.
 */
export function recheckLdap(
  key: object,
  grant: GrantResult,
  identity: PeerIdentity,
  runtime: ClusterRuntime,
  apply: (checked: LdapCheckedGrant) => void,
  freshSince?: number,
): Promise<void> {
  const generation = (latestCheck.get(key) ?? 0) + 1;
  latestCheck.set(key, generation);
  return withLdapAuthorization(grant, identity, runtime, freshSince).then(
    (checked) => {
      if (latestCheck.get(key) === generation) apply(checked);
    },
    (error: unknown) => runtime.log.error({ err: error }, "LDAP re-check failed"),
  );
}
