/**
 * The Admin API's JSON as the UI receives it (Atlas v1.0 field names). Certificate serials (`_id`)
 * exceed 2^53 and therefore arrive as decimal strings (see `requestJson`).
 */

/** A list answer: `{links, results, totalCount}`. */
export interface AtlasPage<T> {
  results: T[];
  totalCount?: number;
}

/** An organization. */
export interface Organization {
  id: string;
  name: string;
}

/** A project (Atlas: group). */
export interface Project {
  id: string;
  name: string;
  orgId: string;
  created?: string;
}

/** Atlas's `CloudDatabaseUser`, its role and `x509Type`: the server's own types, shared with the CLI. */
export type { DatabaseUser, DatabaseUserRole, X509Type } from "../../../src/core/types.js";
import type { DatabaseUserRole, X509Type } from "../../../src/core/types.js";

/** The body that creates a database user. */
export interface DatabaseUserInput {
  databaseName: string;
  username: string;
  x509Type: X509Type;
  roles: DatabaseUserRole[];
  description?: string;
}

/** A managed certificate as listed; `_id` is the serial in decimal. */
export interface UserCert {
  _id: string | number;
  createdAt: string;
  groupId: string;
  notAfter: string;
  subject: string;
  /** certgate extension: set once the certificate is revoked. */
  revokedAt?: string;
}

/** Atlas's `UserSecurity`. */
export interface UserSecurity {
  customerX509: { cas?: string };
  ldap?: Record<string, unknown>;
}

/** Atlas's `UserCustomDBRole` and its parts: the core's types, as the API answers them. */
export type { CustomRole, CustomRoleAction, CustomRoleResource, InheritedRole } from "../../../src/core/types.js";

/** A notification of an alert configuration. */
export interface AlertNotification {
  typeName: string;
  intervalMin?: number;
  delayMin?: number;
  emailEnabled?: boolean;
  smsEnabled?: boolean;
  roles?: string[];
  emailAddress?: string;
  username?: string;
  webhookUrl?: string;
  webhookSecret?: string;
  channelName?: string;
}

/** An alert configuration. */
export interface AlertConfig {
  id: string;
  groupId?: string;
  eventTypeName: string;
  enabled: boolean;
  threshold?: { operator: string; threshold: number; units?: string };
  matchers?: { fieldName: string; operator: string; value: string }[];
  notifications: AlertNotification[];
  created?: string;
  updated?: string;
}

/** An alert. */
export interface Alert {
  id: string;
  alertConfigId: string;
  eventTypeName: string;
  status: string;
  created: string;
  updated?: string;
  lastNotified?: string;
  acknowledgedUntil?: string;
  acknowledgementComment?: string;
  /** Who acknowledged it: a person's email or an API key's public key. */
  acknowledgingUsername?: string;
  /** certgate extension: what the alert is about (a CA's subject, a certificate) and when it expires. */
  target?: { label: string; expiresAt: string };
  /** certgate extension: the most recent notification that did not reach its receiver. */
  lastFailedNotification?: { at: string; typeName?: string; recipient?: string; error: string; attempts: number; nextAttemptAt?: string };
}

/** A cluster (a gateway listener in front of a backend). */
export interface Cluster {
  id?: string;
  name: string;
  groupId?: string;
  stateName?: string;
  mongoDBVersion?: string;
  connectionStrings?: { standard?: string; standardSrv?: string };
}
