/**
 * The core's public vocabulary: what the API, CLI, UI and gateway exchange with the use cases.
 *
 * Field names are Atlas's wherever Atlas has the concept (`groupId`, `x509Type`, `databaseName`,
 * `roles[].roleName`, ...), so the API can return these objects nearly as they are. Fields that certgate
 * adds beside Atlas's are marked "certgate extension".
 */

import type { DatabaseUserRole } from "../roles/index.js";

/** Organization roles, as Atlas spells them. */
export const ORG_ROLES = [
  "ORG_OWNER",
  "ORG_MEMBER",
  "ORG_GROUP_CREATOR",
  "ORG_BILLING_ADMIN",
  "ORG_BILLING_READ_ONLY",
  "ORG_READ_ONLY",
] as const;
/** One organization role. */
export type OrgRole = (typeof ORG_ROLES)[number];

/** Project ("group") roles, as Atlas spells them. */
export const GROUP_ROLES = [
  "GROUP_OWNER",
  "GROUP_CLUSTER_MANAGER",
  "GROUP_STREAM_PROCESSING_OWNER",
  "GROUP_DATA_ACCESS_ADMIN",
  "GROUP_DATA_ACCESS_READ_WRITE",
  "GROUP_DATA_ACCESS_READ_ONLY",
  "GROUP_DATABASE_ACCESS_ADMIN",
  "GROUP_BACKUP_MANAGER",
  "GROUP_OBSERVABILITY_VIEWER",
  "GROUP_READ_ONLY",
] as const;
/** One project role. */
export type GroupRole = (typeof GROUP_ROLES)[number];

/** The kinds of operator. People arrive with the web UI; the type is ready for them. */
export const ACTOR_KINDS = ["API_KEY", "PERSON"] as const;
/** One kind of operator. */
export type ActorKind = (typeof ACTOR_KINDS)[number];

/**
 * An authenticated operator with the roles it held when it was resolved.
 * Obtain one from `Core.apiKeys.authenticate`; never build one from request input.
 */
export interface Actor {
  readonly kind: ActorKind;
  /** Record id of the API key or person. */
  readonly id: string;
  /** What the activity feed shows: the API key's public key, or the person's email. */
  readonly label: string;
  readonly orgId: string;
  readonly orgRoles: readonly OrgRole[];
  /** Project roles by project id. */
  readonly groupRoles: Readonly<Record<string, readonly GroupRole[]>>;
}

/** What a caller asks to be allowed to do inside one project; see `permissions.ts` for who holds each. */
export const PERMISSIONS = [
  "PROJECT_READ",
  "PROJECT_DELETE",
  "DATABASE_ACCESS_WRITE",
  "USER_SECURITY_READ",
  "USER_SECURITY_WRITE",
  "PROJECT_API_KEYS_WRITE",
  "CLUSTERS_WRITE",
  "ALERT_CONFIGS_WRITE",
] as const;
/** One project-scoped permission. */
export type Permission = (typeof PERMISSIONS)[number];

/** Page selection, Atlas's `pageNum` (from 1) and `itemsPerPage` (1..500). */
export interface PageRequest {
  pageNum?: number;
  itemsPerPage?: number;
  /** False: the list is not counted (Atlas's `includeCount=false`), which costs less on long lists. */
  includeCount?: boolean;
}

/** One page of a list and the size of the whole list. */
export interface Page<T> {
  results: T[];
  /** The size of the whole list; a list asked for with `includeCount: false` may leave it out. */
  totalCount?: number;
  /** Set by lists that were not counted: whether rows follow this page. */
  hasNext?: boolean;
}

/** An organization. */
export interface Organization {
  id: string;
  name: string;
  /** ISO-8601 UTC, second precision. */
  created: string;
}

/** A project (Atlas: group). */
export interface Project {
  id: string;
  name: string;
  orgId: string;
  created: string;
}

/** A role held by an API key: in an organization (`orgId`) or in a project (`groupId`). */
export type ApiKeyRole = { orgId: string; roleName: OrgRole } | { groupId: string; roleName: GroupRole };

/** An API key as listed: the private key is never part of it. */
export interface ApiKey {
  id: string;
  publicKey: string;
  desc: string;
  roles: ApiKeyRole[];
}

/** An API key just created: the only moment its private key is shown to the operator. */
export interface CreatedApiKey extends ApiKey {
  privateKey: string;
}

