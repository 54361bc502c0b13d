/**
 * The properties one certificate must have, on its own, to be accepted as a customer CA (the checks
 * that need the rest of the bundle live in `ca-bundle.ts`).
 */
import { KeyUsage, KeyUsageFlags, Version, anyExtendedKeyUsage, id_ce_nameConstraints, id_kp_clientAuth } from "@peculiar/asn1-x509";
import type { CaBundleProblem } from "./ca-bundle-problem.js";
import { isoSeconds, problemOf, type BundleCertificate } from "./ca-certificate.js";

/** RSA moduli below this are refused: OpenSSL's default security level (2) rejects them in a chain. */
export const MIN_RSA_BITS = 2048;

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

/**
 * The checks one certificate must pass to be a CA by itself. Choices, each deliberate:
 * - X.509 v3 is required (DESIGN), although OpenSSL, hence mongod, would trust a v1 root.
 * - basicConstraints `CA:TRUE` is required; critical or not are both accepted, because RFC 5280's
 *   "MUST be critical" is widely ignored by older CAs and OpenSSL trusts either.
 * - keyUsage, when present on a certificate that claims to be a CA, must include keyCertSign, as
 *   OpenSSL requires of an issuer. When absent the certificate is accepted: RFC 5280 only says a CA
 *   SHOULD carry it, OpenSSL reads its absence as "any use", and `openssl req -x509` with Debian's
 *   default configuration makes CAs without it.
 * - extendedKeyUsage, when present, must allow clientAuth (or anyExtendedKeyUsage): OpenSSL checks the
 *   `sslclient` purpose on the trust anchor too, so such a CA could never authenticate a database user.
 * - critical extensions outside the set the gateway's chain verifier applies are refused
 *   (`UNDERSTOOD_EXTENSIONS` in `parsed-certificate.ts`): any other would make every client
 *   certificate under the CA fail verification; for nameConstraints that is also the safe outcome,
 *   since trusting the CA while ignoring its constraints would trust more than its owner intended.
 * - RSA keys must have at least {@link MIN_RSA_BITS} bits.
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
  if (now.getTime() > cert.notAfter.getTime()) {
    problems.push(problemOf(cert, "EXPIRED", `expired on ${isoSeconds(cert.notAfter)}`));
  }
  if (now.getTime() < cert.notBefore.getTime()) {
    problems.push(problemOf(cert, "NOT_YET_VALID", `is not valid before ${isoSeconds(cert.notBefore)}`));
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
  if (!cert.hasBasicConstraints) return [problemOf(cert, "NOT_A_CA", "has no basicConstraints extension, so it is not a CA")];
  if (!cert.isCa) {
    // For a leaf, "not a CA" says it all: its keyUsage and purposes are not judged as a CA's.
    return [problemOf(cert, "NOT_A_CA", "has basicConstraints CA:FALSE; it is an end-entity (leaf) certificate, not a CA")];
  }
  const problems: CaBundleProblem[] = [];
  if (cert.keyUsage !== undefined && (cert.keyUsage & KeyUsageFlags.keyCertSign) === 0) {
    const has = new KeyUsage(cert.keyUsage).toJSON().join(", ") || "no usage";
    problems.push(problemOf(cert, "MISSING_KEY_CERT_SIGN", `has keyUsage without keyCertSign (${has}), so it may not sign certificates`));
  }
  const purposes = cert.extendedKeyUsage;
  if (purposes !== undefined && !purposes.includes(id_kp_clientAuth) && !purposes.includes(anyExtendedKeyUsage)) {
    const named = purposes.map((p) => PURPOSE_NAMES[p] ?? p).join(", ");
    problems.push(
      problemOf(cert, "NO_CLIENT_AUTH", `has extendedKeyUsage without clientAuth (${named}), so it cannot vouch for client certificates`),
    );
  }
  for (const oid of cert.unhandledCritical) {
    const name = EXTENSION_NAMES[oid];
    const which = name ? `${name} (${oid})` : oid;
    problems.push(problemOf(cert, "UNSUPPORTED_CRITICAL_EXTENSION", `has the critical extension ${which}, which certgate does not enforce`));
  }
  return problems;
}
