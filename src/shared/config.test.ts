import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, resolveServerConfig } from "./config.js";

test("defaults: ./data under the working directory, port 8080, loopback, SQLite in the data dir", () => {
  const config = resolveServerConfig({}, {}, "/srv/app");
  assert.deepEqual(config, {
    dataDir: "/srv/app/data",
    port: 8080,
    host: "127.0.0.1",
    store: { kind: "sqlite", sqlitePath: "/srv/app/data/certgate.db" },
    publicUrl: undefined,
    trustProxy: undefined,
    logLevel: "info",
    userKeyAlgorithm: "RSA_4096",
    caKeyAlgorithm: "RSA_4096",
    keyPoolSize: 4,
    gatewayPorts: { first: 27100, last: 27199 },
    gatewayHost: "localhost",
    gatewayTls: undefined,
    apiTls: undefined,
    apiClientCaFile: undefined,
    metricsListen: undefined,
    metricsToken: undefined,
    ldapRecheckSeconds: 30,
    gatewayLimits: { maxTimeMs: 60_000, workerMemoryMb: 1024, workerNice: 0, longOperationMs: 20, unauthenticatedIdleMs: 60_000, handshakeTimeoutMs: 10_000, retryRecordsPerUser: 10_000, retryRecordMbPerUser: 32 },
    certificateRetentionDays: 365,
    audit: undefined,
    sqliteSync: "group",
  });
});

test("gateway limits: whole numbers in range, seconds turned into milliseconds", () => {
  const env = {
    CERTGATE_GATEWAY_MAX_TIME_MS: "250",
    CERTGATE_GATEWAY_WORKER_MEMORY_MB: "512",
    CERTGATE_GATEWAY_WORKER_NICE: "0",
    CERTGATE_GATEWAY_UNAUTHENTICATED_IDLE_SECONDS: " 5 ",
    CERTGATE_GATEWAY_HANDSHAKE_TIMEOUT_SECONDS: "2",
    CERTGATE_GATEWAY_RETRY_RECORDS_PER_USER: "50",
    CERTGATE_GATEWAY_RETRY_RECORD_MB_PER_USER: "4",
  };
  assert.deepEqual(resolveServerConfig({}, env, "/").gatewayLimits, { maxTimeMs: 250, workerMemoryMb: 512, workerNice: 0, longOperationMs: 20, unauthenticatedIdleMs: 5000, handshakeTimeoutMs: 2000, retryRecordsPerUser: 50, retryRecordMbPerUser: 4 });
  for (const [name, bad] of [
    ["CERTGATE_GATEWAY_MAX_TIME_MS", "0"],
    ["CERTGATE_GATEWAY_WORKER_MEMORY_MB", "32"],
    ["CERTGATE_GATEWAY_HANDSHAKE_TIMEOUT_SECONDS", "1.5"],
    ["CERTGATE_GATEWAY_RETRY_RECORDS_PER_USER", "0"],
    ["CERTGATE_GATEWAY_RETRY_RECORD_MB_PER_USER", "0"],
    ["CERTGATE_GATEWAY_WORKER_NICE", "20"],
  ] as const) {
    assert.throws(() => resolveServerConfig({}, { [name]: bad }, "/"), (e: unknown) => e instanceof ConfigError && e.message.startsWith(`${name} must be a whole number of `));
  }
});

test("Admin API TLS: certificate files, or the deployment server CA, and a client CA only with TLS", () => {
  assert.deepEqual(resolveServerConfig({ tlsCert: "tls/api.pem" }, { CERTGATE_TLS_KEY: "/keys/api.key" }, "/srv").apiTls, {
    kind: "files",
    certFile: "/srv/tls/api.pem",
    keyFile: "/keys/api.key",
  });
  assert.deepEqual(resolveServerConfig({ tls: "server-ca", apiClientCa: "ca.pem" }, {}, "/srv"), {
    ...resolveServerConfig({}, {}, "/srv"),
    apiTls: { kind: "server-ca" },
    apiClientCaFile: "/srv/ca.pem",
  });
  assert.throws(() => resolveServerConfig({ tls: "on" }, {}, "/"), /--tls must be "off" or "server-ca", got "on"/);
  assert.throws(() => resolveServerConfig({ tlsKey: "k.pem" }, {}, "/"), /--tls-key needs a certificate too: set --tls-cert or CERTGATE_TLS_CERT\./);
  assert.throws(() => resolveServerConfig({ tls: "server-ca", tlsCert: "c", tlsKey: "k" }, {}, "/"), /choose one/);
  assert.throws(() => resolveServerConfig({}, { CERTGATE_API_CLIENT_CA: "ca.pem" }, "/"), /CERTGATE_API_CLIENT_CA needs TLS/);
});

