/**
 * Server settings: each one from its command-line flag, else its environment variable, else its
 * default. One table drives the resolution, the `--help` texts and docs/configuration.md.
 */
import { resolve } from "node:path";
import { resolveGatewayLimits, type GatewayLimits } from "./gateway-limits.js";
import { parseAuditSettings, type AuditSettings } from "./audit-settings.js";
import { parseTrustProxy, type TrustProxy } from "./trust-proxy.js";

/** The settings of `certgate init|start|migrate`. */
export const SERVER_SETTINGS = {
  dataDir: { flag: "--data-dir <dir>", env: "CERTGATE_DATA_DIR", default: "./data", help: "data directory (SQLite store, master key)" },
  port: { flag: "--port <port>", env: "CERTGATE_PORT", default: "8080", help: "HTTP port of the Admin API (0: any free port)" },
  host: { flag: "--host <host>", env: "CERTGATE_HOST", default: "127.0.0.1", help: "address the Admin API listens on" },
  store: {
    flag: "--store <url>",
    env: "CERTGATE_STORE",
    default: "sqlite",
    help: "`sqlite` (a file in the data directory) or a postgres:// URL",
  },
  publicUrl: {
    flag: "--public-url <url>",
    env: "CERTGATE_PUBLIC_URL",
    default: "",
    help: "base URL clients use (behind a proxy); links in responses start with it",
  },
  trustProxy: {
    flag: "--trust-proxy <proxies>",
    env: "CERTGATE_TRUST_PROXY",
    default: "",
    help: "reverse proxies whose X-Forwarded-For the Admin API believes (comma-separated addresses or networks); off when empty",
  },
  logLevel: { flag: "--log-level <level>", env: "CERTGATE_LOG_LEVEL", default: "info", help: "fatal, error, warn, info, debug or trace" },
  userKeyAlgorithm: {
    flag: "--user-key-algorithm <alg>",
    env: "CERTGATE_USER_KEY_ALGORITHM",
    default: "RSA_4096",
    help: "key of issued user certificates: RSA_2048, RSA_3072, RSA_4096 (Atlas's), EC_P256 or EC_P384",
  },
  caKeyAlgorithm: {
    flag: "--ca-key-algorithm <alg>",
    env: "CERTGATE_CA_KEY_ALGORITHM",
    default: "RSA_4096",
    help: "key of new managed project CAs (same choices)",
  },
  keyPoolSize: {
    flag: "--key-pool-size <n>",
    env: "CERTGATE_KEY_POOL_SIZE",
    default: "4",
    help: "user keys `start` keeps generated ahead so issuing costs one signature (0: generate on demand)",
  },
  gatewayPorts: {
    flag: "--gateway-ports <range>",
    env: "CERTGATE_GATEWAY_PORTS",
    default: "27100-27199",
    help: "port range of the clusters' gateway listeners, `first-last`",
  },
  gatewayHost: {
    flag: "--gateway-host <name>",
    env: "CERTGATE_GATEWAY_HOST",
    default: "localhost",
    help: "host name in the clusters' connection strings and the gateway certificate's SAN",
  },
  gatewayTlsCert: {
    flag: "--gateway-tls-cert <file>",
    env: "CERTGATE_GATEWAY_TLS_CERT",
    default: "",
    help: "PEM certificate (chain) of the gateways instead of one from certgate's server CA",
  },
  gatewayTlsKey: {
    flag: "--gateway-tls-key <file>",
    env: "CERTGATE_GATEWAY_TLS_KEY",
    default: "",
    help: "PEM private key of --gateway-tls-cert",
  },
  tlsCert: {
    flag: "--tls-cert <file>",
    env: "CERTGATE_TLS_CERT",
    default: "",
    help: "PEM certificate (chain) of the Admin API and web UI: serves HTTPS, reloaded when the file changes",
  },
  tlsKey: { flag: "--tls-key <file>", env: "CERTGATE_TLS_KEY", default: "", help: "PEM private key of --tls-cert" },
  tls: {
    flag: "--tls <mode>",
    env: "CERTGATE_TLS",
    default: "off",
    help: "`server-ca`: HTTPS with a certificate from certgate's deployment server CA; `off`: HTTP unless --tls-cert is set",
  },
  metricsListen: {
    flag: "--metrics-listen <host:port>",
    env: "CERTGATE_METRICS_LISTEN",
    default: "",
    help: "serve /metrics on this address instead of the Admin API's port (e.g. 127.0.0.1:9464)",
  },
  apiClientCa: {
    flag: "--api-client-ca <file>",
    env: "CERTGATE_API_CLIENT_CA",
    default: "",
    help: "PEM CA bundle: every Admin API request must then present a client certificate it issued (mutual TLS; needs TLS)",
  },
  auditLog: {
    flag: "--audit-log <destination>",
    env: "CERTGATE_AUDIT_LOG",
    default: "",
    help: "write the audit log (JSON lines): `console` for stdout, or a file path; off when empty",
  },
  auditFilter: {
    flag: "--audit-filter <json>",
    env: "CERTGATE_AUDIT_FILTER",
    default: "",
    help: "MongoDB query document an audit message must match to be written, as mongod's auditLog.filter",
  },
  auditAuthorizationSuccess: {
    flag: "--audit-authorization-success <bool>",
    env: "CERTGATE_AUDIT_AUTHORIZATION_SUCCESS",
    default: "false",
    help: "`true`: audit every command the gateway authorizes, not only refusals (mongod's auditAuthorizationSuccess)",
  },
} as const;

