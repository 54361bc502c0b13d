/**
 * Reads the upstream deployment's `mongodb://` connection string into the settings the upstream
 * backend uses. The URI options are the drivers' own names, so an operator can paste the string
 * they already give a driver; TLS material is named by file (`tlsCertificateKeyFile`, `tlsCAFile`)
 * so no secret other than a SCRAM password is ever stored in the cluster's configuration.
 * It lives in shared/ because the core validates a cluster's string with it when the cluster is
 * created, and the gateway's upstream backend connects with what it returns. The URI syntax (hosts,
 * user information, percent-encoding) is read by the drivers' own parser, mongodb-connection-string-url;
 * this module decides what the options mean.
 */
import { ConnectionString, redactConnectionString as redactSecrets } from "mongodb-connection-string-url";

/** How the gateway's own connections authenticate to the upstream deployment. */
export type UpstreamAuth =
  | { mechanism: "NONE" }
  | { mechanism: "MONGODB-X509"; username?: string }
  | { mechanism: "SCRAM-SHA-256"; username: string; password: string; source: string };

/** One `host:port` of the connection string. */
export interface UpstreamHost {
  host: string;
  port: number;
}

/** Everything the upstream backend needs to open its connections. */
export interface UpstreamSettings {
  /** Candidate servers in the order given; the first writable primary (or mongos/standalone) is used. */
  hosts: UpstreamHost[];
  tls: boolean;
  tlsCAFile?: string;
  /** PEM file holding the gateway's client certificate followed by its private key. */
  tlsCertificateKeyFile?: string;
  tlsCertificateKeyFilePassword?: string;
  tlsAllowInvalidHostnames: boolean;
  tlsAllowInvalidCertificates: boolean;
  auth: UpstreamAuth;
  maxPoolSize: number;
  connectTimeoutMS: number;
  /** 0 means no limit, as in the drivers. */
  socketTimeoutMS: number;
  appName: string;
  /** Options that were recognised as driver options but mean nothing to a forwarder. */
  ignoredOptions: string[];
}

/** A connection string the upstream backend cannot use; the message says why. */
export class ConnectionStringError extends Error {
  override readonly name = "ConnectionStringError";
}

const DEFAULT_PORT = 27017;
// Driver options that shape a driver's own behaviour (retries, read/write defaults, topology
// discovery); a forwarder passes the client's per-command choices through instead.
const IGNORED = new Set([
  "retrywrites",
  "retryreads",
  "w",
  "journal",
  "wtimeoutms",
  "readpreference",
  "readpreferencetags",
  "readconcernlevel",
  "directconnection",
  "replicaset",
  "loadbalanced",
  "serverselectiontimeoutms",
  "heartbeatfrequencyms",
  "localthresholdms",
  "minpoolsize",
  "maxidletimems",
  "waitqueuetimeoutms",
  "compressors",
  "zlibcompressionlevel",
  "maxconnecting",
]);

function parseBoolean(name: string, value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new ConnectionStringError(`option ${name} must be true or false, got ${JSON.stringify(value)}`);
}

