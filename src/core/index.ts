/**
 * certgate's core: the use cases behind the Admin API, CLI, web UI and gateway.
 * Import from here only; the files behind it may move.
 */
export type * from "./types.js";
export {
  ORG_ROLES,
  GROUP_ROLES,
  ACTOR_KINDS,
  PERMISSIONS,
  X509_TYPES,
  LDAP_AUTH_TYPES,
  AWS_IAM_TYPES,
  OIDC_AUTH_TYPES,
  USER_SCOPE_TYPES,
  EVENT_TYPES,
  CHANGE_KINDS,
} from "./types.js";
export { CoreError, CORE_ERROR_STATUS, CORE_ERROR_CODES, CERTGATE_EXTENSION_CODES, isCoreError } from "./core-error.js";
export type { CoreErrorCode, CoreErrorOptions, FieldViolation } from "./core-error.js";
export type { Core, CoreOptions, CustomerCasChangedHook, BootstrapParams, ListCertificatesParams, ApiKeyCredentials } from "./core.js";
export type { LdapVerifyJob } from "./ldap-settings.js";
export type { CertificatePolicy } from "./certificate-policy.js";

export { createCore, DEFAULT_MAX_DATABASE_USERS } from "./create-core.js";
export { PERMISSION_ROLES } from "./permissions.js";
export { paginate, parsePageRequest } from "./paging.js";
export { DEFAULT_CERTIFICATE_MONTHS, MAX_CERTIFICATE_MONTHS } from "./certificates.js";
export { ChangeNotifier } from "./change-notifier.js";
