/**
 * Reading one certificate of a customer CA bundle, and how messages name it.
 */
import { createHash } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { AuthorityKeyIdentifier, SubjectKeyIdentifier, id_ce_authorityKeyIdentifier, id_ce_subjectKeyIdentifier } from "@peculiar/asn1-x509";
import type { Name } from "@peculiar/asn1-x509";
import type { CaBundleProblem, CaBundleProblemCode } from "./ca-bundle-problem.js";
import { parseCertificate, renderIssuer, renderSubject, type ParsedCertificate } from "./parsed-certificate.js";
import type { PemBlock } from "./pem-bundle.js";

/** A certificate of the bundle: the parsed certificate, where it stands in the bundle and how it is matched there. */
export interface BundleCertificate extends ParsedCertificate {
  readonly position: number;
  /** Subject and issuer in mongod's RFC 2253 form (a bundle whose names mongod would refuse is refused). */
  readonly subject: string;
  readonly issuer: string;
  /** Subject and issuer are the same name (a root, or a self-issued rollover certificate). */
  readonly selfIssued: boolean;
  /** Hex of the subject's and issuer's DER encoding, for exact name matching inside the bundle. */
  readonly subjectNameHex: string;
  readonly issuerNameHex: string;
  /** Hex of the SHA-256 of the certificate's DER: its identity for duplicates and its fingerprint. */
  readonly sha256Hex: string;
}

/** Parses a `CERTIFICATE` block, or says precisely why it is not a readable certificate. */
export function readCertificate(block: PemBlock): BundleCertificate | CaBundleProblem {
  const malformed = (why: string): CaBundleProblem => ({
    position: block.position,
    code: "MALFORMED_CERTIFICATE",
    message: `certificate ${block.position}: not a readable X.509 certificate: ${why}`,
  });
  const framing = checkDerFraming(block.der);
  if (framing) return malformed(framing);
  try {
    const parsed = parseCertificate(block.der);
    const subjectNameHex = nameHex(parsed.asn.tbsCertificate.subject);
    const issuerNameHex = nameHex(parsed.asn.tbsCertificate.issuer);
    const selfIssued = subjectNameHex === issuerNameHex;
    const subject = renderSubject(parsed.der);
    const issuer = selfIssued ? subject : renderIssuer(parsed.asn);
    const sha256Hex = createHash("sha256").update(parsed.der).digest("hex");
    return { ...parsed, position: block.position, subject, issuer, selfIssued, subjectNameHex, issuerNameHex, sha256Hex };
  } catch (error) {
    return malformed(error instanceof Error ? error.message : String(error));
  }
}

/** How a message names a certificate: `certificate 2 (CN=Old Root,O=Acme)`. */
export function nameOf(cert: Pick<BundleCertificate, "position" | "subject">): string {
  return `certificate ${cert.position} (${cert.subject === "" ? "empty subject" : cert.subject})`;
}

/** A problem about `cert`, carrying its position and subject. */
export function problemOf(cert: BundleCertificate, code: CaBundleProblemCode, what: string): CaBundleProblem {
  return { position: cert.position, subject: cert.subject, code, message: `${nameOf(cert)}: ${what}` };
}

/**
 * Whether the certificate's authorityKeyIdentifier names a key other than its own, i.e. it says it was
 * signed by another key (a rollover or cross certificate), not by itself. The own key's identifier is
 * its subjectKeyIdentifier or, when that is absent, the SHA-1 of its public key (RFC 5280 §4.2.1.2).
 */
export function claimsAnotherSigningKey(cert: BundleCertificate): boolean {
  const extensions = cert.asn.tbsCertificate.extensions ?? [];
  const aki = extensions.find((e) => e.extnID === id_ce_authorityKeyIdentifier);
  const authorityKeyId = aki && AsnConvert.parse(aki.extnValue, AuthorityKeyIdentifier).keyIdentifier;
  if (!authorityKeyId) return false;
  const ski = extensions.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
  const ownKeyId = ski
    ? Buffer.from(AsnConvert.parse(ski.extnValue, SubjectKeyIdentifier).buffer)
    : createHash("sha1").update(Buffer.from(cert.asn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)).digest();
  return !ownKeyId.equals(Buffer.from(authorityKeyId.buffer));
}

/** `2024-01-01T00:00:00Z`: ISO 8601 without the milliseconds that certificates cannot hold. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function nameHex(name: Name): string {
  return Buffer.from(AsnConvert.serialize(name)).toString("hex");
}

// The outer SEQUENCE's length tells whether the DER was cut short or has bytes after it, which the
// parsers would otherwise report as an opaque decoding failure.
function checkDerFraming(der: Uint8Array): string | undefined {
  if (der.length < 2 || der[0] !== 0x30) return "the data does not start with an ASN.1 SEQUENCE";
  const first = der[1]!;
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || der.length < 2 + count) return "the ASN.1 length of the outer SEQUENCE is invalid";
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + der[2 + i]!;
    header = 2 + count;
  }
  const expected = header + length;
  if (expected > der.length) {
    return `the DER encoding is truncated: it declares ${expected} bytes but only ${der.length} are present`;
  }
  if (expected < der.length) return `${der.length - expected} unexpected bytes follow the certificate's DER encoding`;
  return undefined;
}
