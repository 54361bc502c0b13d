/**
 * Reading one certificate of a customer CA bundle and checking the properties it must have on its own
 * (the checks that need the rest of the bundle live in `ca-bundle.ts`).
 */
import { X509Certificate } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  KeyUsage,
  TBSCertificate,
  KeyUsageFlags,
  Version,
  anyExtendedKeyUsage,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_nameConstraints,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
} from "@peculiar/asn1-x509";
import type { Name } from "@peculiar/asn1-x509";
import type { CaBundleProblem, CaBundleProblemCode } from "./ca-bundle-problem.js";
import { renderCertificateSubject } from "./dn/index.js";
import type { PemBlock } from "./pem-bundle.js";

/** RSA moduli below this are refused: OpenSSL's default security level (2) rejects them in a chain. */
export const MIN_RSA_BITS = 2048;

/**
 * Extensions that may be critical in a customer CA: the set the gateway's chain verifier
 * (`verify-chain.ts`) applies. Any other critical extension would make every client certificate
 * under the CA fail verification; for nameConstraints that is also the safe outcome, since trusting
 * the CA while ignoring its constraints would trust more than its owner intended.
 */
const UNDERSTOOD_CRITICAL_EXTENSIONS: ReadonlySet<string> = new Set([
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_extKeyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
]);

const EXTENSION_NAMES: Readonly<Record<string, string>> = {
  [id_ce_nameConstraints]: "nameConstraints",
  "2.5.29.32": "certificatePolicies",
  "2.5.29.33": "policyMappings",
  "2.5.29.36": "policyConstraints",
  "2.5.29.54": "inhibitAnyPolicy",
};

const PURPOSE_NAMES: Readonly<Record<string, string>> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
};

/** A certificate of the bundle, parsed both ways: Node (OpenSSL) for crypto, ASN.1 for structure. */
export interface BundleCertificate {
  readonly position: number;
  readonly der: Uint8Array;
  readonly asn: Certificate;
  readonly node: X509Certificate;
  readonly subject: string;
  readonly issuer: string;
  /** Subject and issuer are the same name (a root, or a self-issued rollover certificate). */
  readonly selfIssued: boolean;
}

/** Parses a `CERTIFICATE` block, or says precisely why it is not a readable certificate. */
export function readCertificate(block: PemBlock): BundleCertificate | CaBundleProblem {
  const at = `certificate ${block.position}`;
  const malformed = (why: string): CaBundleProblem => ({
    position: block.position,
    code: "MALFORMED_CERTIFICATE",
    message: `${at}: not a readable X.509 certificate: ${why}`,
  });
  const framing = checkDerFraming(block.der);
  if (framing) return malformed(framing);
  let asn: Certificate;
  let node: X509Certificate;
  let subject: string;
  let issuer: string;
  try {
    asn = AsnConvert.parse(block.der, Certificate);
    node = new X509Certificate(block.der);
    subject = renderCertificateSubject(block.der);
    issuer = renderIssuer(asn);
  } catch (error) {
    return malformed(error instanceof Error ? error.message : String(error));
  }
  const tbs = asn.tbsCertificate;
  const selfIssued = sameName(tbs.subject, tbs.issuer);
  return { position: block.position, der: block.der, asn, node, subject, issuer, selfIssued };
}