function parseCount(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new ConnectionStringError(`option ${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}

function parseHosts(entries: readonly string[]): UpstreamHost[] {
  if (entries.length === 0) throw new ConnectionStringError("the connection string names no host");
  return entries.map((entry) => {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(entry);
    const match = bracketed ?? plain;
    if (!match) throw new ConnectionStringError(`host ${JSON.stringify(entry)} is not host[:port]`);
    const port = match[2] === undefined ? DEFAULT_PORT : Number(match[2]);
    if (port < 1 || port > 65535) throw new ConnectionStringError(`port of ${JSON.stringify(entry)} is outside 1..65535`);
    return { host: decodeURIComponent(match[1]!), port };
  });
}

function read(uri: string): ConnectionString {
  try {
    return new ConnectionString(uri);
  } catch (error) {
    throw new ConnectionStringError(`the connection string cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Parses a `mongodb://` URI; `mongodb+srv://` is refused with a message naming the alternative. */
export function parseConnectionString(uri: string): UpstreamSettings {
  if (uri.startsWith("mongodb+srv://")) {
    throw new ConnectionStringError("mongodb+srv:// needs DNS SRV discovery, which the upstream backend does not do: list the hosts in a mongodb:// string");
  }
  if (!uri.startsWith("mongodb://")) throw new ConnectionStringError("the connection string must start with mongodb://");
  const parsed = read(uri);
  const hosts = parseHosts(parsed.hosts);
  const defaultDb = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  const rawUser = parsed.username === "" ? undefined : decodeURIComponent(parsed.username);
  // An empty password is no password: MongoDB refuses SCRAM credentials without one.
  const rawPassword = parsed.password === "" ? undefined : decodeURIComponent(parsed.password);

  const options = new Map<string, { name: string; value: string }>();
  for (const [name, value] of parsed.searchParams) options.set(name.toLowerCase(), { name, value });
  const take = (name: string): string | undefined => {
    const found = options.get(name.toLowerCase());
    options.delete(name.toLowerCase());
    return found?.value;
  };

  const tlsValue = take("tls") ?? take("ssl");
  const insecure = take("tlsInsecure");
  const settings: UpstreamSettings = {
    hosts,
    tls: tlsValue === undefined ? false : parseBoolean("tls", tlsValue),
    tlsAllowInvalidHostnames: parseBoolean("tlsAllowInvalidHostnames", take("tlsAllowInvalidHostnames") ?? insecure ?? "false"),
    tlsAllowInvalidCertificates: parseBoolean("tlsAllowInvalidCertificates", take("tlsAllowInvalidCertificates") ?? insecure ?? "false"),
    auth: { mechanism: "NONE" },
    maxPoolSize: parseCount("maxPoolSize", take("maxPoolSize") ?? "20", 1),
    connectTimeoutMS: parseCount("connectTimeoutMS", take("connectTimeoutMS") ?? "10000", 1),
    socketTimeoutMS: parseCount("socketTimeoutMS", take("socketTimeoutMS") ?? "0", 0),
    appName: take("appName") ?? "certgate-upstream",
    ignoredOptions: [],
  };
  const caFile = take("tlsCAFile");
  const certFile = take("tlsCertificateKeyFile");
  const certPassword = take("tlsCertificateKeyFilePassword");
  if (caFile !== undefined) settings.tlsCAFile = caFile;
  if (certFile !== undefined) settings.tlsCertificateKeyFile = certFile;
  if (certPassword !== undefined) settings.tlsCertificateKeyFilePassword = certPassword;

  const mechanism = take("authMechanism");
  const authSource = take("authSource");
  take("authMechanismProperties");
  if (mechanism === "MONGODB-X509") {
    if (!settings.tls) throw new ConnectionStringError("authMechanism=MONGODB-X509 needs tls=true");
    if (settings.tlsCertificateKeyFile === undefined) throw new ConnectionStringError("authMechanism=MONGODB-X509 needs tlsCertificateKeyFile");
    if (rawPassword !== undefined) throw new ConnectionStringError("MONGODB-X509 takes no password");
    if (authSource !== undefined && authSource !== "$external") throw new ConnectionStringError("MONGODB-X509 authenticates against authSource=$external only");
    settings.auth = rawUser === undefined ? { mechanism: "MONGODB-X509" } : { mechanism: "MONGODB-X509", username: rawUser };
  } else if (mechanism === "SCRAM-SHA-256" || (mechanism === undefined && rawUser !== undefined)) {
    if (rawUser === undefined || rawPassword === undefined) throw new ConnectionStringError("SCRAM-SHA-256 needs user:password@ in the connection string");
    settings.auth = { mechanism: "SCRAM-SHA-256", username: rawUser, password: rawPassword, source: authSource ?? (defaultDb || "admin") };
  } else if (mechanism !== undefined) {
    throw new ConnectionStringError(`authMechanism ${mechanism} is not supported upstream: use MONGODB-X509 or SCRAM-SHA-256`);
  }

  for (const [key, { name }] of options) {
    if (!IGNORED.has(key)) throw new ConnectionStringError(`option ${name} is not understood by the upstream backend`);
    settings.ignoredOptions.push(name);
  }
  return settings;
}

/**
 * The connection string with its secrets (the password, `tlsCertificateKeyFilePassword` and the
 * like) replaced by `****`, for logs and error messages.
 */
export function redactConnectionString(uri: string): string {
  return redactSecrets(uri, { redactUsernames: false, replacementString: "****" });
}
