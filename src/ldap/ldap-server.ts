/** How certgate reaches a project's LDAP server, and what counts as "the same server". */

/**
 * Transport to the server (certgate extension beside Atlas's fields, named after mongod's
 * `ldapTransportSecurity`): `TLS` = LDAPS (Atlas's only mode, the default), `STARTTLS` = LDAP upgraded
 * with StartTLS before the bind, `NONE` = plain LDAP (credentials in clear; for tests and trusted links).
 */
export const LDAP_TRANSPORTS = ["TLS", "STARTTLS", "NONE"] as const;
/** One transport. */
export type LdapTransport = (typeof LDAP_TRANSPORTS)[number];

/** Everything needed to open a bound session. */
export interface LdapServer {
  hostname: string;
  port: number;
  transport: LdapTransport;
  /** PEM of the CA(s) that sign the server's certificate; without it the system's CAs are used. */
  caCertificate?: string;
  bindUsername: string;
  bindPassword: string;
}

/** Time limits of one session. */
export interface LdapTimeouts {
  connectMs: number;
  operationMs: number;
}

/** mongod's `ldapTimeoutMS` default is 10 s; a gateway waiting on a login prefers a shorter bound. */
export const DEFAULT_LDAP_TIMEOUTS: LdapTimeouts = { connectMs: 5000, operationMs: 5000 };

/** The key of a server for its circuit: host and port (the same server whatever the credentials). */
export function serverKey(server: Pick<LdapServer, "hostname" | "port">): string {
  return `${server.hostname}:${server.port}`;
}
