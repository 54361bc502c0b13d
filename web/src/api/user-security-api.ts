import { requestJson } from "./http-client.js";
import { atlasPath } from "./api-paths.js";
import type { UserSecurity } from "./atlas-types.js";

/** The project's self-managed X.509 (and LDAP) settings. */
export function getUserSecurity(groupId: string): Promise<UserSecurity> {
  return requestJson<UserSecurity>("GET", atlasPath("groups", groupId, "userSecurity"));
}

/** Uploads the customer CA bundle (one or more PEM certificates), turning self-managed X.509 on. */
export function saveCustomerCas(groupId: string, cas: string): Promise<UserSecurity> {
  return requestJson<UserSecurity>("PATCH", atlasPath("groups", groupId, "userSecurity"), { body: { customerX509: { cas } } });
}

/** Turns self-managed X.509 off. */
export function disableCustomerX509(groupId: string): Promise<UserSecurity> {
  return requestJson<UserSecurity>("DELETE", atlasPath("groups", groupId, "userSecurity", "customerX509"));
}
