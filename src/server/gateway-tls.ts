/**
 * The gateways' TLS identity: the operator's certificate and key when configured, otherwise a
 * certificate issued by the deployment server CA, whose PEM is also written to
 * `<dataDir>/server-ca.pem` for clients' `--tlsCAFile`.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ensureDeploymentServerCa } from "../core/deployment-server-ca.js";
import { issueGatewayCertificate, type GatewayTlsIdentity } from "../pki/deployment-server-ca.js";
import type { KeyAlgorithm } from "../pki/key-algorithms.js";
import type { MasterKey } from "../pki/master-key.js";
import type { Store } from "../store/store.js";

/** The CA file clients can pass to `--tlsCAFile`. */
export const SERVER_CA_FILE = "server-ca.pem";

/** What {@link loadGatewayTls} needs. */
export interface GatewayTlsSettings {
  store: Store;
  masterKey: MasterKey;
  dataDir: string;
  /** Key algorithm of the deployment server CA when it is created. */
  caKeyAlgorithm: KeyAlgorithm;
  /** Names and addresses the certificate must cover. */
  hosts: readonly string[];
  /** Operator-supplied files, used instead of certgate's CA when given. */
  operatorFiles?: { certFile: string; keyFile: string };
}

/**
 * Creates the deployment server CA if needed and writes its certificate to `<dataDir>/server-ca.pem`;
 * returns the PEM.
 */
export async function prepareServerCaFile(settings: Pick<GatewayTlsSettings, "store" | "masterKey" | "dataDir" | "caKeyAlgorithm">): Promise<string> {
  const ca = await ensureDeploymentServerCa(settings.store, settings.masterKey, settings.caKeyAlgorithm);
  await writeFile(join(settings.dataDir, SERVER_CA_FILE), ca.certificatePem, { mode: 0o600 });
  return ca.certificatePem;
}

/** Reads or issues the gateways' certificate. */
export async function loadGatewayTls(settings: GatewayTlsSettings): Promise<GatewayTlsIdentity> {
  if (settings.operatorFiles) {
    const [certPem, keyPem] = await Promise.all([
      readFile(settings.operatorFiles.certFile, "utf8").catch((cause: unknown) => {
        throw new Error(`the gateway certificate file ${settings.operatorFiles?.certFile} cannot be read`, { cause });
      }),
      readFile(settings.operatorFiles.keyFile, "utf8").catch((cause: unknown) => {
        throw new Error(`the gateway key file ${settings.operatorFiles?.keyFile} cannot be read`, { cause });
      }),
    ]);
    return { certPem, keyPem };
  }
  await prepareServerCaFile(settings);
  const ca = await ensureDeploymentServerCa(settings.store, settings.masterKey, settings.caKeyAlgorithm);
  return issueGatewayCertificate(ca, settings.masterKey, settings.hosts);
}