/** One setting's name. */
export type ServerSettingName = keyof typeof SERVER_SETTINGS;

/** Log levels pino accepts. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
/** One log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where the store lives. */
export type StoreLocation = { kind: "sqlite"; sqlitePath: string } | { kind: "postgres"; url: string };

/** The resolved settings. */
export interface ServerConfig {
  /** Absolute path. */
  dataDir: string;
  port: number;
  host: string;
  store: StoreLocation;
  /** Without a trailing slash; undefined when not set. */
  publicUrl: string | undefined;
  /** Proxies whose `X-Forwarded-*` headers the Admin API believes (`trust-proxy.ts`); undefined: none. */
  trustProxy: TrustProxy;
  logLevel: LogLevel;
  /** Checked against the PKI's list when the core is built (shared/ does not import pki/). */
  userKeyAlgorithm: string;
  caKeyAlgorithm: string;
  /** Keys of `userKeyAlgorithm` held ready by `start`. */
  keyPoolSize: number;
  /** Inclusive port range of gateway listeners. */
  gatewayPorts: { first: number; last: number };
  gatewayHost: string;
  /** Operator-supplied gateway certificate and key files (absolute), or undefined for certgate's own. */
  gatewayTls: { certFile: string; keyFile: string } | undefined;
  /** How the Admin API and web UI are served over HTTPS; undefined: plain HTTP. */
  apiTls: ApiTlsSource | undefined;
  /** With `apiTls`: the CA bundle file that client certificates of every Admin API request must chain to. */
  apiClientCaFile: string | undefined;
  /** Where `/metrics` is served apart from the Admin API; undefined: on the Admin API's port. */
  metricsListen: { host: string; port: number } | undefined;
  /** `CERTGATE_METRICS_TOKEN` (no flag, so it stays out of `ps`): scrapers must send `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /**
   * Seconds between the gateway's LDAP re-checks of open connections, which is also how long an LDAP
   * group lookup is reused (`CERTGATE_LDAP_RECHECK_SECONDS`; mongod's `ldapUserCacheInvalidationInterval`).
   */
  ldapRecheckSeconds: number;
  /** Time, memory and connection limits of the gateway (`gateway-limits.ts`). */
  gatewayLimits: GatewayLimits;
  /** Days after expiry a certificate record is kept (`CERTGATE_CERTIFICATE_RETENTION_DAYS`); 0 keeps every record. */
  certificateRetentionDays: number;
  /** The audit log; undefined when it is off. */
  audit: AuditSettings | undefined;
  /** `CERTGATE_SQLITE_SYNC`: `group` (default) lets `start` share syncs of a SQLite store's log; `full` syncs each commit. */
  sqliteSync?: "group" | "full";
}

/** Where the Admin API's TLS certificate comes from. */
export type ApiTlsSource = { kind: "files"; certFile: string; keyFile: string } | { kind: "server-ca" };

/** A setting with a value that can't be used; the message names the flag or variable it came from. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Flag values as commander hands them over (absent when not given). */
export type ServerFlags = Partial<Record<ServerSettingName, string | undefined>>;

/**
 * Resolves every setting: the flag wins over the environment variable, which wins over the default.
 * `cwd` anchors a relative data directory.
 */