/** Result of `bootstrap`: what `certgate init` prints. */
export interface BootstrapResult {
  /** False when the store already had an organization; then no key is created and the ids are the existing ones. */
  initialized: boolean;
  orgId: string;
  projectId: string;
  /** Present only when `initialized` is true. */
  publicKey?: string;
  privateKey?: string;
}

/** `x509Type` values. */
export const X509_TYPES = ["NONE", "MANAGED", "CUSTOMER"] as const;
/** One `x509Type`. */
export type X509Type = (typeof X509_TYPES)[number];

/** `ldapAuthType` values. */
export const LDAP_AUTH_TYPES = ["NONE", "USER", "GROUP"] as const;
/** One `ldapAuthType`. */
export type LdapAuthType = (typeof LDAP_AUTH_TYPES)[number];

/** `awsIAMType` values. */
export const AWS_IAM_TYPES = ["NONE", "USER", "ROLE"] as const;
/** One `awsIAMType`. */
export type AwsIamType = (typeof AWS_IAM_TYPES)[number];

/** `oidcAuthType` values. */
export const OIDC_AUTH_TYPES = ["NONE", "IDP_GROUP", "USER"] as const;
/** One `oidcAuthType`. */
export type OidcAuthType = (typeof OIDC_AUTH_TYPES)[number];

/** `scopes[].type` values. */
export const USER_SCOPE_TYPES = ["CLUSTER", "DATA_LAKE", "STREAM"] as const;
/** One scope type. */
export type UserScopeType = (typeof USER_SCOPE_TYPES)[number];

export type { DatabaseUserRole };

/** Restricts a user to named clusters or data lakes. */
export interface UserScope {
  name: string;
  type: UserScopeType;
}

/** A free key/value label. */
export interface ComponentLabel {
  key: string;
  value: string;
}

/** A database user as Atlas's `CloudDatabaseUser` (without `links` and the write-only `password`). */
export interface DatabaseUser {
  groupId: string;
  databaseName: string;
  /** For CUSTOMER users the canonical RFC 2253 DN; for MANAGED users the plain name (the certificate's CN). */
  username: string;
  x509Type: X509Type;
  ldapAuthType: LdapAuthType;
  awsIAMType: AwsIamType;
  oidcAuthType: OidcAuthType;
  roles: DatabaseUserRole[];
  scopes: UserScope[];
  labels: ComponentLabel[];
  description?: string;
  deleteAfterDate?: string;
}

/**
 * The fields a caller may send to create a user. Unknown fields are refused with INVALID_ATTRIBUTE,
 * as Atlas does, so callers pass the body through unchanged.
 */
export interface DatabaseUserInput {
  groupId?: string;
  databaseName?: string;
  username?: string;
  x509Type?: string;
  ldapAuthType?: string;
  awsIAMType?: string;
  oidcAuthType?: string;
  password?: string;
  roles?: DatabaseUserRole[];
  scopes?: UserScope[];
  /** Atlas's schema leaves a label's key and value optional; the core requires both. */
  labels?: Partial<ComponentLabel>[];
  description?: string;
  deleteAfterDate?: string;
}

/** A managed certificate as Atlas's `UserCert` lists it. */
export interface UserCert {
  /** The serial number; exceeds 2^53, so it is a bigint and must be written with `stringifyJson`. */
  _id: bigint;
  createdAt: string;
  groupId: string;
  notAfter: string;
  subject: string;
  /** certgate extension: when the certificate was revoked; absent while it is valid. */
  revokedAt?: string;
}

/** The outcome of issuing a certificate. */
export interface IssuedCertificate {
  /** Certificate PEM then PKCS#8 private key PEM: the body of Atlas's 201 response (the certificate alone for a CSR). */
  pem: string;
  serial: bigint;
  subject: string;
  notBefore: string;
  notAfter: string;
  /** When it was issued. */
  createdAt: string;
}

/** What a certificate request may carry: Atlas's `monthsUntilExpiration`, and certgate's `csr` and `validity`. */
export interface IssueCertificateParams {
  monthsUntilExpiration?: unknown;
  /** PEM of a PKCS#10 request; the certificate is issued for its key and no key is generated. */
  csr?: unknown;
  /** ISO 8601 duration of a short-lived certificate, instead of `monthsUntilExpiration`. */
  validity?: unknown;
}

/** Atlas's `UserSecurity` as far as certgate keeps it. */
export interface UserSecurity {
  /** `{}` when self-managed X.509 is off. */
  customerX509: { cas?: string };
  ldap: Record<string, unknown>;
}

