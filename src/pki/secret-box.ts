/**
 * Authenticated encryption of secrets at rest: AES-256-GCM under the master key.
 *
 * Sealed layout: `version (1 byte) | nonce (12 bytes) | ciphertext | tag (16 bytes)`.
 * The associated data names the record the secret belongs to (e.g. `managed-ca:<id>`), so a sealed
 * CA key copied into another CA's row fails to open instead of signing for the wrong CA. The version
 * byte is authenticated too, so it cannot be changed to steer the decoder.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { MasterKey } from "./master-key.js";
import { PkiError } from "./pki-error.js";

/** The only layout version written today. */
export const SECRET_BOX_VERSION = 1;

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;
const CONTEXT_PREFIX = "certgate/secret-box/v1\u0000";

function additionalData(version: number, associatedData: string): Buffer {
  return Buffer.concat([Buffer.from([version]), Buffer.from(CONTEXT_PREFIX + associatedData, "utf8")]);
}

/**
 * Encrypts `plaintext` under the master key, bound to `associatedData`.
 * A fresh random 96-bit nonce is used each time, so sealing the same secret twice gives different bytes.
 */
export function sealSecret(masterKey: MasterKey, plaintext: Uint8Array, associatedData: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", masterKey.exposeBytes(), nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(SECRET_BOX_VERSION, associatedData));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([SECRET_BOX_VERSION]), nonce, body, cipher.getAuthTag()]);
}

/**
 * Decrypts what {@link sealSecret} produced. Throws `PkiError("KEY_DECRYPTION_FAILED")` when the data
 * is truncated, has an unknown version, was altered, or was sealed under another master key or
 * associated data; the message says which check failed but never includes any of the bytes.
 */
export function openSecret(masterKey: MasterKey, sealed: Uint8Array, associatedData: string): Buffer {
  if (sealed.length < HEADER_BYTES + TAG_BYTES) {
    throw new PkiError(
      "KEY_DECRYPTION_FAILED",
      `sealed secret for "${associatedData}" is truncated (${sealed.length} bytes, at least ${HEADER_BYTES + TAG_BYTES} expected)`,
    );
  }
  const version = sealed[0] as number;
  if (version !== SECRET_BOX_VERSION) {
    throw new PkiError(
      "KEY_DECRYPTION_FAILED",
      `sealed secret for "${associatedData}" has unknown format version ${version}`,
    );
  }
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = bytes.subarray(1, HEADER_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const body = bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", masterKey.exposeBytes(), nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(version, associatedData));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch (error) {
    throw new PkiError(
      "KEY_DECRYPTION_FAILED",
      `sealed secret for "${associatedData}" failed authentication: it was altered, belongs to another record, or was sealed under a different master key`,
      { cause: error },
    );
  }
}
