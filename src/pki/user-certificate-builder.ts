/**
 * Builds and signs a managed user's certificate by writing its DER directly (X.690, RFC 5280 §4.1).
 *
 * A user certificate always has the same shape, so it is assembled from bytes: the parts that never
 * change (version, key usage, extended key usage) are constants, the issuer is the CA certificate's
 * subject copied as it is encoded there, and the rest (serial, validity, subject, key, key identifiers)
 * is a handful of tag-length-value writes. A schema-driven ASN.1 library did the same job at several
 * times the cost of everything else on the CSR-signing path. The signature itself is WebCrypto's, with a
 * non-extractable key, in libuv's threadpool.
 */
import { webcrypto } from "node:crypto";
import { DER_TAG, derOid, derSequence, derTagged, derTime, derUnsignedIntegerOfBytes } from "./der.js";
import { readDerChildren, readDerTagged } from "./der-reader.js";
import { PkiError } from "./pki-error.js";
import { signatureAlgorithmIdentifier } from "./signature-algorithm-identifier.js";

const BOOLEAN_TRUE = Buffer.from([0x01, 0x01, 0xff]);
const VERSION_3 = Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]);
const COMMON_NAME = derOid("2.5.4.3");

function extension(oid: string, critical: boolean, value: Uint8Array): Buffer {
  return derSequence([derOid(oid), ...(critical ? [BOOLEAN_TRUE] : []), derTagged(DER_TAG.octetString, [value])]);
}

// Every managed user certificate carries these two, critical, as Atlas's do: keyUsage
// digitalSignature (BIT STRING, 7 unused bits, 0x80) and extendedKeyUsage clientAuth.
const KEY_USAGE = extension("2.5.29.15", true, Buffer.from([0x03, 0x02, 0x07, 0x80]));
const EXTENDED_KEY_USAGE = extension("2.5.29.37", true, derSequence([derOid("1.3.6.1.5.5.7.3.2")]));

/** Converts WebCrypto's ECDSA signature (r || s) to the DER SEQUENCE a certificate holds. */
function ecdsaSignatureToDer(raw: Uint8Array): Buffer {
  const half = raw.length / 2;
  return derSequence([derUnsignedIntegerOfBytes(raw.subarray(0, half)), derUnsignedIntegerOfBytes(raw.subarray(half))]);
}

/** What goes into one user certificate. */
export interface UserCertificateFields {
  /** The serial's DER INTEGER content octets (`serialNumberToDer`). */
  serialNumber: Uint8Array;
  username: string;
  /** The issuing CA certificate's DER; its subject becomes the issuer. */
  caCertificateDer: ArrayBuffer;
  notBefore: Date;
  notAfter: Date;
  /** The subject's SubjectPublicKeyInfo, DER. */
  spkiDer: Uint8Array;
  /** Hex key identifiers. */
  subjectKeyId: string;
  authorityKeyId: string;
  signingKey: webcrypto.CryptoKey;
  signingAlgorithm: { name: string; hash: string };
}

const issuerNames = new WeakMap<ArrayBuffer, Buffer>();

/** The encoded subject Name of a CA certificate, found once per certificate buffer. */
function issuerNameOf(caCertificateDer: ArrayBuffer): Buffer {
  let name = issuerNames.get(caCertificateDer);
  if (name === undefined) {
    const der = new Uint8Array(caCertificateDer);
    const certificate = readDerTagged(der, DER_TAG.sequence, 0, der.length);
    const tbs = certificate && readDerTagged(der, DER_TAG.sequence, certificate.contentStart, certificate.end);
    const fields = tbs && readDerChildren(der, tbs);
    // version [0] is optional; then serial, signature, issuer, validity, subject.
    const subject = fields?.[fields[0]?.tag === DER_TAG.explicit0 ? 5 : 4];
    if (subject?.tag !== DER_TAG.sequence) throw new PkiError("INVALID_ARGUMENT", "the CA certificate has no readable subject");
    name = Buffer.from(der.subarray(subject.start, subject.end));
    issuerNames.set(caCertificateDer, name);
  }
  return name;
}

/** The TBSCertificate's DER: everything the CA signs. */
export function userTbsCertificate(fields: UserCertificateFields): Buffer {
  const subject = derSequence([
    derTagged(DER_TAG.set, [derSequence([COMMON_NAME, derTagged(DER_TAG.utf8String, [Buffer.from(fields.username, "utf8")])])]),
  ]);
  const subjectKeyId = extension("2.5.29.14", false, derTagged(DER_TAG.octetString, [Buffer.from(fields.subjectKeyId, "hex")]));
  const authorityKeyId = extension("2.5.29.35", false, derSequence([derTagged(DER_TAG.implicit0, [Buffer.from(fields.authorityKeyId, "hex")])]));
  return derSequence([
    VERSION_3,
    derTagged(DER_TAG.integer, [fields.serialNumber]),
    signatureAlgorithmIdentifier(fields.signingAlgorithm),
    issuerNameOf(fields.caCertificateDer),
    derSequence([derTime(fields.notBefore), derTime(fields.notAfter)]),
    subject,
    fields.spkiDer,
    derTagged(DER_TAG.explicit3, [derSequence([KEY_USAGE, EXTENDED_KEY_USAGE, subjectKeyId, authorityKeyId])]),
  ]);
}

/** Builds the certificate and signs it; returns its DER. */
export async function buildUserCertificate(fields: UserCertificateFields): Promise<Uint8Array> {
  const tbs = userTbsCertificate(fields);
  const { name, hash } = fields.signingAlgorithm;
  const signature = new Uint8Array(await webcrypto.subtle.sign(name === "ECDSA" ? { name, hash } : { name }, fields.signingKey, tbs));
  const signatureValue = name === "ECDSA" ? ecdsaSignatureToDer(signature) : signature;
  return derSequence([tbs, signatureAlgorithmIdentifier(fields.signingAlgorithm), derTagged(DER_TAG.bitString, [Buffer.from([0]), signatureValue])]);
}
