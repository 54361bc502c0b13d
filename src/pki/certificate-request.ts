/**
 * Reading a PKCS#10 certificate signing request (CSR) that a database user sends instead of letting
 * certgate generate its key:
 * - exactly one `CERTIFICATE REQUEST` (or the older `NEW CERTIFICATE REQUEST`) PEM block;
 * - its self-signature verifies, which proves the sender holds the private key;
 * - its key is one certgate would issue itself: RSA of 2048 bits or more, or EC on P-256 or P-384.
 *
 * Only the public key is taken from a request. Its subject and requested extensions are not: what a
 * managed user's certificate says is decided by certgate (see `issue-user-certificate.ts`).
 *
 * A request of the usual shape (RSA or ECDSA signature with SHA-2) is taken apart with a DER reader and
 * its signature checked by Node's crypto in the threadpool: the x509 library's parse and WebCrypto
 * round trip cost several times the check itself on the CSR-signing path. Anything else, and any
 * request the quick check does not accept, goes through the x509 library, which has the last word
 * and says what is wrong.
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { DER_TAG } from "./der.js";
import { readDerChildren, readDerTagged } from "./der-reader.js";
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
  if (blocks.length > 1) {
    throw invalid("send exactly one CERTIFICATE REQUEST block and nothing else (never a private key)");
  }
  return requests[0]!.der;
}

function readPublicKey(spkiDer: Buffer): KeyObject {
  try {
    return createPublicKey({ key: spkiDer, format: "der", type: "spki" });
  } catch (error) {
    throw invalid("the CSR's public key cannot be read", error);
  }
}

/** The key's kind and size, or a refusal naming what is allowed. */
function checkKeyPolicy(key: KeyObject): string {
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

/** Signature algorithms the quick path checks, by the hex of their OID's content octets. */
const QUICK_SIGNATURES: Readonly<Record<string, { hash: string; keyType: string }>> = {
  "2a864886f70d01010b": { hash: "sha256", keyType: "rsa" },
  "2a864886f70d01010c": { hash: "sha384", keyType: "rsa" },
  "2a864886f70d01010d": { hash: "sha512", keyType: "rsa" },
  "2a8648ce3d040302": { hash: "sha256", keyType: "ec" },
  "2a8648ce3d040303": { hash: "sha384", keyType: "ec" },
  "2a8648ce3d040304": { hash: "sha512", keyType: "ec" },
};

/** The parts of a PKCS#10 request of the usual shape; undefined for anything else. */
function splitRequest(der: Uint8Array): { info: Uint8Array; spkiDer: Buffer; algorithm: string; signature: Uint8Array } | undefined {
  const outer = readDerTagged(der, DER_TAG.sequence, 0, der.length);
  if (outer === undefined || outer.end !== der.length) return undefined;
  const parts = readDerChildren(der, outer);
  const [info, algorithm, signature] = parts ?? [];
  if (parts?.length !== 3 || info?.tag !== DER_TAG.sequence || algorithm?.tag !== DER_TAG.sequence || signature?.tag !== DER_TAG.bitString) return undefined;
  const fields = readDerChildren(der, info);
  const spki = fields?.[2];
  // CertificationRequestInfo: version 0, subject, subjectPKInfo, [0] attributes (RFC 2986 §4.1).
  const version = fields?.[0];
  if (fields?.length !== 4 || version?.tag !== DER_TAG.integer || version.end - version.contentStart !== 1 || der[version.contentStart] !== 0) return undefined;
  if (fields[1]?.tag !== DER_TAG.sequence || spki?.tag !== DER_TAG.sequence || fields[3]?.tag !== DER_TAG.explicit0) return undefined;
  const oid = readDerTagged(der, DER_TAG.oid, algorithm.contentStart, algorithm.end);
  // A BIT STRING signature has no unused bits.
  if (oid === undefined || signature.end - signature.contentStart < 2 || der[signature.contentStart] !== 0) return undefined;
  return {
    info: der.subarray(info.start, info.end),
    spkiDer: Buffer.from(der.subarray(spki.start, spki.end)),
    algorithm: Buffer.from(der.subarray(oid.contentStart, oid.end)).toString("hex"),
    signature: der.subarray(signature.contentStart + 1, signature.end),
  };
}

/** The key re-encoded by Node, so the certificate carries DER certgate wrote, not the request's bytes (which may use non-minimal lengths). */
function canonicalSpki(key: KeyObject): Buffer {
  return key.export({ type: "spki", format: "der" });
}

function verifyInThreadpool(hash: string, data: Uint8Array, key: KeyObject, signature: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => verify(hash, data, key, signature, (error, valid) => resolve(error === null && valid)));
}

