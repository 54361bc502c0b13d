/**
 * Seals a managed CA's private key for storage and turns a sealed key back into a signing key.
 */
import { webcrypto } from "node:crypto";
import { KEY_ALGORITHM_SPECS, type KeyAlgorithm } from "./key-algorithms.js";
import type { MasterKey } from "./master-key.js";
import { openSecret, sealSecret } from "./secret-box.js";

/** A CA key ready to sign, with the WebCrypto algorithm to sign with. */
export interface CaSigningKey {
  readonly privateKey: webcrypto.CryptoKey;
  readonly signingAlgorithm: { name: string; hash: string };
}

/** The associated data that binds a sealed CA key to its CA record. */
export function caKeyAssociatedData(caId: string): string {
  return `managed-ca:${caId}`;
}

/** Seals a CA's PKCS#8 DER private key under the master key, bound to `caId`. */
export function sealCaPrivateKey(masterKey: MasterKey, caId: string, pkcs8Der: Uint8Array): Buffer {
  return sealSecret(masterKey, pkcs8Der, caKeyAssociatedData(caId));
}

/**
 * Opens a sealed CA key and imports it as a non-extractable WebCrypto signing key.
 * Throws `PkiError("KEY_DECRYPTION_FAILED")` when the key was sealed for another CA or altered.
 */
export async function openCaSigningKey(
  masterKey: MasterKey,
  caId: string,
  sealedPrivateKey: Uint8Array,
  keyAlgorithm: KeyAlgorithm,
): Promise<CaSigningKey> {
  const spec = KEY_ALGORITHM_SPECS[keyAlgorithm];
  const pkcs8 = openSecret(masterKey, sealedPrivateKey, caKeyAssociatedData(caId));
  try {
    const privateKey = await webcrypto.subtle.importKey("pkcs8", pkcs8, spec.importAlgorithm, false, ["sign"]);
    return { privateKey, signingAlgorithm: { name: spec.importAlgorithm.name, hash: spec.signatureHash } };
  } finally {
    pkcs8.fill(0);
  }
}
