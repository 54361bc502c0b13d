/**
 * The store's tables as Kysely sees them. One schema serves SQLite and PostgreSQL, so it uses only
 * portable column types: TEXT for ids, timestamps (ISO-8601 UTC) and JSON documents, INTEGER for counters
 * and flags (0/1). Certificate serials are TEXT decimals because they exceed 2^53.
 */
import type { ColumnType } from "kysely";
import type { AlertsDatabase } from "./alerts-schema.js";
import type { ClustersDatabase } from "./clusters-schema.js";
import type { UiSessionsDatabase } from "./ui-sessions-schema.js";

/** organizations */
export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: string;
}

/** projects (Atlas: groups) */
export interface ProjectsTable {
  id: string;
  org_id: string;
  name: string;
  created_at: string;
}

/** api_keys: the private key is sealed with the master key because HTTP Digest needs it in clear. */
export interface ApiKeysTable {
  id: string;
  org_id: string;
  public_key: string;
  sealed_private_key: string;
  description: string;
  /** JSON array of organization roles. */
  org_roles: string;
  created_at: string;
}

/** api_key_project_roles */
export interface ApiKeyProjectRolesTable {
  api_key_id: string;
  project_id: string;
  /** JSON array of project roles. */
  roles: string;
}

/** people: operators who log in to the web UI. */
export interface PeopleTable {
  id: string;
  org_id: string;
  email: string;
  password_hash: string;
  org_roles: string;
  created_at: string;
}

/** people_project_roles */
export interface PeopleProjectRolesTable {
  person_id: string;
  project_id: string;
  roles: string;
}

/** database_users */
export interface DatabaseUsersTable {
  id: string;
  project_id: string;
  database_name: string;
  username: string;
  x509_type: string;
  ldap_auth_type: string;
  aws_iam_type: string;
  oidc_auth_type: string;
  /** scrypt hash of a SCRAM user's password; the gateway never uses it. */
  password_hash: string | null;
  roles: string;
  scopes: string;
  labels: string;
  description: string | null;
  delete_after_date: string | null;
  created_at: string;
  updated_at: string;
}

/** managed_cas: each project's own CAs; the private key is sealed with the master key. */
export interface ManagedCasTable {
  id: string;
  project_id: string;
  /** 1 for the project's first CA, one more per rotation; unique per project, so two racing creators cannot both win. */
  generation: number;
  key_algorithm: string;
  certificate_pem: string;
  /** base64 of the sealed PKCS#8 key. */
  sealed_private_key: string;
  subject: string;
  serial: string;
  not_before: string;
  not_after: string;
  created_at: string;
  active: number;
}

/** certificates: records of managed user certificates (never their keys). */
export interface CertificatesTable {
  id: string;
  project_id: string;
  ca_id: string;
  /** Null once the user is deleted; the record stays for the CRL. */
  database_user_id: string | null;
  username: string;
  serial: string;
  subject: string;
  not_before: string;
  not_after: string;
  created_at: string;
  revoked_at: string | null;
  /** The project's revocation counter at the revocation (null while unrevoked, and for older revocations). */
  revocation_seq: ColumnType<number | null, number | null | undefined, number | null>;
}

/** certificate_policies: a project's limits for short-lived certificates (absent: the defaults). */
export interface CertificatePoliciesTable {
  project_id: string;
  max_validity_seconds: number;
  updated_at: string;
}

/** customer_cas: one bundle per project while self-managed X.509 is on. */
export interface CustomerCasTable {
  project_id: string;
  bundle_pem: string;
  /** JSON array of `CustomerCaInfo`. */
  cas_info: string;
  uploaded_at: string;
}

/** custom_roles */
export interface CustomRolesTable {
  project_id: string;
  role_name: string;
  actions: string;
  inherited_roles: string;
  created_at: string;
  updated_at: string;
}

/** events: the activity feed. */
export interface EventsTable {
  id: string;
  org_id: string;
  /** No foreign key: the feed outlives a deleted project. */
  project_id: string | null;
  event_type: string;
  actor: string;
  target: string | null;
  created_at: string;
}

/** api_nonces: HTTP Digest nonces and the highest nonce count used with each. */
export interface ApiNoncesTable {
  nonce: string;
  expires_at: string;
  last_nc: number;
}

/** database_user_counts: each project's number of database users, kept by triggers (migration 0930). */
export interface DatabaseUserCountsTable {
  project_id: string;
  user_count: number;
}

/** change_counters: a per-project counter bumped by every change, for instances that poll. */
export interface ChangeCountersTable {
  project_id: string;
  version: number;
  /** Bumped by every change to what the project's CRLs list (a revocation, a managed CA change). */
  revocation_version: ColumnType<number, number | undefined, number>;
}

/** The whole database (the alerts feature's tables are declared in `alerts-schema.ts`). */
export interface Database extends AlertsDatabase, ClustersDatabase, UiSessionsDatabase {
  organizations: OrganizationsTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  api_key_project_roles: ApiKeyProjectRolesTable;
  people: PeopleTable;
  people_project_roles: PeopleProjectRolesTable;
  database_users: DatabaseUsersTable;
  database_user_counts: DatabaseUserCountsTable;
  managed_cas: ManagedCasTable;
  certificates: CertificatesTable;
  certificate_policies: CertificatePoliciesTable;
  customer_cas: CustomerCasTable;
  custom_roles: CustomRolesTable;
  events: EventsTable;
  api_nonces: ApiNoncesTable;
  change_counters: ChangeCountersTable;
}
