/**
 * Reading a PKCS#10 certificate signing request (CSR) that a database user sends instead of letting
 * certgate generate its key:
 * - exactly one `CERTIFICATE REQUEST` (or the older `NEW CERTIFICATE REQUEST`) PEM block;
 * - its self-signature verifies, which proves the sender holds the private key;
 * - its key is one certgate would issue itself: RSA of 2048 bits or more, or EC on P-256 or P-384.
 *
 * Only the public key is taken from a request. Its subject and requested extensions are not: what a
 * managed user's certificate says is decided by certgate (see `issue-user-certificate.ts`).
 */
import { createPublicKey } from "node:crypto";
import { parsePemBundle } from "./pem-bundle.js";
import { PkiError } from "./pki-error.js";
import { x509 } from "./x509-lib.js";

/** The smallest RSA modulus accepted in a request. */
export const MIN_RSA_BITS = 2048;
/** EC curves accepted in a request, by the names Node reports. */
const ALLOWED_CURVES: Readonly<Record<string, string>> = { prime256v1: "P-256", secp384r1: "P-384" };
const CSR_LABELS = new Set(["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"]);

/** What certgate uses of a verified request. */
export interface CertificateRequestKey {
  /** The request's SubjectPublicKeyInfo, DER. */
  readonly spkiDer: Buffer;
  /** e.g. `RSA 4096` or `EC P-256`. */
  readonly keyDescription: string;
  /** The subject the request asked for, as the x509 library prints it; informative only. */
  readonly requestedSubject: string;
}

function invalid(message: string, cause?: unknown): PkiError {
  return new PkiError("INVALID_CSR", message, cause === undefined ? undefined : { cause });
}

function readDer(pem: string): Uint8Array {
  const { blocks, problems } = parsePemBundle(pem);
  const requests = blocks.filter((block) => CSR_LABELS.has(block.label));
  if (requests.length === 0) {
    const first = problems[0];
    if (first !== undefined) throw invalid(`the CSR cannot be read: ${first.message}`);
    const labels = blocks.map((block) => block.label).join(", ");
    throw invalid(
      `the text holds no "CERTIFICATE REQUEST" block (found: ${labels}); create one with e.g. ` +
        "`openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout user.key -subj /CN=user -out user.csr`",
    );
  }
  if (requests.length > 1 || blocks.length > 1) {
    throw invalid("send exactly one CERTIFICATE REQUEST block and nothing else (never a private key)");
  }
  return requests[0]!.der;
}

/** The key's kind and size, or a refusal naming what is allowed. */
function checkKeyPolicy(spkiDer: Buffer): string {
  let key;
  try {
    key = createPublicKey({ key: spkiDer, format: "der", type: "spki" });
  } catch (error) {
    throw invalid("the CSR's public key cannot be read", error);
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa") {
    const bits = details.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) {
      throw new PkiError("KEY_NOT_ALLOWED", `the CSR's RSA key has ${bits} bits; RSA keys must have at least ${MIN_RSA_BITS}`);
    }
    return `RSA ${bits}`;
  }
  if (key.asymmetricKeyType === "ec") {
    const curve = ALLOWED_CURVES[details.namedCurve ?? ""];
    if (curve === undefined) {
      throw new PkiError("KEY_NOT_ALLOWED", `the CSR's EC key is on curve ${details.namedCurve ?? "unknown"}; only P-256 and P-384 are accepted`);
    }
    return `EC ${curve}`;
  }
  throw new PkiError(
    "KEY_NOT_ALLOWED",
    `the CSR's key is of type ${key.asymmetricKeyType ?? "unknown"}; only RSA (2048 bits or more) and EC P-256/P-384 keys are accepted`,
  );
}

/** Parses and verifies `pem`; throws `PkiError` INVALID_CSR or KEY_NOT_ALLOWED with a reason. */
export async function readCertificateRequest(pem: string): Promise<CertificateRequestKey> {
  const der = readDer(pem);
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(der);
  } catch (error) {
    throw invalid("the CERTIFICATE REQUEST block is not a PKCS#10 request", error);
  }
  const spkiDer = Buffer.from(request.publicKey.rawData);
  const keyDescription = checkKeyPolicy(spkiDer);
  let verified = false;
  try {
    verified = await request.verify();
  } catch (error) {
    throw invalid("the CSR's signature cannot be checked (unsupported signature algorithm)", error);
  }
  if (!verified) throw invalid("the CSR's signature does not verify: it was altered or not signed by its own key");
  return { spkiDer, keyDescription, requestedSubject: request.subject };
}
