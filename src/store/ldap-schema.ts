/** The tables of a project's LDAP settings and of its LDAP verify requests. */

/** ldap_settings: one row per project that has saved any LDAP setting. */
export interface LdapSettingsTable {
  project_id: string;
  /** JSON of the settings as Atlas shows them (never the bind password). */
  settings: string;
  /** base64 of the bind password sealed with the master key; null until one is saved. */
  sealed_bind_password: string | null;
  updated_at: string;
}

/** ldap_verify_requests: the outcome of each `POST userSecurity/ldap/verify`. */
export interface LdapVerifyRequestsTable {
  /** Atlas's `requestId` (24 hex). */
  id: string;
  project_id: string;
  /** JSON of the request parameters as echoed back (without the bind password). */
  request: string;
  status: string;
  /** JSON array of `{validationType, status}`. */
  validations: string;
  created_at: string;
}

/** The tables this file declares, for `Kysely.withTables`. */
export type LdapDatabase = {
  ldap_settings: LdapSettingsTable;
  ldap_verify_requests: LdapVerifyRequestsTable;
};