test("gateway settings: a port range, and the certificate and key given together", () => {
  const config = resolveServerConfig({ gatewayPorts: "30000 - 30009", gatewayTlsCert: "tls/gw.pem" }, { CERTGATE_GATEWAY_TLS_KEY: "/keys/gw.key" }, "/srv");
  assert.deepEqual(config.gatewayPorts, { first: 30000, last: 30009 });
  assert.deepEqual(config.gatewayTls, { certFile: "/srv/tls/gw.pem", keyFile: "/keys/gw.key" });
  assert.throws(() => resolveServerConfig({ gatewayPorts: "27199-27100" }, {}, "/"), /--gateway-ports must be a port range such as 27100-27199/);
  assert.throws(() => resolveServerConfig({}, { CERTGATE_GATEWAY_PORTS: "27100" }, "/"), /CERTGATE_GATEWAY_PORTS must be a port range/);
  assert.throws(() => resolveServerConfig({}, { CERTGATE_GATEWAY_TLS_KEY: "k.pem" }, "/"), /CERTGATE_GATEWAY_TLS_KEY needs a certificate too/);
  assert.throws(() => resolveServerConfig({ gatewayTlsCert: "gw.pem" }, {}, "/"), /--gateway-tls-cert needs a key too: set --gateway-tls-key or CERTGATE_GATEWAY_TLS_KEY\./);
});

test("environment variables replace defaults and flags win over them", () => {
  const env = { CERTGATE_DATA_DIR: "/var/lib/certgate", CERTGATE_PORT: "9000", CERTGATE_HOST: "0.0.0.0", CERTGATE_LOG_LEVEL: "debug" };
  const config = resolveServerConfig({ port: "9100" }, env, "/");
  assert.equal(config.dataDir, "/var/lib/certgate");
  assert.equal(config.port, 9100);
  assert.equal(config.host, "0.0.0.0");
  assert.equal(config.logLevel, "debug");
});

test("a postgres URL selects PostgreSQL", () => {
  const config = resolveServerConfig({}, { CERTGATE_STORE: "postgres://u:p@db:5432/certgate" }, "/");
  assert.deepEqual(config.store, { kind: "postgres", url: "postgres://u:p@db:5432/certgate" });
});

test("an empty variable counts as unset", () => {
  assert.equal(resolveServerConfig({}, { CERTGATE_PORT: "" }, "/").port, 8080);
});

test("bad values name the flag or variable they came from", () => {
  assert.throws(() => resolveServerConfig({ port: "80a" }, {}, "/"), (e: unknown) => e instanceof ConfigError && e.message.startsWith("--port "));
  assert.throws(() => resolveServerConfig({}, { CERTGATE_PORT: "70000" }, "/"), /CERTGATE_PORT must be a port number/);
  assert.throws(() => resolveServerConfig({}, { CERTGATE_STORE: "mysql://x" }, "/"), /CERTGATE_STORE must be "sqlite" or a postgres:\/\/ URL, got "mysql"/);
  assert.throws(() => resolveServerConfig({ logLevel: "loud" }, {}, "/"), /--log-level must be one of/);
  assert.throws(() => resolveServerConfig({ publicUrl: "ftp://x" }, {}, "/"), /--public-url must use http or https/);
});

test("the store error does not echo a URL's credentials", () => {
  assert.throws(
    () => resolveServerConfig({ store: "mongodb://admin:secret@host" }, {}, "/"),
    (e: unknown) => e instanceof Error && !e.message.includes("secret"),
  );
});

test("CERTGATE_CERTIFICATE_RETENTION_DAYS: whole days, 365 by default, 0 keeps every record", () => {
  assert.equal(resolveServerConfig({}, {}, "/").certificateRetentionDays, 365);
  assert.equal(resolveServerConfig({}, { CERTGATE_CERTIFICATE_RETENTION_DAYS: "0" }, "/").certificateRetentionDays, 0);
  assert.equal(resolveServerConfig({}, { CERTGATE_CERTIFICATE_RETENTION_DAYS: " 730 " }, "/").certificateRetentionDays, 730);
  for (const bad of ["-1", "1.5", "1y", "abc"]) {
    assert.throws(() => resolveServerConfig({}, { CERTGATE_CERTIFICATE_RETENTION_DAYS: bad }, "/"), (e: unknown) => e instanceof ConfigError && /CERTGATE_CERTIFICATE_RETENTION_DAYS/.test(e.message));
  }
});