export function resolveServerConfig(flags: ServerFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ServerConfig {
  const pick = (name: ServerSettingName): { value: string; source: string } => {
    const setting = SERVER_SETTINGS[name];
    const flagValue = flags[name];
    if (flagValue !== undefined) return { value: flagValue, source: setting.flag.split(" ")[0] as string };
    const envValue = env[setting.env];
    if (envValue !== undefined && envValue !== "") return { value: envValue, source: setting.env };
    return { value: setting.default, source: `the default of ${setting.env}` };
  };

  const dataDir = resolve(cwd, pick("dataDir").value);
  return {
    dataDir,
    port: parsePort(pick("port")),
    host: parseHost(pick("host")),
    store: parseStore(pick("store"), dataDir),
    publicUrl: parsePublicUrl(pick("publicUrl")),
    trustProxy: parseTrustProxyOf(pick("trustProxy")),
    logLevel: parseLogLevel(pick("logLevel")),
    userKeyAlgorithm: pick("userKeyAlgorithm").value.trim(),
    caKeyAlgorithm: pick("caKeyAlgorithm").value.trim(),
    keyPoolSize: parsePoolSize(pick("keyPoolSize")),
    gatewayPorts: parsePortRange(pick("gatewayPorts")),
    gatewayHost: parseHost(pick("gatewayHost")),
    gatewayTls: parseGatewayTls(pick("gatewayTlsCert"), pick("gatewayTlsKey"), cwd),
    ...parseApiTls(pick("tls"), pick("tlsCert"), pick("tlsKey"), pick("apiClientCa"), cwd),
    metricsListen: parseListenAddress(pick("metricsListen")),
    metricsToken: (env[METRICS_TOKEN_ENV] ?? "").trim() || undefined,
    ldapRecheckSeconds: parseLdapRecheckSeconds(env),
    gatewayLimits: parseGatewayLimits(env),
    certificateRetentionDays: parseCertificateRetentionDays(env),
    audit: parseAuditSettings(pick("auditLog"), pick("auditFilter"), pick("auditAuthorizationSuccess"), cwd, (message) => new ConfigError(message)),
    sqliteSync: parseSqliteSync(env),
  };
}

function parseApiTls(
  mode: { value: string; source: string },
  cert: { value: string; source: string },
  key: { value: string; source: string },
  clientCa: { value: string; source: string },
  cwd: string,
): Pick<ServerConfig, "apiTls" | "apiClientCaFile"> {
  const modeText = mode.value.trim().toLowerCase();
  if (modeText !== "off" && modeText !== "server-ca") throw new ConfigError(`${mode.source} must be "off" or "server-ca", got ${JSON.stringify(mode.value)}.`);
  const files = parseCertAndKey(cert, key, "--tls-cert", SERVER_SETTINGS.tlsCert.env, "--tls-key", SERVER_SETTINGS.tlsKey.env, cwd);
  if (files && modeText === "server-ca") throw new ConfigError(`${mode.source} is "server-ca" but ${cert.source} names a certificate file too: choose one.`);
  const apiTls: ApiTlsSource | undefined = files ? { kind: "files", ...files } : modeText === "server-ca" ? { kind: "server-ca" } : undefined;
  const caText = clientCa.value.trim();
  if (caText !== "" && !apiTls) throw new ConfigError(`${clientCa.source} needs TLS: set --tls-cert and --tls-key, or --tls server-ca.`);
  return { apiTls, apiClientCaFile: caText === "" ? undefined : resolve(cwd, caText) };
}

/** The environment variable of the LDAP re-check interval (it has no flag, like the alert settings). */
export const LDAP_RECHECK_ENV = "CERTGATE_LDAP_RECHECK_SECONDS";
/** mongod's default `ldapUserCacheInvalidationInterval` (and `ldapUserCacheRefreshInterval`). */
export const DEFAULT_LDAP_RECHECK_SECONDS = 30;
/** mongod's upper bound for the same parameters: one day. */
export const MAX_LDAP_RECHECK_SECONDS = 86_400;

function parseLdapRecheckSeconds(env: NodeJS.ProcessEnv): number {
  const text = (env[LDAP_RECHECK_ENV] ?? "").trim();
  if (text === "") return DEFAULT_LDAP_RECHECK_SECONDS;
  const seconds = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_LDAP_RECHECK_SECONDS) {
    throw new ConfigError(`${LDAP_RECHECK_ENV} must be a whole number of seconds from 1 to ${MAX_LDAP_RECHECK_SECONDS}, got ${JSON.stringify(text)}.`);
  }
  return seconds;
}

function parseGatewayLimits(env: NodeJS.ProcessEnv): GatewayLimits {
  try {
    return resolveGatewayLimits(env);
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err));
  }
}

function parsePoolSize({ value, source }: { value: string; source: string }): number {
  const size = Number(value.trim());
  if (!/^\s*\d{1,4}\s*$/.test(value) || size > 1000) {
    throw new ConfigError(`${source} must be a whole number from 0 to 1000, got ${JSON.stringify(value)}.`);
  }
  return size;
}

function parsePortRange({ value, source }: { value: string; source: string }): { first: number; last: number } {
  const match = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(value);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (!match || first < 1 || last > 65535 || first > last) {
    throw new ConfigError(`${source} must be a port range such as 27100-27199, got ${JSON.stringify(value)}.`);
  }
  return { first, last };
}

function parseGatewayTls(
  cert: { value: string; source: string },
  key: { value: string; source: string },
  cwd: string,
): { certFile: string; keyFile: string } | undefined {
  return parseCertAndKey(cert, key, "--gateway-tls-cert", SERVER_SETTINGS.gatewayTlsCert.env, "--gateway-tls-key", SERVER_SETTINGS.gatewayTlsKey.env, cwd);
}

