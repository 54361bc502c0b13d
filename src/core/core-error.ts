/**
 * The core's one error type. Its `code` is the Atlas `errorCode` string itself, so the API renders
 * `{detail, error, errorCode, parameters, reason}` without a second translation table.
 *
 * Every code below is Atlas's (see shared/reference/atlas-api.md §1.2, §1.5, §2.1, §3.4, §4.3, §5.2) except
 * those listed in `CERTGATE_EXTENSION_CODES`, which name situations Atlas has no documented code for.
 * `UNSUPPORTED_ROLE` is not in the reference: it is what Atlas answered, in reports against its Terraform
 * provider (mongodb/terraform-provider-mongodbatlas issues 728 and 1522), to a custom role granted on a
 * database other than `admin`.
 */

/** Every error code the core raises, with the HTTP status the API should answer with. */
export const CORE_ERROR_STATUS = {
  // access
  USER_UNAUTHORIZED: 401,
  NOT_IN_GROUP: 401,
  // organizations and projects
  ORG_NOT_FOUND: 404,
  INVALID_ORG_ID: 404,
  GROUP_NOT_FOUND: 404,
  INVALID_GROUP_ID: 404,
  GROUP_ALREADY_EXISTS: 409,
  GROUP_MISMATCH: 400,
  // API keys
  API_KEY_NOT_FOUND: 404,
  // request shape
  INVALID_ATTRIBUTE: 400,
  MISSING_ATTRIBUTE: 400,
  INVALID_ENUM_VALUE: 400,
  INVALID_QUERY_PARAMETER: 400,
  // database users
  USER_ALREADY_EXISTS: 409,
  USERNAME_NOT_FOUND: 404,
  DATABASE_NAME_INVALID_EXTERNAL: 400,
  DATABASE_NAME_INVALID_ADMIN: 400,
  ATLAS_INVALID_LDAP_NAME: 400,
  ATLAS_MANAGED_X509_NAME_INVALID: 400,
  ATLAS_X509_USER_CANNOT_BE_TEMPORARY: 400,
  ATLAS_X509_USER_CANNOT_USE_LDAP: 400,
  ATLAS_X509_USER_CANNOT_USE_SCRAM: 400,
  ATLAS_INVALID_USERNAME: 400,
  ATLAS_INVALID_ROLE: 400,
  ATLAS_INVALID_ROLE_DATABASE: 400,
  ATLAS_INVALID_CUSTOM_ROLE_ASSIGNMENT: 400,
  UNSUPPORTED_ROLE: 400,
  DUPLICATE_DATABASE_ROLES: 400,
  INVALID_DATABASE_NAME: 400,
  INVALID_COLLECTION_NAME: 400,
  EXPIRATION_DATE_EXCEEDS_MAX: 400,
  EXPIRATION_DATE_IN_PAST: 400,
  PERMANENT_ENTITY_CANNOT_BE_MADE_TEMPORARY: 400,
  DATABASE_USERNAME_CANNOT_BE_CHANGED: 409,
  DATABASE_NAME_CANNOT_BE_CHANGED: 409,
  AUTH_TYPE_CANNOT_BE_CHANGED: 409,
  GROUP_USERS_LIMIT_EXCEEDED: 403,
  // managed certificates
  USER_NOT_MANAGED_X509: 400,
  CERT_EXPIRY_CANNOT_EXCEED_TWO_YEARS: 400,
  CERTIFICATE_NOT_FOUND: 404,
  CERTIFICATE_ALREADY_REVOKED: 409,
  INVALID_CSR: 400,
  CSR_KEY_NOT_ALLOWED: 400,
  CERT_VALIDITY_EXCEEDS_PROJECT_MAXIMUM: 400,
  RENEWAL_CERTIFICATE_REFUSED: 401,
  // customer CAs
  EXPIRED_X509_CA_CERTIFICATE: 400,
  // LDAP
  LDAP_VERIFY_CONNECTIVITY_REQUEST_NOT_FOUND: 404,
  // custom roles
  ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS: 409,
  ATLAS_CUSTOM_ROLE_NOT_FOUND: 404,
  ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS: 409,
  ATLAS_CUSTOM_ROLE_IN_USE_BY_ROLES: 409,
  ATLAS_CUSTOM_ROLE_HAS_NO_PERMISSIONS: 400,
  ATLAS_CUSTOM_ROLE_INVALID_NAME: 400,
  ATLAS_DUPLICATE_CUSTOM_ROLE_ACTION: 400,
  ATLAS_DUPLICATE_CUSTOM_ROLE_RESOURCE: 400,
  ATLAS_INVALID_CUSTOM_ROLE_CIRCULAR_DEPENDENCY: 400,
  ATLAS_INVALID_CUSTOM_ROLE_INHERITANCE: 400,
  ATLAS_INVALID_CUSTOM_ROLE_RESTRICTED: 400,
  ATLAS_INVALID_CUSTOM_ROLE_SELF_REFERENTIAL: 400,
  ATLAS_RESERVED_CUSTOM_ROLE_RESTRICTED: 400,
  ATLAS_INVALID_RESOURCE: 400,
  // clusters
  CLUSTER_NOT_FOUND: 404,
  DUPLICATE_CLUSTER_NAME: 400,
  GATEWAY_PORTS_EXHAUSTED: 409,
  // alert configurations and alerts (src/alerts/)
  ALERT_CONFIG_NOT_FOUND: 404,
  INVALID_ALERT_CONFIG_ID: 404,
  ALERT_NOT_FOUND: 404,
  INVALID_ALERT_ID: 404,
  INVALID_EVENT_TYPE_FOR_ALERT: 400,
  MISSING_THRESHOLD: 400,
  INVALID_OPERATOR_FOR_EVENT_TYPE: 400,
  MISSING_NOTIFICATIONS: 400,
  MAX_NOTIFICATIONS_PER_ALERT_EXCEEDED: 400,
  NOTIFICATION_INTERVAL_OUT_OF_RANGE: 400,
  EMAIL_OR_SMS_REQUIRED_FOR_GROUP_NOTIFICATION: 400,
  EMAIL_OR_SMS_REQUIRED_FOR_USER_NOTIFICATION: 400,
  MISSING_ROLES_FOR_GROUP_NOTIFICATION: 400,
  TOO_MANY_GROUP_NOTIFICATIONS: 400,
  WEBHOOK_URL_NOT_SET: 400,
} as const;

