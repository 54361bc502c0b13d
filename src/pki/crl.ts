/**
 * Certificate revocation lists signed by a managed CA (X.509 v2 CRLs, RFC 5280 §5), for exporting to
 * a real mongod's `net.tls.CRLFile` and for anyone else who checks revocation offline.
 *
 * Each CRL carries the CA's authorityKeyIdentifier and a CRL number that the caller increases with
 * every CRL it publishes (RFC 5280 §5.2.3), and one entry per revoked certificate with its
 * revocation time and, unless unspecified, its reason code.
 */
import { id_ce_cRLNumber } from "@peculiar/asn1-x509";
import { openCaSigner, type SigningCaRecord } from "./ca-signer.js";
import type { MasterKey } from "./master-key.js";
import { encodePem } from "./pem-bundle.js";
import { wholeSeconds } from "./managed-ca.js";
import { PkiError } from "./pki-error.js";
import { serialNumberToDer, serialNumberToHex } from "./serial-number.js";
import { x509 } from "./x509-lib.js";

/** Reason codes of RFC 5280 §5.3.1, by name; code 7 is unassigned. */
export const CRL_REASONS = [
  "unspecified",
  "keyCompromise",
  "cACompromise",
  "affiliationChanged",
  "superseded",
  "cessationOfOperation",
  "certificateHold",
  "removeFromCRL",
  "privilegeWithdrawn",
  "aACompromise",
] as const;

/** A revocation reason. */
export type CrlReason = (typeof CRL_REASONS)[number];

const REASON_CODES: Readonly<Record<CrlReason, number>> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};

/** One revoked certificate. */
export interface RevokedCertificate {
  readonly serial: bigint;
  readonly revokedAt: Date;
  readonly reason?: CrlReason;
}

/** What {@link createCrl} needs. */
export interface CreateCrlParams {
  ca: SigningCaRecord;
  masterKey: MasterKey;
  /** The CA's id, which the sealed key is bound to. */
  caId: string;
  revoked: readonly RevokedCertificate[];
  /** Monotonically increasing per CA; at most 20 octets (RFC 5280 §5.2.3). */
  crlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
}

/** The largest CRL number RFC 5280 allows (20 octets). */
const MAX_CRL_NUMBER = (1n << 159n) - 1n;

/** DER INTEGER for a non-negative bigint. */
function derInteger(value: bigint): Uint8Array {
  const content = value === 0n ? Buffer.from([0]) : serialNumberToDer(value);
  return Buffer.concat([Buffer.from([0x02, content.length]), content]);
}

function checkParams(params: CreateCrlParams): void {
  if (params.crlNumber < 0n || params.crlNumber > MAX_CRL_NUMBER) {
    throw new PkiError("INVALID_ARGUMENT", `CRL number must be from 0 to 2^159-1, got ${params.crlNumber}`);
  }
  if (params.nextUpdate.getTime() <= params.thisUpdate.getTime()) {
    throw new PkiError(
      "INVALID_ARGUMENT",
      `CRL nextUpdate ${params.nextUpdate.toISOString()} must be after thisUpdate ${params.thisUpdate.toISOString()}`,
    );
  }
  const seen = new Set<bigint>();
  for (const entry of params.revoked) {
    if (entry.serial <= 0n) throw new PkiError("INVALID_ARGUMENT", `revoked serial must be positive, got ${entry.serial}`);
    if (seen.has(entry.serial)) throw new PkiError("INVALID_ARGUMENT", `serial ${entry.serial} is listed twice in the CRL`);
    seen.add(entry.serial);
  }
}

/** Builds and signs a CRL; returns it as PEM (`-----BEGIN X509 CRL-----`). */
export async function createCrl(params: CreateCrlParams): Promise<string> {
  checkParams(params);
  const signer = await openCaSigner(params.ca, params.masterKey, params.caId);
  const crl = await x509.X509CrlGenerator.create({
    issuer: signer.certificate.subjectName,
    thisUpdate: wholeSeconds(params.thisUpdate),
    nextUpdate: wholeSeconds(params.nextUpdate),
    signingKey: signer.privateKey,
    signingAlgorithm: signer.signingAlgorithm,
    extensions: [
      new x509.AuthorityKeyIdentifierExtension(signer.keyId, false),
      new x509.Extension(id_ce_cRLNumber, false, derInteger(params.crlNumber)),
    ],
    entries: params.revoked.map((entry) => ({
      serialNumber: serialNumberToHex(entry.serial),
      revocationDate: wholeSeconds(entry.revokedAt),
      ...(entry.reason && entry.reason !== "unspecified" ? { reason: REASON_CODES[entry.reason] } : {}),
    })),
  });
  // RFC 7468 §5 labels a CRL "X509 CRL"; OpenSSL reads no other label.
  return encodePem("X509 CRL", new Uint8Array(crl.rawData));
}
