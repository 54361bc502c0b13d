import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MasterKey } from "./master-key.js";
import { PkiError } from "./pki-error.js";
import { SECRET_BOX_VERSION, openSecret, sealSecret } from "./secret-box.js";

const decryptionFailed = (error: unknown) => error instanceof PkiError && error.code === "KEY_DECRYPTION_FAILED";

describe("secret box", () => {
  const key = MasterKey.random();
  const secret = Buffer.from("-----BEGIN PRIVATE KEY----- pretend this is a CA key");

  it("round-trips and lays out version | 12-byte nonce | ciphertext | 16-byte tag", () => {
    const sealed = sealSecret(key, secret, "managed-ca:1");
    assert.equal(sealed[0], SECRET_BOX_VERSION);
    assert.equal(sealed.length, 1 + 12 + secret.length + 16);
    assert.ok(!sealed.includes(secret.subarray(0, 16)), "the plaintext must not appear in the sealed bytes");
    assert.deepEqual(openSecret(key, sealed, "managed-ca:1"), secret);
  });

  it("uses a fresh nonce each time", () => {
    const a = sealSecret(key, secret, "x");
    const b = sealSecret(key, secret, "x");
    assert.notDeepEqual(a.subarray(1, 13), b.subarray(1, 13));
    assert.notDeepEqual(a, b);
  });

  it("rejects a flipped bit anywhere: version, nonce, ciphertext or tag", () => {
    const sealed = sealSecret(key, secret, "managed-ca:1");
    for (const index of [0, 1, 12, 13, 13 + Math.floor(secret.length / 2), sealed.length - 16, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[index] = (tampered[index] as number) ^ 0x01;
      assert.throws(() => openSecret(key, tampered, "managed-ca:1"), decryptionFailed, `byte ${index}`);
    }
  });

  it("rejects a sealed key moved to another record (wrong associated data)", () => {
    const sealed = sealSecret(key, secret, "managed-ca:1");
    assert.throws(
      () => openSecret(key, sealed, "managed-ca:2"),
      (error: unknown) => decryptionFailed(error) && /managed-ca:2/.test((error as Error).message),
    );
  });

  it("rejects another master key, and truncated input, without echoing any bytes", () => {
    const sealed = sealSecret(key, secret, "a");
    assert.throws(() => openSecret(MasterKey.random(), sealed, "a"), (error: unknown) => {
      const message = (error as Error).message;
      return decryptionFailed(error) && !message.includes(sealed.toString("hex").slice(0, 16)) && !message.includes(key.toBase64());
    });
    assert.throws(() => openSecret(key, sealed.subarray(0, 20), "a"), (error: unknown) => decryptionFailed(error) && /truncated/.test((error as Error).message));
  });

  it("opens a sealed value that sits at an offset inside a larger buffer", () => {
    const sealed = sealSecret(key, secret, "offset");
    const padded = Buffer.concat([Buffer.alloc(5, 0xee), sealed]);
    assert.deepEqual(openSecret(key, padded.subarray(5), "offset"), secret);
  });
});