function parseCertAndKey(
  cert: { value: string; source: string },
  key: { value: string; source: string },
  certFlag: string,
  certEnv: string,
  keyFlag: string,
  keyEnv: string,
  cwd: string,
): { certFile: string; keyFile: string } | undefined {
  const certFile = cert.value.trim();
  const keyFile = key.value.trim();
  if (certFile === "" && keyFile === "") return undefined;
  if (certFile === "") throw new ConfigError(`${key.source} needs a certificate too: set ${certFlag} or ${certEnv}.`);
  if (keyFile === "") throw new ConfigError(`${cert.source} needs a key too: set ${keyFlag} or ${keyEnv}.`);
  return { certFile: resolve(cwd, certFile), keyFile: resolve(cwd, keyFile) };
}

/** The SQLite file of a data directory. */
export const SQLITE_STORE_FILE = "certgate.db";

function parsePort({ value, source }: { value: string; source: string }): number {
  const port = /^\d{1,5}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isInteger(port) || port > 65535) throw new ConfigError(`${source} must be a port number from 0 to 65535, got ${JSON.stringify(value)}.`);
  return port;
}

function parseHost({ value, source }: { value: string; source: string }): string {
  const host = value.trim();
  if (host === "" || /[\s/]/.test(host)) throw new ConfigError(`${source} must be a host name or IP address, got ${JSON.stringify(value)}.`);
  return host;
}

function parseStore({ value, source }: { value: string; source: string }, dataDir: string): StoreLocation {
  const text = value.trim();
  if (text === "sqlite") return { kind: "sqlite", sqlitePath: resolve(dataDir, SQLITE_STORE_FILE) };
  if (/^postgres(ql)?:\/\/./.test(text)) return { kind: "postgres", url: text };
  throw new ConfigError(`${source} must be "sqlite" or a postgres:// URL, got ${JSON.stringify(text.split(":")[0])}...`);
}

function parseTrustProxyOf({ value, source }: { value: string; source: string }): TrustProxy {
  return parseTrustProxy(value, (reason) => new ConfigError(`${source} ${reason}`));
}

function parsePublicUrl({ value, source }: { value: string; source: string }): string | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${source} must be an absolute http(s) URL, got ${JSON.stringify(text)}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`${source} must use http or https, got ${JSON.stringify(text)}.`);
  return text.replace(/\/+$/, "");
}

function parseLogLevel({ value, source }: { value: string; source: string }): LogLevel {
  const level = LOG_LEVELS.find((l) => l === value.trim().toLowerCase());
  if (!level) throw new ConfigError(`${source} must be one of ${LOG_LEVELS.join(", ")}, got ${JSON.stringify(value)}.`);
  return level;
}

/** Environment variable of the certificate records' retention period. */
export const CERTIFICATE_RETENTION_ENV = "CERTGATE_CERTIFICATE_RETENTION_DAYS";
/** Certificate records are kept this many days after the certificate expired, by default. */
export const DEFAULT_CERTIFICATE_RETENTION_DAYS = 365;

function parseCertificateRetentionDays(env: NodeJS.ProcessEnv): number {
  const text = (env[CERTIFICATE_RETENTION_ENV] ?? "").trim();
  if (text === "") return DEFAULT_CERTIFICATE_RETENTION_DAYS;
  const days = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(days)) {
    throw new ConfigError(`${CERTIFICATE_RETENTION_ENV} must be a whole number of days (0 keeps every record), got ${JSON.stringify(text)}.`);
  }
  return days;
}

/** The environment variable that chooses how `start` syncs a SQLite store. */
export const SQLITE_SYNC_ENV = "CERTGATE_SQLITE_SYNC";

function parseSqliteSync(env: NodeJS.ProcessEnv): "group" | "full" {
  const text = (env[SQLITE_SYNC_ENV] ?? "").trim().toLowerCase();
  if (text === "" || text === "group") return "group";
  if (text === "full") return "full";
  throw new ConfigError(`${SQLITE_SYNC_ENV} must be "group" or "full", got ${JSON.stringify(env[SQLITE_SYNC_ENV])}.`);
}

/** The environment variable of the metrics token. */
export const METRICS_TOKEN_ENV = "CERTGATE_METRICS_TOKEN";

function parseListenAddress({ value, source }: { value: string; source: string }): { host: string; port: number } | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  const match = /^(\[[^\]]+\]|[^:\s/]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new ConfigError(`${source} must be host:port such as 127.0.0.1:9464, got ${JSON.stringify(value)}.`);
  return { host: (match[1] as string).replace(/^\[|\]$/g, ""), port };
}
