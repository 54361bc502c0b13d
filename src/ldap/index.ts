/** LDAP for certgate: settings semantics, group lookup for the gateway and Atlas's verify checks. */
export { BoundedCache } from "./bounded-cache.js";
export { AUTHZ_QUERY_TOKENS, DEFAULT_AUTHZ_QUERY_TEMPLATE, LdapGroupResolver, type GroupLookup, type GroupResolverOptions, type LdapAuthzConfig, type LookupFreshness } from "./group-resolver.js";
export {
  LdapAuthorizer,
  MANAGED_X509_REFUSED,
  rolesOfGroups,
  type LdapGroupUser,
  type LdapRolesRequest,
  type LdapRolesResult,
  type ProjectLdapAuthz,
  type ProjectLdapAuthzSource,
} from "./ldap-authorizer.js";
export { escapeFilterValue } from "./ldap-filter-escape.js";
export { instantiateQuery, LdapTemplateError, parseQueryTemplate, type LdapQuery, type ParsedQueryTemplate } from "./ldap-query-template.js";
export { DEFAULT_LDAP_TIMEOUTS, LDAP_TRANSPORTS, serverKey, type LdapServer, type LdapTimeouts, type LdapTransport } from "./ldap-server.js";
export { LdapFailure, withLdapSession, type LdapEntry, type LdapSession } from "./ldap-session.js";
export { LDAP_VALIDATION_TYPES, verifyLdapConnectivity, type LdapValidation, type LdapValidationType, type LdapVerifyOutcome, type LdapVerifyParams } from "./ldap-verify.js";
export { ServerCircuits } from "./server-circuit.js";
export { compileMatch, mapUserToDn, UnsafePatternError, type DnMapping, type DnSearch, type UserToDnRule } from "./user-to-dn-mapping.js";