/** What certgate extracted from each customer CA when the bundle was accepted (certgate extension). */
export interface CustomerCaInfo {
  position: number;
  subject: string;
  notBefore: string;
  notAfter: string;
  sha256Fingerprint: string;
}

/** A resource of a custom-role action: a namespace (`collection` absent = the whole db) or the cluster. */
export type CustomRoleResource = { db: string; collection?: string } | { cluster: true };

/** One action of a custom role. */
export interface CustomRoleAction {
  action: string;
  resources: CustomRoleResource[];
}

/** A role a custom role inherits. */
export interface InheritedRole {
  db: string;
  role: string;
}

/** A custom database role as Atlas's `UserCustomDBRole`. */
export interface CustomRole {
  roleName: string;
  actions: CustomRoleAction[];
  inheritedRoles: InheritedRole[];
}

/** A resource as a request sends it; the core checks it and makes it a {@link CustomRoleResource}. */
export interface CustomRoleResourceInput {
  db?: string;
  collection?: string;
  cluster?: boolean;
}

/** An action as a request sends it. */
export interface CustomRoleActionInput {
  action: string;
  resources: CustomRoleResourceInput[];
}

/** A new custom role as a request sends it (Atlas's `UserCustomDBRole`); the core checks every field. */
export interface CustomRoleInput {
  roleName: string;
  actions?: CustomRoleActionInput[];
  inheritedRoles?: InheritedRole[];
}

/** The writable fields of a custom role update (Atlas's `UpdateCustomDBRole`). */
export interface CustomRoleUpdate {
  actions?: CustomRoleActionInput[];
  inheritedRoles?: InheritedRole[];
}

/** Activity-feed event types, Atlas's names where Atlas has one. */
export const EVENT_TYPES = [
  "ORG_CREATED",
  "GROUP_CREATED",
  "GROUP_DELETED",
  "API_KEY_CREATED",
  "API_KEY_ADDED_TO_GROUP",
  "MONGODB_USER_ADDED",
  "MONGODB_USER_UPDATED",
  "MONGODB_USER_DELETED",
  "MONGODB_USER_X509_CERT_CREATED",
  "MONGODB_USER_X509_CERT_REVOKED",
  "MONGODB_ROLE_ADDED",
  "MONGODB_ROLE_UPDATED",
  "MONGODB_ROLE_DELETED",
  "USER_SECURITY_SETTINGS_UPDATED",
  "ALERT_CONFIG_ADDED_AUDIT",
  "ALERT_CONFIG_CHANGED_AUDIT",
  "ALERT_CONFIG_DELETED_AUDIT",
  "ALERT_ACKNOWLEDGED_AUDIT",
  "ALERT_UNACKNOWLEDGED_AUDIT",
] as const;
/** One event type. */
export type EventType = (typeof EVENT_TYPES)[number];

/** One entry of the activity feed. */
export interface ActivityEvent {
  id: string;
  eventTypeName: EventType;
  orgId: string;
  groupId?: string;
  /** Who did it: the API key's public key or the person's email; `certgate` for the system itself. */
  actor: string;
  /** What it was done to: a user name, a role name, a certificate serial... */
  target?: string;
  created: string;
}

/** What changed, for listeners that must reload (the gateway's trust store and user cache). */
export const CHANGE_KINDS = ["DATABASE_USERS", "CERTIFICATES", "CUSTOMER_CAS", "CUSTOM_ROLES", "PROJECT"] as const;
/** One kind of change. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** A change notification, emitted after the change is committed. */
export interface ChangeEvent {
  projectId: string;
  kind: ChangeKind;
  /** The project's change counter after this change, when the change bumped it. */
  version?: number;
  /** The project's revocation counter after this change, when the change revoked or changed managed CAs. */
  revocationVersion?: number;
}

/** What a gateway needs to accept a project's clients (read without an operator). */
export interface ProjectTrust {
  projectId: string;
  /** The project's managed CA certificates, newest first (empty until the first one is created). */
  managedCaPems: string[];
  /** The customer CA bundle, absent when self-managed X.509 is off. */
  customerCasPem?: string;
  /**
   * Serials (decimal) of revoked managed certificates: every unexpired one, or with `revokedAfter` only
   * those revoked by later revocations.
   */
  revokedSerials: string[];
  /** The project's change counter, read before anything else, so the trust is at least this new. */
  version: number;
  /** The revocation counter the revoked serials are complete up to; pass it as `revokedAfter` next time. */
  revocationVersion: number;
}
