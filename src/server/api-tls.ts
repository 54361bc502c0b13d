/**
 * The Admin API's and web UI's TLS: the operator's certificate and key files (re-read whenever either
 * file changes, so a renewed certificate is served without a restart), or a certificate issued by the
 * deployment server CA at start. With a client CA, every Admin API request needs a client certificate
 * that it issued.
 */
import { readFile } from "node:fs/promises";
import { unwatchFile, watchFile, type Stats } from "node:fs";
import type { Server as HttpsServer } from "node:https";
import { X509Certificate } from "node:crypto";
import { createSecureContext, type SecureContextOptions } from "node:tls";
import type { Logger } from "pino";
import { ensureDeploymentServerCa, issueGatewayCertificate } from "../gateway/server/tls/deployment-server-ca.js";
import { parseKeyAlgorithm } from "../pki/key-algorithms.js";
import type { MasterKey } from "../pki/master-key.js";
import { ConfigError, type ServerConfig } from "../shared/config.js";
import type { Store } from "../store/store.js";

/** How often the certificate files' modification times are checked. */
export const TLS_FILE_POLL_MS = 1000;

/** The API server's TLS settings. */
export interface ApiTls {
  secureContext: SecureContextOptions;
  requireClientCertificate: boolean;
  /** Swaps the certificate of `server` whenever the files change (certificate files only); returns the stop. */
  watch(server: HttpsServer, log: Logger): () => void;
}

/** Loads the API's TLS settings; `undefined` when the API serves plain HTTP. */
export async function loadApiTls(config: ServerConfig, runtime: { store: Store; masterKey: MasterKey }): Promise<ApiTls | undefined> {
  const source = config.apiTls;
  if (!source) return undefined;
  const ca = config.apiClientCaFile ? await readSetting(config.apiClientCaFile, "the Admin API client CA file") : undefined;
  const withCa = (identity: { cert: string; key: string }): SecureContextOptions => ({ ...identity, ...(ca ? { ca } : {}) });
  const requireClientCertificate = ca !== undefined;
  if (source.kind === "server-ca") {
    const serverCa = await ensureDeploymentServerCa(runtime.store, runtime.masterKey, parseKeyAlgorithm(config.caKeyAlgorithm));
    const issued = await issueGatewayCertificate(serverCa, runtime.masterKey, apiHosts(config));
    return { secureContext: withCa({ cert: issued.certPem, key: issued.keyPem }), requireClientCertificate, watch: () => () => undefined };
  }
  const readIdentity = async () => {
    const identity = {
      cert: await readSetting(source.certFile, "the Admin API certificate file"),
      key: await readSetting(source.keyFile, "the Admin API key file"),
    };
    createSecureContext(identity); // throws when the key does not match the certificate
    return identity;
  };
  const first = await readIdentity().catch((err: unknown) => {
    throw err instanceof ConfigError ? err : new ConfigError(`--tls-cert/--tls-key: ${err instanceof Error ? err.message : String(err)}`);
  });
  return {
    secureContext: withCa(first),
    requireClientCertificate,
    watch(server, log) {
      let reloading = Promise.resolve();
      const onChange = (current: Stats, previous: Stats) => {
        if (current.mtimeMs === previous.mtimeMs && current.size === previous.size && current.ino === previous.ino) return;
        reloading = reloading.then(async () => {
          try {
            const identity = await readIdentity();
            server.setSecureContext(withCa(identity));
            const cert = new X509Certificate(identity.cert);
            log.info({ subject: cert.subject, serialNumber: cert.serialNumber, validTo: cert.validTo }, "Admin API TLS certificate reloaded");
          } catch (err) {
            // A half-written pair (the certificate renewed, the key not yet) keeps the last good one.
            log.warn({ err: err instanceof Error ? err.message : String(err) }, "Admin API TLS certificate not reloaded; serving the previous one");
          }
        });
      };
      for (const file of [source.certFile, source.keyFile]) watchFile(file, { interval: TLS_FILE_POLL_MS, persistent: false }, onChange);
      return () => {
        for (const file of [source.certFile, source.keyFile]) unwatchFile(file, onChange);
      };
    },
  };
}

/** The names the deployment-CA certificate covers: the listening host, loopback, and the public URL's host. */
function apiHosts(config: ServerConfig): string[] {
  const hosts = ["localhost", "127.0.0.1", "::1"];
  if (config.host !== "0.0.0.0" && config.host !== "::") hosts.push(config.host);
  if (config.publicUrl) hosts.push(new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, ""));
  hosts.push(config.gatewayHost);
  return hosts;
}

async function readSetting(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    throw new ConfigError(`${what} ${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