test("CERTGATE_LDAP_RECHECK_SECONDS: whole seconds from 1 to 86400, 30 by default", () => {
  assert.equal(resolveServerConfig({}, {}, "/").ldapRecheckSeconds, 30);
  assert.equal(resolveServerConfig({}, { CERTGATE_LDAP_RECHECK_SECONDS: "" }, "/").ldapRecheckSeconds, 30);
  assert.equal(resolveServerConfig({}, { CERTGATE_LDAP_RECHECK_SECONDS: "1" }, "/").ldapRecheckSeconds, 1);
  assert.equal(resolveServerConfig({}, { CERTGATE_LDAP_RECHECK_SECONDS: " 86400 " }, "/").ldapRecheckSeconds, 86_400);
  for (const bad of ["0", "86401", "1.5", "-5", "30s", "1e3", "0x10", "abc", "100000"]) {
    assert.throws(
      () => resolveServerConfig({}, { CERTGATE_LDAP_RECHECK_SECONDS: bad }, "/"),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message === `CERTGATE_LDAP_RECHECK_SECONDS must be a whole number of seconds from 1 to 86400, got ${JSON.stringify(bad)}.`,
      bad,
    );
  }
});

test("metrics: a separate listen address and a token from the environment only", () => {
  const config = resolveServerConfig({ metricsListen: "0.0.0.0:9464" }, { CERTGATE_METRICS_TOKEN: " s3cret " }, "/");
  assert.deepEqual(config.metricsListen, { host: "0.0.0.0", port: 9464 });
  assert.equal(config.metricsToken, "s3cret");
  assert.deepEqual(resolveServerConfig({ metricsListen: "[::1]:9464" }, {}, "/").metricsListen, { host: "::1", port: 9464 });
  assert.throws(() => resolveServerConfig({ metricsListen: "9464" }, {}, "/"), /--metrics-listen must be host:port/);
});

test("the audit log: a file relative to the working directory, console, a filter, and the flag over the variable", () => {
  const env = { CERTGATE_AUDIT_LOG: "audit.json", CERTGATE_AUDIT_FILTER: '{"atype":"authCheck"}' };
  assert.deepEqual(resolveServerConfig({}, env, "/srv").audit, { destination: { kind: "file", path: "/srv/audit.json" }, filter: { atype: "authCheck" }, authorizationSuccess: false });
  assert.deepEqual(resolveServerConfig({ auditLog: "console", auditAuthorizationSuccess: "true" }, env, "/srv").audit?.destination, { kind: "console" });
  assert.throws(() => resolveServerConfig({}, { CERTGATE_AUDIT_FILTER: "{" }, "/"), /CERTGATE_AUDIT_FILTER/);
});

test("trustProxy: off unless the proxies are named; never everyone", () => {
  assert.equal(resolveServerConfig({}, { CERTGATE_TRUST_PROXY: "off" }, "/").trustProxy, undefined);
  assert.equal(resolveServerConfig({}, { CERTGATE_TRUST_PROXY: " 10.0.0.5, 10.1.0.0/16 ,loopback,::1" }, "/").trustProxy, "10.0.0.5,10.1.0.0/16,loopback,::1");
  assert.equal(resolveServerConfig({ trustProxy: "10.0.0.6" }, { CERTGATE_TRUST_PROXY: "10.0.0.5" }, "/").trustProxy, "10.0.0.6");
  for (const bad of ["true", "*", "0.0.0.0/0", "10.0.0.0/0", "::0/0", "2001:db8::/0", "1", "10.0.0.0/33", "proxy.example.com", "10.0.0.1,"]) {
    assert.throws(() => resolveServerConfig({}, { CERTGATE_TRUST_PROXY: bad }, "/"), (e: unknown) => e instanceof ConfigError && e.message.startsWith("CERTGATE_TRUST_PROXY "), bad);
  }
});

test("CERTGATE_SQLITE_SYNC: group by default, full on request, anything else refused", () => {
  assert.equal(resolveServerConfig({}, {}, "/").sqliteSync, "group");
  assert.equal(resolveServerConfig({}, { CERTGATE_SQLITE_SYNC: " FULL " }, "/").sqliteSync, "full");
  assert.throws(() => resolveServerConfig({}, { CERTGATE_SQLITE_SYNC: "normal" }, "/"), /CERTGATE_SQLITE_SYNC must be "group" or "full", got "normal"/);
});
