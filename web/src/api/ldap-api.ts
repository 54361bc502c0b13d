import { atlasPath } from "./api-paths.js";
import type { UserSecurity } from "./atlas-types.js";
import { requestJson } from "./http-client.js";

/** One `userToDNMapping` rule. */
export interface UserToDnRule {
  match: string;
  substitution?: string;
  ldapQuery?: string;
}

/** Atlas's `LDAPSecuritySettings` as the API shows them (the bind password never appears). */
export interface LdapSettings {
  authenticationEnabled?: boolean;
  authorizationEnabled?: boolean;
  hostname?: string;
  port?: number;
  bindUsername?: string;
  caCertificate?: string;
  authzQueryTemplate?: string;
  userToDNMapping?: UserToDnRule[];
  /** certgate extension: TLS (LDAPS), STARTTLS or NONE. */
  transportSecurity?: string;
}

/** What may be saved: the settings plus a new bind password; `null` removes the mapping rules. */
export type LdapSettingsChange = Omit<LdapSettings, "userToDNMapping"> & { bindPassword?: string; userToDNMapping?: UserToDnRule[] | null };

/** An LDAP verify request and its outcome. */
export interface LdapVerifyJob {
  requestId: string;
  status: "SUCCESS" | "FAILED" | "PENDING";
  /** `reason` (certgate extension) says why a failed check failed. */
  validations: { validationType: string; status: "OK" | "FAIL"; reason?: string }[];
}

/** The `ldap` part of a UserSecurity, typed. */
export function ldapOf(security: UserSecurity): LdapSettings {
  return (security.ldap ?? {}) as LdapSettings;
}

/** Saves LDAP settings (the fields given replace the stored ones). */
export function saveLdap(groupId: string, ldap: LdapSettingsChange): Promise<UserSecurity> {
  return requestJson<UserSecurity>("PATCH", atlasPath("groups", groupId, "userSecurity"), { body: { ldap } });
}

/** Runs Atlas's LDAP checks: connect, bind and (with a template) the authorization query. */
export function verifyLdap(groupId: string, params: Record<string, unknown>): Promise<LdapVerifyJob> {
  return requestJson<LdapVerifyJob>("POST", atlasPath("groups", groupId, "userSecurity", "ldap", "verify"), { body: params });
}
