/**
 * Checks of Atlas's `LDAPSecuritySettings` (atlas-api.md §7) as a PATCH body and of
 * `LDAPVerifyConnectivityJobRequestParams`: unknown fields refused, types and ranges checked, query
 * templates and `userToDNMapping` rules compiled so that a setting that could never work is refused
 * when it is saved rather than when a client connects.
 *
 * `bindUsername` is checked as an RFC 4514 DN with certgate's DN parser, which is more lenient than the
 * CN/OU/DC-only pattern of Atlas's spec (that pattern refuses valid DNs such as `uid=reader,o=Example`).
 */
import { X509Certificate } from "node:crypto";
import { AUTHZ_QUERY_TOKENS, compileMatch, LDAP_TRANSPORTS, LdapTemplateError, parseQueryTemplate, UnsafePatternError, type LdapTransport, type UserToDnRule } from "../ldap/index.js";
import { parseDn } from "../pki/dn/index.js";
import { parsePemBundle } from "../pki/pem-bundle.js";
import { CoreError } from "./core-error.js";

/** The settings as stored and shown (the bind password is kept apart, sealed). */
export interface LdapSettingsView {
  authenticationEnabled?: boolean;
  authorizationEnabled?: boolean;
  hostname?: string;
  port?: number;
  bindUsername?: string;
  caCertificate?: string;
  authzQueryTemplate?: string;
  userToDNMapping?: UserToDnRule[];
  /** certgate extension: LDAPS (`TLS`, Atlas's only mode and the default), `STARTTLS` or `NONE`. */
  transportSecurity?: LdapTransport;
}

/** A checked PATCH: the fields to change (`null` = remove) and a new bind password, if any. */
export interface LdapSettingsChange {
  fields: { [K in keyof LdapSettingsView]?: LdapSettingsView[K] | null };
  bindPassword?: string;
}

/** A checked verify request. */
export interface LdapVerifyRequest {
  hostname: string;
  port: number;
  bindUsername: string;
  bindPassword: string;
  caCertificate?: string;
  authzQueryTemplate?: string;
  transportSecurity?: LdapTransport;
}

/** Atlas's default LDAP port (LDAPS). */
export const DEFAULT_LDAP_PORT = 636;

const SETTINGS_FIELDS = [
  "authenticationEnabled",
  "authorizationEnabled",
  "hostname",
  "port",
  "bindUsername",
  "bindPassword",
  "caCertificate",
  "authzQueryTemplate",
  "userToDNMapping",
  "transportSecurity",
  "links",
] as const;
const VERIFY_FIELDS = ["hostname", "port", "bindUsername", "bindPassword", "caCertificate", "authzQueryTemplate", "transportSecurity", "links"] as const;
const RULE_FIELDS = ["match", "substitution", "ldapQuery"];

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function invalid(field: string, why?: string): CoreError {
  const detail = `Invalid attribute ${field} specified.${why === undefined ? "" : ` ${why}`}`;
  return new CoreError("INVALID_ATTRIBUTE", detail, [field], why === undefined ? {} : { fields: [{ field, description: why }] });
}

function missing(field: string): CoreError {
  return new CoreError("MISSING_ATTRIBUTE", `The required attribute ${field} was not specified.`, [field]);
}

function objectBody(input: unknown, field: string, allowed: readonly string[], prefix: string): Record<string, unknown> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw invalid(field);
  for (const key of Object.keys(input)) if (!allowed.includes(key)) throw invalid(`${prefix}${key}`);
  return input as Record<string, unknown>;
}

function stringOf(value: unknown, field: string): string {
  if (typeof value !== "string") throw invalid(field);
  return value;
}

function checkHostname(value: unknown, field: string): string {
  const text = stringOf(value, field);
  const isIpv6 = text.includes(":") && /^[0-9A-Fa-f:.]+$/.test(text);
  if (!HOSTNAME.test(text) && !IPV4.test(text) && !isIpv6) throw invalid(field, "must be a host name or an IP address");
  return text;
}

function checkPort(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) throw invalid(field, "must be a port number (1-65535)");
  return value;
}

function checkBindUsername(value: unknown, field: string): string {
  const text = stringOf(value, field);
  try {
    parseDn(text);
  } catch (error) {
    throw invalid(field, `must be a distinguished name: ${error instanceof Error ? error.message : String(error)}`);
  }
  return text;
}

