/**
 * Everything needed to sign with a managed CA: its parsed certificate, its unsealed signing key and
 * its key identifier (for the authorityKeyIdentifier of what it signs).
 */
import { openCaSigningKey, type CaSigningKey } from "./ca-signing-key.js";
import type { ManagedCaRecord } from "./managed-ca.js";
import type { MasterKey } from "./master-key.js";
import { PkiError } from "./pki-error.js";
import { x509 } from "./x509-lib.js";

/** The parts of a managed CA record a signer is made from. */
export type SigningCaRecord = Pick<ManagedCaRecord, "certificatePem" | "sealedPrivateKey" | "keyAlgorithm">;

/** A managed CA ready to sign. */
export interface CaSigner extends CaSigningKey {
  readonly certificate: x509.X509Certificate;
  /** Hex key identifier: the CA's subjectKeyIdentifier, or computed from its key when absent. */
  readonly keyId: string;
}

/** Parses the CA certificate as the peculiar library's object. */
export function parseCaCertificate(ca: SigningCaRecord, caId: string): x509.X509Certificate {
  try {
    return new x509.X509Certificate(ca.certificatePem);
  } catch (error) {
    throw new PkiError("INVALID_PEM", `managed CA certificate ${caId} cannot be read`, { cause: error });
  }
}

async function keyIdOf(certificate: x509.X509Certificate): Promise<string> {
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  if (ski) return ski.keyId;
  return (await x509.SubjectKeyIdentifierExtension.create(certificate.publicKey)).keyId;
}

/** Opens the sealed key of `ca` (bound to `caId`) and prepares it for signing. */
export async function openCaSigner(ca: SigningCaRecord, masterKey: MasterKey, caId: string): Promise<CaSigner> {
  const certificate = parseCaCertificate(ca, caId);
  const [key, keyId] = await Promise.all([
    openCaSigningKey(masterKey, caId, ca.sealedPrivateKey, ca.keyAlgorithm),
    keyIdOf(certificate),
  ]);
  return { ...key, certificate, keyId };
}