/** One core error code (an Atlas `errorCode`). */
export type CoreErrorCode = keyof typeof CORE_ERROR_STATUS;

/** All core error codes, for schemas and documentation. */
export const CORE_ERROR_CODES = Object.keys(CORE_ERROR_STATUS) as CoreErrorCode[];

/**
 * Codes certgate invented because Atlas documents none for the situation:
 * - `API_KEY_NOT_FOUND`: an API key id that does not exist in the organization.
 * - `INVALID_QUERY_PARAMETER`: `pageNum`/`itemsPerPage` out of range.
 * - `CERTIFICATE_NOT_FOUND`, `CERTIFICATE_ALREADY_REVOKED`: revocation is itself a certgate extension.
 * - `INVALID_CSR`, `CSR_KEY_NOT_ALLOWED`, `CERT_VALIDITY_EXCEEDS_PROJECT_MAXIMUM`, `RENEWAL_CERTIFICATE_REFUSED`:
 *   CSR signing, short-lived certificates and renewal are certgate extensions.
 */
export const CERTGATE_EXTENSION_CODES: readonly CoreErrorCode[] = [
  "API_KEY_NOT_FOUND",
  "INVALID_QUERY_PARAMETER",
  "CERTIFICATE_NOT_FOUND",
  "CERTIFICATE_ALREADY_REVOKED",
  "GATEWAY_PORTS_EXHAUSTED",
  "INVALID_CSR",
  "CSR_KEY_NOT_ALLOWED",
  "CERT_VALIDITY_EXCEEDS_PROJECT_MAXIMUM",
  "RENEWAL_CERTIFICATE_REFUSED",
];

/** One field-level problem, for Atlas's optional `badRequestDetail.fields`. */
export interface FieldViolation {
  field: string;
  description: string;
}

/** Extra facts of a CoreError. */
export interface CoreErrorOptions {
  cause?: unknown;
  /** Every field-level problem, e.g. one per refused certificate of a CA bundle. */
  fields?: readonly FieldViolation[];
}

/** A refused use case. `detail` is safe to show; `parameters` fill Atlas's detail template. */
export class CoreError extends Error {
  override readonly name = "CoreError";
  readonly code: CoreErrorCode;
  readonly parameters: readonly string[];
  /** Atlas's `badRequestDetail.fields`; empty when the error concerns no particular field. */
  readonly fields: readonly FieldViolation[];

  constructor(code: CoreErrorCode, detail: string, parameters: readonly string[] = [], options: CoreErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.parameters = parameters;
    this.fields = options.fields ?? [];
  }

  /** The human sentence of Atlas's error body. */
  get detail(): string {
    return this.message;
  }

  /** The HTTP status the API should answer with. */
  get status(): number {
    return CORE_ERROR_STATUS[this.code];
  }
}

/** True when `error` is a CoreError, optionally with the given code. */
export function isCoreError(error: unknown, code?: CoreErrorCode): error is CoreError {
  return error instanceof CoreError && (code === undefined || error.code === code);
}