function checkCaCertificate(value: unknown, field: string): string {
  const text = stringOf(value, field);
  if (text === "") return text;
  const certificates = parsePemBundle(text).blocks.filter((b) => b.label === "CERTIFICATE");
  if (certificates.length === 0) throw invalid(field, "must hold at least one PEM certificate");
  for (const block of certificates) {
    try {
      new X509Certificate(block.der);
    } catch (error) {
      throw invalid(field, `certificate ${block.position} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return text;
}

function checkTemplate(value: unknown, field: string): string {
  const text = stringOf(value, field);
  if (text === "") return text;
  try {
    parseQueryTemplate(text, AUTHZ_QUERY_TOKENS);
  } catch (error) {
    if (error instanceof LdapTemplateError) throw invalid(field, error.message);
    throw error;
  }
  return text;
}

function checkRule(input: unknown, index: number): UserToDnRule {
  const prefix = `ldap.userToDNMapping[${index}]`;
  const body = objectBody(input, prefix, RULE_FIELDS, `${prefix}.`);
  if (body.match === undefined) throw missing(`${prefix}.match`);
  const match = stringOf(body.match, `${prefix}.match`);
  try {
    compileMatch(match);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw invalid(`${prefix}.match`, error instanceof UnsafePatternError ? message : `is not a regular expression: ${message}`);
  }
  const hasSubstitution = body.substitution !== undefined && body.substitution !== null;
  const hasQuery = body.ldapQuery !== undefined && body.ldapQuery !== null;
  if (hasSubstitution === hasQuery) throw invalid(prefix, "needs exactly one of substitution and ldapQuery");
  if (hasSubstitution) return { match, substitution: stringOf(body.substitution, `${prefix}.substitution`) };
  const ldapQuery = stringOf(body.ldapQuery, `${prefix}.ldapQuery`);
  try {
    parseQueryTemplate(ldapQuery, "numbered");
  } catch (error) {
    if (error instanceof LdapTemplateError) throw invalid(`${prefix}.ldapQuery`, error.message);
    throw error;
  }
  return { match, ldapQuery };
}

function checkMapping(value: unknown): UserToDnRule[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw invalid("ldap.userToDNMapping");
  return value.map((rule, index) => checkRule(rule, index));
}

function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") throw invalid(field);
  return value;
}

function checkTransport(value: unknown): LdapTransport {
  if (typeof value !== "string" || !(LDAP_TRANSPORTS as readonly string[]).includes(value)) {
    throw new CoreError("INVALID_ENUM_VALUE", `An invalid enumeration value ${String(value)} was specified.`, [String(value)]);
  }
  return value as LdapTransport;
}

/** Checks the `ldap` object of a userSecurity PATCH. */
export function checkLdapSettingsChange(input: unknown): LdapSettingsChange {
  const body = objectBody(input, "ldap", SETTINGS_FIELDS, "ldap.");
  const change: LdapSettingsChange = { fields: {} };
  const f = change.fields;
  const given = (key: string) => body[key] !== undefined;
  if (given("authenticationEnabled")) f.authenticationEnabled = checkBoolean(body.authenticationEnabled, "ldap.authenticationEnabled");
  if (given("authorizationEnabled")) f.authorizationEnabled = checkBoolean(body.authorizationEnabled, "ldap.authorizationEnabled");
  if (given("hostname")) f.hostname = checkHostname(body.hostname, "ldap.hostname");
  if (given("port")) f.port = checkPort(body.port, "ldap.port");
  if (given("bindUsername")) f.bindUsername = checkBindUsername(body.bindUsername, "ldap.bindUsername");
  if (given("bindPassword")) change.bindPassword = stringOf(body.bindPassword, "ldap.bindPassword");
  // Atlas: "To delete an assigned value, pass an empty string."
  if (given("caCertificate")) f.caCertificate = checkCaCertificate(body.caCertificate, "ldap.caCertificate") || null;
  if (given("authzQueryTemplate")) f.authzQueryTemplate = checkTemplate(body.authzQueryTemplate, "ldap.authzQueryTemplate") || null;
  if (given("userToDNMapping")) f.userToDNMapping = checkMapping(body.userToDNMapping);
  if (given("transportSecurity")) f.transportSecurity = checkTransport(body.transportSecurity);
  return change;
}

/** Settings that turn LDAP on must say how to reach and bind to the server. */
export function checkEnabledSettingsComplete(settings: LdapSettingsView, hasBindPassword: boolean): void {
  if (settings.authenticationEnabled !== true && settings.authorizationEnabled !== true) return;
  if (settings.hostname === undefined) throw missing("ldap.hostname");
  if (settings.bindUsername === undefined) throw missing("ldap.bindUsername");
  if (!hasBindPassword) throw missing("ldap.bindPassword");
}

/** Checks the body of `POST userSecurity/ldap/verify`. */
export function checkLdapVerifyRequest(input: unknown): LdapVerifyRequest {
  const body = objectBody(input ?? {}, "body", VERIFY_FIELDS, "");
  for (const field of ["hostname", "bindUsername", "bindPassword"]) if (body[field] === undefined) throw missing(field);
  const request: LdapVerifyRequest = {
    hostname: checkHostname(body.hostname, "hostname"),
    port: body.port === undefined ? DEFAULT_LDAP_PORT : checkPort(body.port, "port"),
    bindUsername: checkBindUsername(body.bindUsername, "bindUsername"),
    bindPassword: stringOf(body.bindPassword, "bindPassword"),
  };
  if (body.caCertificate !== undefined) request.caCertificate = checkCaCertificate(body.caCertificate, "caCertificate");
  if (body.authzQueryTemplate !== undefined) request.authzQueryTemplate = stringOf(body.authzQueryTemplate, "authzQueryTemplate");
  if (body.transportSecurity !== undefined) request.transportSecurity = checkTransport(body.transportSecurity);
  return request;
}