/**
 * The SubjectPublicKeyInfo of an EC key on an accepted curve as Node itself writes it (named curve,
 * uncompressed point), up to the point's 0x04 byte.
 */
const CANONICAL_EC_SPKI = [
  { curve: "P-256", prefix: Buffer.from("3059301306072a8648ce3d020106082a8648ce3d03010703420004", "hex"), coordinateBytes: 32 },
  { curve: "P-384", prefix: Buffer.from("3076301006072a8648ce3d020106052b8104002203620004", "hex"), coordinateBytes: 48 },
] as const;

/**
 * An EC key whose SPKI already has the canonical form above, imported from its coordinates (a JWK):
 * that import checks the point is on the curve, costs half of OpenSSL 3's DER decoding, and the key
 * need not be exported again since its encoding is already the canonical one. Undefined for any other
 * key, or a point off the curve (the general path then refuses it with a reason).
 */
function canonicalEcKey(spkiDer: Buffer): { key: KeyObject; keyDescription: string } | undefined {
  for (const { curve, prefix, coordinateBytes } of CANONICAL_EC_SPKI) {
    if (spkiDer.length !== prefix.length + 2 * coordinateBytes || !spkiDer.subarray(0, prefix.length).equals(prefix)) continue;
    const x = spkiDer.subarray(prefix.length, prefix.length + coordinateBytes).toString("base64url");
    const y = spkiDer.subarray(prefix.length + coordinateBytes).toString("base64url");
    try {
      return { key: createPublicKey({ key: { kty: "EC", crv: curve, x, y }, format: "jwk" }), keyDescription: `EC ${curve}` };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The request's key read and checked against the policy, with the SPKI the certificate will carry. */
function usualRequestKey(spkiDer: Buffer): { key: KeyObject; keyDescription: string; certificateSpki: () => Buffer } | undefined {
  const ec = canonicalEcKey(spkiDer);
  if (ec !== undefined) return { ...ec, certificateSpki: () => spkiDer };
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spkiDer, format: "der", type: "spki" });
  } catch {
    return undefined;
  }
  return { key, keyDescription: checkKeyPolicy(key), certificateSpki: () => canonicalSpki(key) };
}

/** The quick path: the verified key, or undefined when the x509 library must decide. */
async function readUsualRequest(der: Uint8Array): Promise<CertificateRequestKey | undefined> {
  const parts = splitRequest(der);
  if (parts === undefined) return undefined;
  const read = usualRequestKey(parts.spkiDer);
  if (read === undefined) return undefined;
  const signature = QUICK_SIGNATURES[parts.algorithm];
  if (signature === undefined || signature.keyType !== read.key.asymmetricKeyType) return undefined;
  if (!(await verifyInThreadpool(signature.hash, parts.info, read.key, parts.signature))) return undefined;
  return { spkiDer: read.certificateSpki(), keyDescription: read.keyDescription };
}

/** Parses and verifies `pem`; throws `PkiError` INVALID_CSR or KEY_NOT_ALLOWED with a reason. */
export async function readCertificateRequest(pem: string): Promise<CertificateRequestKey> {
  const der = readDer(pem);
  return (await readUsualRequest(der)) ?? (await readAnyRequest(der));
}

/** The x509 library's reading of a request, for every shape and every refusal; exported for tests. */
export async function readAnyRequest(der: Uint8Array): Promise<CertificateRequestKey> {
  let request: x509.Pkcs10CertificateRequest;
  try {
    request = new x509.Pkcs10CertificateRequest(der);
  } catch (error) {
    throw invalid("the CERTIFICATE REQUEST block is not a PKCS#10 request", error);
  }
  const key = readPublicKey(Buffer.from(request.publicKey.rawData));
  const keyDescription = checkKeyPolicy(key);
  let verified = false;
  try {
    verified = await request.verify();
  } catch (error) {
    throw invalid("the CSR's signature cannot be checked (unsupported signature algorithm)", error);
  }
  if (!verified) throw invalid("the CSR's signature does not verify: it was altered or not signed by its own key");
  return { spkiDer: canonicalSpki(key), keyDescription };
}
