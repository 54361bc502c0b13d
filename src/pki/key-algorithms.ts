/**
 * The key algorithms certgate generates, for user certificates and for managed CAs.
 */
import type { webcrypto } from "node:crypto";
import { PkiError } from "./pki-error.js";

/** Every supported key algorithm. RSA_4096 is the default, as Atlas's managed certificates use it. */
export const KEY_ALGORITHMS = ["RSA_2048", "RSA_3072", "RSA_4096", "EC_P256", "EC_P384"] as const;

/** A supported key algorithm. */
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** The algorithm used when none is asked for. */
export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = "RSA_4096";

/** How to generate, import and sign with one algorithm. */
export interface KeyAlgorithmSpec {
  /** Node's `generateKeyPair` type. */
  readonly nodeType: "rsa" | "ec";
  /** RSA modulus length in bits. */
  readonly modulusLength?: number;
  /** EC curve, by its NIST name (which both Node and WebCrypto accept). */
  readonly namedCurve?: "P-256" | "P-384";
  /** WebCrypto algorithm for importing a PKCS#8 private key of this kind for signing. */
  readonly importAlgorithm: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  /**
   * Hash used when this key signs certificates and CRLs. SHA-256 everywhere except P-384, which
   * is paired with SHA-384 so the digest is as strong as the curve (RFC 5480 §4).
   */
  readonly signatureHash: "SHA-256" | "SHA-384";
}

/** The parameters of each algorithm. */
export const KEY_ALGORITHM_SPECS: Readonly<Record<KeyAlgorithm, KeyAlgorithmSpec>> = {
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  EC_P256: ec("P-256", "SHA-256"),
  EC_P384: ec("P-384", "SHA-384"),
};

function rsa(modulusLength: number): KeyAlgorithmSpec {
  return {
    nodeType: "rsa",
    modulusLength,
    importAlgorithm: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    signatureHash: "SHA-256",
  };
}

function ec(namedCurve: "P-256" | "P-384", signatureHash: "SHA-256" | "SHA-384"): KeyAlgorithmSpec {
  return { nodeType: "ec", namedCurve, importAlgorithm: { name: "ECDSA", namedCurve }, signatureHash };
}

/** True when `value` names a supported key algorithm. */
export function isKeyAlgorithm(value: unknown): value is KeyAlgorithm {
  return typeof value === "string" && (KEY_ALGORITHMS as readonly string[]).includes(value);
}

/** Returns `value` as a key algorithm or throws `PkiError("INVALID_ARGUMENT")` naming it. */
export function parseKeyAlgorithm(value: unknown): KeyAlgorithm {
  if (isKeyAlgorithm(value)) return value;
  throw new PkiError(
    "INVALID_ARGUMENT",
    `unknown key algorithm ${JSON.stringify(value)}; expected one of ${KEY_ALGORITHMS.join(", ")}`,
  );
}
