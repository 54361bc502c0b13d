/**
 * Issues a MANAGED database user's client certificate, shaped like Atlas's:
 * - subject `CN=<username>` (the name verbatim as one UTF8String; built as ASN.1, never parsed from a
 *   DN string, so commas, plus signs or quotes in a name stay part of the value);
 * - issuer the project's managed CA; SHA-256 (SHA-384 under a P-384 CA);
 * - notBefore one hour before now (clock skew), notAfter `months` calendar months after now; or, for a
 *   short-lived certificate given as an exact duration, notBefore five minutes before now and notAfter
 *   that duration after now (an hour of backdating would be a large share of an eight-hour certificate);
 * - keyUsage digitalSignature and extendedKeyUsage clientAuth, both critical as in Atlas's
 *   certificates, plus subject and authority key identifiers;
 * - a fresh key (RSA-4096 unless asked otherwise) that is returned once and never stored, or the public
 *   key of a verified CSR (`certificate-request.ts`), in which case only the certificate is returned.
 *
 * The reported `subject` is the name mongod derives from the certificate (RFC 4518-prepared, so a
 * ligature or full-width letter in a user name reads as its NFKC form there); a name holding a
 * character mongod refuses gets no certificate (`INVALID_DN`).
 *
 * A certificate never outlives its CA: a request whose notAfter would pass the CA's is refused with
 * `CA_VALIDITY_EXCEEDED` (rather than silently shortened), and the CA should be rotated first
 * (`managedCaNeedsRotation` says when).
 */
import { addCalendarMonths } from "./calendar-months.js";
import { checkDurationMs } from "./certificate-lifetime.js";
import { openCaSigner, type SigningCaRecord } from "./ca-signer.js";
import type { CaSignerCache } from "./ca-signer-cache.js";
import { hasUnusableCharacter, normalizeDn, renderCertificateSubject, renderDn } from "./dn/index.js";
import { DEFAULT_KEY_ALGORITHM, type KeyAlgorithm } from "./key-algorithms.js";
import { generateKey, privateKeyToPkcs8Pem, publicKeyToSpkiDer } from "./key-generation.js";
import { keyIdentifierOfSpki } from "./key-identifier.js";
import type { KeyPool } from "./key-pool.js";
import { BACKDATE_MS, wholeSeconds } from "./managed-ca.js";
import { MAX_CERTIFICATE_MONTHS } from "./managed-ca-trust.js";
import type { MasterKey } from "./master-key.js";
import { encodePem } from "./pem-bundle.js";
import { PkiError } from "./pki-error.js";
import { generateSerialNumber, serialNumberToDer, type IsSerialTaken } from "./serial-number.js";
import { buildUserCertificate } from "./user-certificate-builder.js";
import type { x509 } from "./x509-lib.js";

const COMMON_NAME_OID = "2.5.4.3";

/** What {@link issueUserCertificate} needs. */
export interface IssueUserCertificateParams {
  ca: SigningCaRecord;
  masterKey: MasterKey;
  /** The CA's id, which the sealed key is bound to. */
  caId: string;
  /** The managed user's name; becomes the CN value as is. */
  username: string;
  /** Whole calendar months of validity, 1 to 24 (Atlas's `monthsUntilExpiration`). */
  months?: number;
  /** Instead of `months`: an exact lifetime in milliseconds (short-lived certificates). */
  durationMs?: number;
  /** The certificate's key, from a verified CSR (SubjectPublicKeyInfo DER); no key is generated then. */
  publicKeySpki?: Buffer;
  /** Key of the new certificate; defaults to RSA_4096. */
  keyAlgorithm?: KeyAlgorithm;
  /** Where to take a ready key from; without it a key is generated on the spot. */
  keyPool?: KeyPool;
  now?: Date;
  /** Asked for each drawn serial; return true to draw again (serials are unique per CA). */
  isSerialTaken?: IsSerialTaken;
  /** Draws a serial; `randomSerialNumber` when absent. */
  drawSerialNumber?: () => bigint;
  /** Reuses opened CA keys across issues; without it the sealed key is opened for this issue alone. */
  signerCache?: CaSignerCache;
}

/** An issued certificate, with its key in the one response that carries it. */
export interface IssuedUserCertificate {
  /** Certificate PEM followed by the PKCS#8 `PRIVATE KEY` PEM (the body Atlas answers with); the certificate alone for a CSR. */
  readonly pem: string;
  readonly certificatePem: string;
  readonly serial: bigint;
  /** The subject in certgate's canonical RFC 2253 form, e.g. `CN=alice`. */
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The algorithm of a key generated here; undefined for a CSR's key. */
  readonly keyAlgorithm: KeyAlgorithm | undefined;
}

/** Checks Atlas's `monthsUntilExpiration` rule: an integer from 1 to 24. */
export function checkCertificateMonths(months: unknown): number {
  if (typeof months !== "number" || !Number.isInteger(months) || months < 1 || months > MAX_CERTIFICATE_MONTHS) {
    throw new PkiError(
      "INVALID_ARGUMENT",
      `certificate validity must be a whole number of months from 1 to ${MAX_CERTIFICATE_MONTHS}, got ${String(months)}`,
    );
  }
  return months;
}

function checkUsername(username: string): void {
  if (username.length === 0) throw new PkiError("INVALID_ARGUMENT", "username for a certificate must not be empty");
  if (hasUnusableCharacter(username)) {
    throw new PkiError(
      "INVALID_ARGUMENT",
      `username ${JSON.stringify(username)} contains control characters or invalid UTF-16 and cannot become a certificate subject`,
    );
  }
}