// The DN module renders a certificate's subject only; rendering a copy whose subject is this issuer
// keeps a single renderer for every DN certgate shows.
function renderIssuer(asn: Certificate): string {
  const tbsCertificate = new TBSCertificate({ ...asn.tbsCertificate, subject: asn.tbsCertificate.issuer });
  const copy = new Certificate({ ...asn, tbsCertificate });
  return renderCertificateSubject(new Uint8Array(AsnConvert.serialize(copy)));
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
 * The checks one certificate must pass to be a CA by itself. Choices, each deliberate:
 * - basicConstraints `CA:TRUE` is required; critical or not are both accepted, because RFC 5280's
 *   "MUST be critical" is widely ignored by older CAs and OpenSSL (hence mongod) trusts either.
 * - keyUsage, when present on a certificate that claims to be a CA, must include keyCertSign (OpenSSL refuses such an issuer anyway). When it is
 *   absent the certificate is accepted: RFC 5280 only says a CA SHOULD carry it, OpenSSL treats its
 *   absence as "all uses allowed", and `openssl req -x509` with Debian's default configuration makes CAs
 *   without it.
 * - extendedKeyUsage, when present, must allow clientAuth (or anyExtendedKeyUsage): OpenSSL checks the
 *   `sslclient` purpose on the trust anchor too, so such a CA could never authenticate a database user.
 * - critical extensions outside the verifier's set are refused (see UNDERSTOOD_CRITICAL_EXTENSIONS).
 */
export function checkCaOnItsOwn(cert: BundleCertificate, now: Date): CaBundleProblem[] {
  const problems: CaBundleProblem[] = [];
  const tbs = cert.asn.tbsCertificate;
  if (tbs.version !== Version.v3) {
    problems.push(
      problemOf(cert, "NOT_V3", `is an X.509 v${tbs.version + 1} certificate; a CA must be v3 with basicConstraints CA:TRUE`),
    );
  } else {
    problems.push(...checkExtensions(cert));
  }
  const notBefore = tbs.validity.notBefore.getTime();
  const notAfter = tbs.validity.notAfter.getTime();
  if (now.getTime() > notAfter.getTime()) {
    problems.push(problemOf(cert, "EXPIRED", `expired on ${isoSeconds(notAfter)}`));
  }
  if (now.getTime() < notBefore.getTime()) {
    problems.push(problemOf(cert, "NOT_YET_VALID", `is not valid before ${isoSeconds(notBefore)}`));
  }
  const details = cert.node.publicKey.asymmetricKeyDetails;
  if (details?.modulusLength !== undefined && details.modulusLength < MIN_RSA_BITS) {
    problems.push(
      problemOf(cert, "WEAK_KEY", `has a ${details.modulusLength}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`),
    );
  }
  return problems;
}

function checkExtensions(cert: BundleCertificate): CaBundleProblem[] {
  const extensions = cert.asn.tbsCertificate.extensions ?? [];
  const find = (oid: string) => extensions.find((e) => e.extnID === oid);
  const problems: CaBundleProblem[] = [];
  const basic = find(id_ce_basicConstraints);
  if (!basic) {
    problems.push(problemOf(cert, "NOT_A_CA", "has no basicConstraints extension, so it is not a CA"));
  } else if (!AsnConvert.parse(basic.extnValue, BasicConstraints).cA) {
    problems.push(
      problemOf(cert, "NOT_A_CA", "has basicConstraints CA:FALSE; it is an end-entity (leaf) certificate, not a CA"),
    );
  }
  const usage = find(id_ce_keyUsage);
  // Only a certificate that claims to be a CA is judged on keyUsage: for a leaf, "not a CA" says it all.
  if (usage && problems.length === 0) {
    const bits = AsnConvert.parse(usage.extnValue, KeyUsage);
    if ((bits.toNumber() & KeyUsageFlags.keyCertSign) === 0) {
      const has = bits.toJSON().join(", ") || "no usage";
      problems.push(
        problemOf(cert, "MISSING_KEY_CERT_SIGN", `has keyUsage without keyCertSign (${has}), so it may not sign certificates`),
      );
    }
  }
  if (problems.length === 0) problems.push(...checkPurpose(cert));
  return problems;
}

function checkPurpose(cert: BundleCertificate): CaBundleProblem[] {
  const problems: CaBundleProblem[] = [];
  for (const extension of cert.asn.tbsCertificate.extensions ?? []) {
    if (extension.extnID === id_ce_extKeyUsage) {
      const purposes = [...AsnConvert.parse(extension.extnValue, ExtendedKeyUsage)];
      if (!purposes.includes(id_kp_clientAuth) && !purposes.includes(anyExtendedKeyUsage)) {
        problems.push(
          problemOf(cert, "NO_CLIENT_AUTH", `has extendedKeyUsage without clientAuth (${purposes.map((p) => PURPOSE_NAMES[p] ?? p).join(", ")}), so it cannot vouch for client certificates`),
        );
      }
    } else if (extension.critical && !UNDERSTOOD_CRITICAL_EXTENSIONS.has(extension.extnID)) {
      const name = EXTENSION_NAMES[extension.extnID];
      problems.push(
        problemOf(
          cert,
          "UNSUPPORTED_CRITICAL_EXTENSION",
          `has the critical extension ${name ? `${name} (${extension.extnID})` : extension.extnID}, which certgate does not enforce`,
        ),
      );
    }
  }
  return problems;
}

/** Whether two names are the same, by their DER encoding. */
export function sameName(a: Name, b: Name): boolean {
  return Buffer.from(AsnConvert.serialize(a)).equals(Buffer.from(AsnConvert.serialize(b)));
}

/** `2024-01-01T00:00:00Z`: ISO 8601 without the milliseconds that certificates cannot hold. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
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
