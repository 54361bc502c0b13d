/**
 * The deployment server CA: a self-signed CA that certgate creates once per deployment (the core keeps
 * it in the store, its key sealed under the master key like the project CAs) and that signs every
 * gateway's TLS server certificate. Clients trust it with `--tlsCAFile <dataDir>/server-ca.pem`.
 *
 * Gateway certificates are short-lived and never stored: each gateway process issues itself a fresh
 * one (EC P-256, cheap) when it starts.
 */
import { isIPv4, isIPv6 } from "node:net";
import { openCaSigner } from "./ca-signer.js";
import type { KeyAlgorithm } from "./key-algorithms.js";
import { generateKey, privateKeyToPkcs8Pem, publicKeyToSpkiDer } from "./key-generation.js";
import { BACKDATE_MS, wholeSeconds } from "./managed-ca.js";
import type { MasterKey } from "./master-key.js";
import { encodePem } from "./pem-bundle.js";
import { createSelfSignedCa } from "./self-signed-ca.js";
import { generateSerialNumber, serialNumberToHex } from "./serial-number.js";
import { x509 } from "./x509-lib.js";

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

/** The deployment server CA as the store keeps it. */
export interface DeploymentServerCa {
  certificatePem: string;
  /** The PKCS#8 key sealed under the master key, bound to the deployment CA's key id. */
  sealedPrivateKey: Buffer;
  keyAlgorithm: KeyAlgorithm;
  createdAt: Date;
}

/** Creates a new deployment server CA, valid for ten years. */
export async function createDeploymentServerCa(masterKey: MasterKey, keyAlgorithm: KeyAlgorithm, at: Date): Promise<DeploymentServerCa> {
  const now = wholeSeconds(at);
  const ca = await createSelfSignedCa({
    subject: new x509.Name("CN=certgate deployment server CA,O=certgate deployment"),
    keyAlgorithm,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
    masterKey,
    keyId: SERVER_CA_KEY_ID,
  });
  return { certificatePem: ca.certificatePem, sealedPrivateKey: ca.sealedPrivateKey, keyAlgorithm, createdAt: now };
}

/**
 * Issues a gateway server certificate for `hosts` (DNS names and IP addresses, all put in the SAN)
 * signed by the deployment server CA.
 */
export async function issueGatewayCertificate(ca: DeploymentServerCa, masterKey: MasterKey, hosts: readonly string[]): Promise<GatewayTlsIdentity> {
  const signer = await openCaSigner(ca, masterKey, SERVER_CA_KEY_ID);
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
    caPem: ca.certificatePem,
  };
}
