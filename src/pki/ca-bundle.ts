/**
 * Validation of a customer CA bundle (the `customerX509.cas` PEM an operator uploads): every block must
 * be a usable CA certificate, and every problem is reported at once, each naming the block's position
 * and, for certificates, their subject.
 */
import type { CaBundleProblem } from "./ca-bundle-problem.js";
import { claimsAnotherSigningKey, nameOf, problemOf, readCertificate, type BundleCertificate } from "./ca-certificate.js";
import { checkCaOnItsOwn } from "./ca-certificate-checks.js";
import { encodePem, parsePemBundle, type PemBlock } from "./pem-bundle.js";
import { wholeDaysLeft } from "../shared/days-left.js";

export { CA_BUNDLE_PROBLEM_CODES, formatBundleProblems, bundleProblemsError } from "./ca-bundle-problem.js";
export type { CaBundleProblem, CaBundleProblemCode } from "./ca-bundle-problem.js";


/** Most certificates a bundle may hold; real bundles hold a handful, and each costs parsing work. */
export const CA_BUNDLE_MAX_CERTIFICATES = 100;

/** What the bundle says about one readable certificate; also the input of the CA-expiry alert. */
export interface CaCertificateInfo {
  /** 1-based ordinal of the certificate's PEM block in the input. */
  readonly position: number;
  /** Subject in mongod's RFC 2253 form. */
  readonly subject: string;
  readonly issuer: string;
  /** Upper-case hex of the serial's value, without leading zero bytes, as `openssl x509 -serial` prints it. */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** Whole days from `now` to notAfter, rounded down; negative once expired. */
  readonly daysUntilExpiry: number;
  /** Colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly sha256Fingerprint: string;
  /** True when the certificate verifies with its own key (a root). */
  readonly selfSigned: boolean;
  /** The certificate normalized: one block, 64-column base64, LF line ends. */
  readonly pem: string;
}

/**
 * The verdict on a bundle. `cas` lists every readable certificate, including those with problems (none
 * when the bundle is over {@link CA_BUNDLE_MAX_CERTIFICATES}, which is refused before reading them).
 */
export interface CaBundleResult {
  /** True exactly when `problems` is empty, which implies at least one certificate. */
  readonly ok: boolean;
  readonly cas: CaCertificateInfo[];
  readonly problems: CaBundleProblem[];
}

/** Options of {@link validateCaBundle}. */
export interface ValidateCaBundleOptions {
  /** The instant validity is judged at; defaults to the current time. */
  readonly now?: Date;
}

const PRIVATE_KEY_LABEL = /PRIVATE KEY$/;

/**
 * Checks a customer CA bundle. Each certificate must be an X.509 v3 CA (see `checkCaOnItsOwn` for the
 * basicConstraints and keyUsage rules), valid at `now`, not a duplicate, with a signature that is
 * consistent with the bundle:
 * - a self-issued certificate must verify with its own key; for key rollover, the key of another
 *   certificate of the same name also does, and one whose authorityKeyIdentifier names another key
 *   that is not in the bundle is treated like a certificate whose issuer is absent;
 * - a certificate whose issuer is in the bundle must verify with one of those issuers' keys;
 * - a certificate whose issuer is absent is accepted as a trust anchor of its own, since an operator
 *   may trust an intermediate without trusting its root (the gateway's TLS context then needs
 *   OpenSSL's partial-chain flag, `allowPartialTrustChain`).
 */
export function validateCaBundle(input: string | Uint8Array, options: ValidateCaBundleOptions = {}): CaBundleResult {
  const now = options.now ?? new Date();
  const parsed = parsePemBundle(input);
  const problems: CaBundleProblem[] = parsed.problems.map((p) => ({
    ...(p.position === undefined ? {} : { position: p.position }),
    code: p.code,
    message: p.message,
  }));
  const certificateBlocks = parsed.blocks.filter((block) => block.label === "CERTIFICATE");
  for (const block of parsed.blocks) if (block.label !== "CERTIFICATE") problems.push(refuseBlock(block));
  if (certificateBlocks.length === 0 && parsed.blocks.length > 0 && parsed.problems.length === 0) {
    problems.push({ code: "NO_CERTIFICATE", message: "the input holds no CERTIFICATE block" });
  }
  if (certificateBlocks.length > CA_BUNDLE_MAX_CERTIFICATES) {
    problems.push({
      code: "TOO_MANY_CERTIFICATES",
      message: `the input holds ${certificateBlocks.length} certificates; at most ${CA_BUNDLE_MAX_CERTIFICATES} are accepted`,
    });
    return { ok: false, cas: [], problems: problems.sort(byPosition) };
  }
  const certificates: BundleCertificate[] = [];
  for (const block of certificateBlocks) {
    const cert = readCertificate(block);
    if ("asn" in cert) certificates.push(cert);
    else problems.push(cert);
  }
  const selfSigned = new Set<BundleCertificate>();
  const firstBySha256 = new Map<string, BundleCertificate>();
  for (const cert of [...certificates].reverse()) firstBySha256.set(cert.sha256Hex, cert);
  for (const cert of certificates) {
    problems.push(...checkCaOnItsOwn(cert, now));
    const duplicateOf = firstBySha256.get(cert.sha256Hex);
    if (duplicateOf !== undefined && duplicateOf !== cert) {
      problems.push(problemOf(cert, "DUPLICATE_CERTIFICATE", `is the same certificate as ${nameOf(duplicateOf)}`));
      continue;
    }
    const signature = checkSignature(cert, certificates);
    if (signature === "self") selfSigned.add(cert);
    else if (signature !== "issuer-absent" && signature !== "issuer") problems.push(signature);
  }
  if (certificates.length === 0 && problems.length === 0) {
    problems.push({ code: "NO_CERTIFICATE", message: "the input holds no readable certificate" });
  }
  problems.sort(byPosition);
  const cas = certificates.map((cert) => describe(cert, now, selfSigned.has(cert)));
  return { ok: problems.length === 0, cas, problems };
}

