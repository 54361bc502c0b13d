/**
 * A self-signed CA certificate and its key, sealed under the master key. The one way certgate makes a
 * CA: the project CAs (`managed-ca.ts`) and the deployment server CA (`deployment-server-ca.ts`).
 *
 * - basicConstraints `CA:TRUE, pathlen:0` (critical): it signs end-entity certificates only;
 * - keyUsage `keyCertSign, cRLSign` (critical); subject and authority key identifiers (equal);
 * - the private key leaves only sealed, bound to `keyId`; the plain PKCS#8 bytes are zeroed.
 */
import { webcrypto } from "node:crypto";
import { sealCaPrivateKey } from "./ca-signing-key.js";
import { KEY_ALGORITHM_SPECS, type KeyAlgorithm } from "./key-algorithms.js";
import { generateKey, privateKeyToPkcs8Der, publicKeyToSpkiDer } from "./key-generation.js";
import { keyIdentifier } from "./key-identifier.js";
import type { MasterKey } from "./master-key.js";
import { encodePem } from "./pem-bundle.js";
import { generateSerialNumber, serialNumberToHex } from "./serial-number.js";
import { x509 } from "./x509-lib.js";

/** What a new self-signed CA is made from. */
export interface SelfSignedCaParams {
  subject: x509.Name;
  keyAlgorithm: KeyAlgorithm;
  notBefore: Date;
  notAfter: Date;
  masterKey: MasterKey;
  /** What the sealed key is bound to (the CA's id in the store). */
  keyId: string;
}

/** A new self-signed CA. */
export interface SelfSignedCa {
  certificatePem: string;
  certificateDer: Uint8Array;
  sealedPrivateKey: Buffer;
  serial: bigint;
}

/** Creates a self-signed CA certificate with a fresh key. */
export async function createSelfSignedCa(params: SelfSignedCaParams): Promise<SelfSignedCa> {
  const spec = KEY_ALGORITHM_SPECS[params.keyAlgorithm];
  const key = await generateKey(params.keyAlgorithm);
  const pkcs8 = privateKeyToPkcs8Der(key);
  try {
    const signingKey = await webcrypto.subtle.importKey("pkcs8", pkcs8, spec.importAlgorithm, false, ["sign"]);
    const subjectKeyId = new x509.SubjectKeyIdentifierExtension(keyIdentifier(key.publicKey), false);
    const serial = await generateSerialNumber();
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumberToHex(serial),
      subject: params.subject,
      issuer: params.subject,
      notBefore: params.notBefore,
      notAfter: params.notAfter,
      publicKey: publicKeyToSpkiDer(key),
      signingKey,
      signingAlgorithm: { name: spec.importAlgorithm.name, hash: spec.signatureHash },
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        subjectKeyId,
        new x509.AuthorityKeyIdentifierExtension(subjectKeyId.keyId, false),
      ],
    });
    const certificateDer = new Uint8Array(certificate.rawData);
    return {
      certificatePem: encodePem("CERTIFICATE", certificateDer),
      certificateDer,
      sealedPrivateKey: sealCaPrivateKey(params.masterKey, params.keyId, pkcs8),
      serial,
    };
  } finally {
    pkcs8.fill(0);
  }
}