function checkCaValidity(ca: x509.X509Certificate, now: Date, notAfter: Date): void {
  const name = () => renderCertificateSubject(new Uint8Array(ca.rawData));
  if (now.getTime() < ca.notBefore.getTime()) {
    throw new PkiError("CA_NOT_YET_VALID", `managed CA "${name()}" is not valid until ${ca.notBefore.toISOString()}`);
  }
  if (now.getTime() > ca.notAfter.getTime()) {
    throw new PkiError("CA_EXPIRED", `managed CA "${name()}" expired at ${ca.notAfter.toISOString()}`);
  }
  if (notAfter.getTime() > ca.notAfter.getTime()) {
    throw new PkiError(
      "CA_VALIDITY_EXCEEDED",
      `a certificate valid until ${notAfter.toISOString()} would outlive managed CA "${name()}", which expires at ${ca.notAfter.toISOString()}; rotate the CA or ask for fewer months`,
    );
  }
}

/**
 * The subject `CN=<username>` in certgate's canonical form, which is what mongod will derive from the
 * certificate. Computed before signing so that a name mongod would refuse (a prohibited or unassigned
 * character, `PkiError("INVALID_DN")`) never gets a certificate.
 */
function canonicalSubject(username: string): string {
  return renderDn(normalizeDn([[{ oid: COMMON_NAME_OID, value: username }]]));
}

/** Backdating of a certificate with an exact (short) lifetime. */
export const SHORT_LIVED_BACKDATE_MS = 5 * 60 * 1000;

function validityWindow(params: IssueUserCertificateParams, now: Date): { notBefore: Date; notAfter: Date } {
  if (params.durationMs !== undefined) {
    if (params.months !== undefined) throw new PkiError("INVALID_ARGUMENT", "give months or a duration, not both");
    const durationMs = checkDurationMs(params.durationMs);
    return { notBefore: new Date(now.getTime() - SHORT_LIVED_BACKDATE_MS), notAfter: new Date(now.getTime() + durationMs) };
  }
  const months = checkCertificateMonths(params.months);
  return { notBefore: new Date(now.getTime() - BACKDATE_MS), notAfter: addCalendarMonths(now, months) };
}

interface CertificateKey {
  readonly spkiDer: Buffer;
  /** PKCS#8 PEM of a key generated here; undefined for a CSR's key. */
  readonly privateKeyPem: string | undefined;
  readonly algorithm: KeyAlgorithm | undefined;
}

async function certificateKey(params: IssueUserCertificateParams): Promise<CertificateKey> {
  if (params.publicKeySpki !== undefined) {
    return { spkiDer: params.publicKeySpki, privateKeyPem: undefined, algorithm: undefined };
  }
  const algorithm = params.keyAlgorithm ?? DEFAULT_KEY_ALGORITHM;
  const key = await (params.keyPool ? params.keyPool.take(algorithm) : generateKey(algorithm));
  return { spkiDer: publicKeyToSpkiDer(key), privateKeyPem: privateKeyToPkcs8Pem(key), algorithm };
}

/** A certificate whose contents are settled (serial, subject, validity, key) and whose CA signature is still to be made. */
export interface PreparedUserCertificate {
  readonly serial: bigint;
  /** The subject in certgate's canonical RFC 2253 form, e.g. `CN=alice`. */
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The algorithm of a key generated here; undefined for a CSR's key. */
  readonly keyAlgorithm: KeyAlgorithm | undefined;
  /** Signs with the CA (in libuv's threadpool) and returns the issued certificate; call it once. */
  sign(): Promise<IssuedUserCertificate>;
}

/**
 * Settles everything a certificate says and checks it against the CA, without signing yet: a caller
 * can then record the certificate while its signature is computed.
 */
export async function prepareUserCertificate(params: IssueUserCertificateParams): Promise<PreparedUserCertificate> {
  const now = wholeSeconds(params.now ?? new Date());
  const { notBefore, notAfter } = validityWindow(params, now);
  checkUsername(params.username);
  const subject = canonicalSubject(params.username);

  const signer = await (params.signerCache
    ? params.signerCache.get(params.ca, params.masterKey, params.caId)
    : openCaSigner(params.ca, params.masterKey, params.caId));
  checkCaValidity(signer.certificate, now, notAfter);

  const [key, serial] = await Promise.all([certificateKey(params), generateSerialNumber(params.isSerialTaken, undefined, params.drawSerialNumber)]);

  const sign = async (): Promise<IssuedUserCertificate> => {
    const certificateDer = await buildUserCertificate({
      serialNumber: serialNumberToDer(serial),
      username: params.username,
      caCertificateDer: signer.certificate.rawData,
      notBefore,
      notAfter,
      spkiDer: key.spkiDer,
      subjectKeyId: keyIdentifierOfSpki(key.spkiDer),
      authorityKeyId: signer.keyId,
      signingKey: signer.privateKey,
      signingAlgorithm: signer.signingAlgorithm,
    });
    const certificatePem = encodePem("CERTIFICATE", certificateDer);
    return {
      pem: certificatePem + (key.privateKeyPem ?? ""),
      certificatePem,
      serial,
      subject,
      notBefore,
      notAfter,
      keyAlgorithm: key.algorithm,
    };
  };
  return { serial, subject, notBefore, notAfter, keyAlgorithm: key.algorithm, sign };
}

/** Issues one certificate; see the module comment for its shape. */
export async function issueUserCertificate(params: IssueUserCertificateParams): Promise<IssuedUserCertificate> {
  return (await prepareUserCertificate(params)).sign();
}