function byPosition(a: CaBundleProblem, b: CaBundleProblem): number {
  return (a.position ?? 0) - (b.position ?? 0);
}

function refuseBlock(block: PemBlock): CaBundleProblem {
  const at = `block ${block.position} (${block.label}, line ${block.line})`;
  const { position } = block;
  if (PRIVATE_KEY_LABEL.test(block.label)) {
    return {
      position,
      code: "PRIVATE_KEY_IN_BUNDLE",
      message:
        `${at} is a private key; remove it: a CA bundle holds only CA certificates, certgate never needs ` +
        "the CA's key and will not store a secret, and a key that was pasted here should be treated as exposed",
    };
  }
  if (/CERTIFICATE REQUEST$/.test(block.label)) {
    return {
      position,
      code: "CERTIFICATE_REQUEST_IN_BUNDLE",
      message: `${at} is a certificate signing request, not a certificate; upload the CA certificate it produced`,
    };
  }
  if (block.label === "X509 CRL") {
    return {
      position,
      code: "CRL_IN_BUNDLE",
      message: `${at} is a certificate revocation list; a CA bundle holds only CA certificates`,
    };
  }
  const hint =
    block.label === "TRUSTED CERTIFICATE"
      ? "; convert it to a plain certificate with `openssl x509 -in trusted.pem -out ca.pem`"
      : "; a CA bundle holds only CA certificates";
  return { position, code: "UNSUPPORTED_BLOCK", message: `${at} is not a CERTIFICATE block${hint}` };
}

type SignatureVerdict = "self" | "issuer" | "issuer-absent" | CaBundleProblem;

function checkSignature(cert: BundleCertificate, all: readonly BundleCertificate[]): SignatureVerdict {
  const candidates = all.filter((other) => other.sha256Hex !== cert.sha256Hex && other.subjectNameHex === cert.issuerNameHex);
  if (cert.selfIssued) {
    if (verifies(cert, cert)) return "self";
    if (candidates.some((issuer) => verifies(cert, issuer))) return "issuer";
    // A rollover certificate signed by a predecessor key that is not in the bundle: an anchor like any
    // certificate whose issuer is absent.
    if (claimsAnotherSigningKey(cert)) return "issuer-absent";
    return problemOf(cert, "BAD_SIGNATURE", "is self-issued but its signature does not verify with its own public key");
  }
  if (candidates.length === 0) return "issuer-absent";
  if (candidates.some((issuer) => verifies(cert, issuer))) return "issuer";
  const names = candidates.map((c) => `certificate ${c.position}`).join(" or ");
  return problemOf(
    cert,
    "BAD_SIGNATURE",
    `its issuer ${cert.issuer} is in the bundle (${names}) but its signature does not verify with that issuer's key`,
  );
}

function verifies(cert: BundleCertificate, issuer: BundleCertificate): boolean {
  try {
    return cert.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}

function describe(cert: BundleCertificate, now: Date, selfSigned: boolean): CaCertificateInfo {
  const notAfter = cert.notAfter;
  return {
    position: cert.position,
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: serialHex(cert.asn.tbsCertificate.serialNumber),
    notBefore: cert.notBefore,
    notAfter,
    daysUntilExpiry: wholeDaysLeft(notAfter, now),
    sha256Fingerprint: cert.sha256Hex.toUpperCase().replace(/(..)(?!$)/g, "$1:"),
    selfSigned,
    pem: encodePem("CERTIFICATE", cert.der),
  };
}

function serialHex(serial: ArrayBuffer): string {
  const bytes = Buffer.from(serial);
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  return bytes.subarray(start).toString("hex").toUpperCase();
}
