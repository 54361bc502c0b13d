/**
 * The problems a customer CA bundle can have, and how they read as one paragraph for an API error.
 */
import { PEM_PROBLEM_CODES } from "./pem-bundle.js";
import { PkiError, type PkiErrorCode } from "./pki-error.js";

/** Every reason a CA bundle is refused: the PEM-level codes plus those about blocks and certificates. */
export const CA_BUNDLE_PROBLEM_CODES = [
  ...PEM_PROBLEM_CODES,
  /** A private key block: a secret that certgate must not store, and one the server never needs. */
  "PRIVATE_KEY_IN_BUNDLE",
  "CERTIFICATE_REQUEST_IN_BUNDLE",
  "CRL_IN_BUNDLE",
  "UNSUPPORTED_BLOCK",
  "NO_CERTIFICATE",
  "TOO_MANY_CERTIFICATES",
  "MALFORMED_CERTIFICATE",
  "NOT_V3",
  "NOT_A_CA",
  "MISSING_KEY_CERT_SIGN",
  "NO_CLIENT_AUTH",
  "UNSUPPORTED_CRITICAL_EXTENSION",
  "EXPIRED",
  "NOT_YET_VALID",
  "BAD_SIGNATURE",
  "WEAK_KEY",
  "DUPLICATE_CERTIFICATE",
] as const;

export type CaBundleProblemCode = (typeof CA_BUNDLE_PROBLEM_CODES)[number];

/** One reason the bundle is refused. `position` is the 1-based PEM block it concerns, when there is one. */
export interface CaBundleProblem {
  readonly position?: number;
  /** The certificate's subject in mongod's RFC 2253 form, when the block is a readable certificate. */
  readonly subject?: string;
  readonly code: CaBundleProblemCode;
  /** A complete sentence fragment that already names the position and subject. */
  readonly message: string;
}

/**
 * Joins problems into one human-readable paragraph, e.g. for the `detail` of an API error:
 * `The CA bundle was refused (2 problems): certificate 2 (CN=Old Root): expired on ...; block 3 ...`.
 */
export function formatBundleProblems(problems: readonly CaBundleProblem[]): string {
  if (problems.length === 0) return "The CA bundle has no problems.";
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return `The CA bundle was refused (${count}): ${problems.map((p) => p.message).join("; ")}.`;
}

const PKI_CODE_BY_PROBLEM: Partial<Record<CaBundleProblemCode, PkiErrorCode>> = {
  NOT_V3: "NOT_A_CA",
  NOT_A_CA: "NOT_A_CA",
  MISSING_KEY_CERT_SIGN: "NOT_A_CA",
  NO_CLIENT_AUTH: "NOT_A_CA",
  EXPIRED: "CA_EXPIRED",
  NOT_YET_VALID: "CA_NOT_YET_VALID",
  BAD_SIGNATURE: "BAD_SIGNATURE",
};

/**
 * One {@link PkiError} for a refused bundle, for callers that throw. Its code is the most specific one
 * shared by every problem (so an API can answer Atlas's `EXPIRED_X509_CA_CERTIFICATE` only when expiry is
 * the sole reason), otherwise `INVALID_PEM`; its message is {@link formatBundleProblems}.
 */
export function bundleProblemsError(problems: readonly CaBundleProblem[]): PkiError {
  const codes = new Set(problems.map((p) => PKI_CODE_BY_PROBLEM[p.code] ?? "INVALID_PEM"));
  const [only] = codes;
  const code = codes.size === 1 && only !== undefined ? only : "INVALID_PEM";
  return new PkiError(code, formatBundleProblems(problems));
}
