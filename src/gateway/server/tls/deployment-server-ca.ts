/**
 * The deployment server CA: a self-signed CA that certgate creates once per deployment (stored in
 * the store, its key sealed under the master key like the project CAs) and that signs every
 * gateway's TLS server certificate. Clients trust it with `--tlsCAFile <dataDir>/server-ca.pem`.
 *
 * Gateway certificates are short-lived and never stored: each gateway process issues itself a fresh
 * one (EC P-256, cheap) when it starts.
 */
import { isIPv4, isIPv6 } from "node:net";
import { webcrypto } from "node:crypto";
import { openCaSigner } from "../../../pki/ca-signer.js";
import { sealCaPrivateKey } from "../../../pki/ca-signing-key.js";
import { KEY_ALGORITHM_SPECS, type KeyAlgorithm } from "../../../pki/key-algorithms.js";
import { generateKey, privateKeyToPkcs8Der, privateKeyToPkcs8Pem, publicKeyToSpkiDer } from "../../../pki/key-generation.js";
import { BACKDATE_MS, wholeSeconds } from "../../../pki/managed-ca.js";
import type { MasterKey } from "../../../pki/master-key.js";
import { encodePem } from "../../../pki/pem-bundle.js";
import { generateSerialNumber, serialNumberToHex } from "../../../pki/serial-number.js";
import { x509 } from "../../../pki/x509-lib.js";
import { findDeploymentServerCa, saveDeploymentServerCa, type DeploymentServerCaRow } from "../../../store/repos/clusters.js";
import type { Store } from "../../../store/store.js";

/** The id the sealed key is bound to. */
const SERVER_CA_KEY_ID = "deployment-server-ca";
const CA_VALIDITY_MS = 10 * 365 * 24 * 3600 * 1000;
const SERVER_CERT_VALIDITY_MS = 397 * 24 * 3600 * 1000;

/** The subject of the gateway certificates: its O/OU also decide mongod's cluster-member rule. */
export const GATEWAY_CERT_SUBJECT = "CN=certgate gateway,OU=gateway,O=certgate deployment";

/** A gateway's TLS identity in PEM. */
export interface GatewayTlsIdentity {
  /** The server certificate (followed by its chain, if any). */
  certPem: string;
  keyPem: string;
  /** The CA clients should trust, when certgate issued the certificate. */
  caPem?: string;
}

/** Returns the deployment server CA, creating it on first use (one concurrent creator wins). */
export async function ensureDeploymentServerCa(store: Store, masterKey: MasterKey, keyAlgorithm: KeyAlgorithm): Promise<DeploymentServerCaRow> {
  const existing = await findDeploymentServerCa(store.db);
  if (existing) return existing;
  const now = wholeSeconds(new Date());
  const key = await generateKey(keyAlgorithm);
  const spec = KEY_ALGORITHM_SPECS[keyAlgorithm];
  const pkcs8 = privateKeyToPkcs8Der(key);
  const spki = publicKeyToSpkiDer(key);
  const signingKey = await webcrypto.subtle.importKey("pkcs8", pkcs8, spec.importAlgorithm, false, ["sign"]);
  const ski = await x509.SubjectKeyIdentifierExtension.create(spki);
  const name = new x509.Name("CN=certgate deployment server CA,O=certgate deployment");
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumberToHex(await generateSerialNumber()),
    subject: name,
    issuer: name,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
    publicKey: spki,
    signingKey,
    signingAlgorithm: { name: spec.importAlgorithm.name, hash: spec.signatureHash },
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ski,
      new x509.AuthorityKeyIdentifierExtension(ski.keyId, false),
    ],
  });
  const sealed = sealCaPrivateKey(masterKey, SERVER_CA_KEY_ID, pkcs8);
  pkcs8.fill(0);
  return saveDeploymentServerCa(store.db, {
    key_algorithm: keyAlgorithm,
    certificate_pem: encodePem("CERTIFICATE", new Uint8Array(certificate.rawData)),
    sealed_private_key: sealed.toString("base64"),
    created_at: now.toISOString(),
  });
}

/**
 * Issues a gateway server certificate for `hosts` (DNS names and IP addresses, all put in the SAN)
 * signed by the deployment server CA.
 */
export async function issueGatewayCertificate(ca: DeploymentServerCaRow, masterKey: MasterKey, hosts: readonly string[]): Promise<GatewayTlsIdentity> {
  const signer = await openCaSigner(
    { certificatePem: ca.certificate_pem, sealedPrivateKey: Buffer.from(ca.sealed_private_key, "base64"), keyAlgorithm: ca.key_algorithm as KeyAlgorithm },
    masterKey,
    SERVER_CA_KEY_ID,
  );
  const key = await generateKey("EC_P256");
  const spki = publicKeyToSpkiDer(key);
  const now = wholeSeconds(new Date());
  const names = [...new Set(hosts)].map((host) =>
    isIPv4(host) || isIPv6(host) ? { type: "ip" as const, value: host } : { type: "dns" as const, value: host },
  );
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumberToHex(await generateSerialNumber()),
    subject: GATEWAY_CERT_SUBJECT,
    issuer: signer.certificate.subjectName,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(Math.min(now.getTime() + SERVER_CERT_VALIDITY_MS, signer.certificate.notAfter.getTime())),
    publicKey: spki,
    signingKey: signer.privateKey,
    signingAlgorithm: signer.signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(names, false),
      await x509.SubjectKeyIdentifierExtension.create(spki),
      new x509.AuthorityKeyIdentifierExtension(signer.keyId, false),
    ],
  });
  return {
    certPem: encodePem("CERTIFICATE", new Uint8Array(certificate.rawData)),
    keyPem: privateKeyToPkcs8Pem(key),
    caPem: ca.certificate_pem,
  };
}
