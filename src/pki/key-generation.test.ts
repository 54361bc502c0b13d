import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { describe, it } from "node:test";
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS, isKeyAlgorithm, parseKeyAlgorithm, type KeyAlgorithm } from "./key-algorithms.js";
import { generateKey, privateKeyToPkcs8Der, privateKeyToPkcs8Pem, publicKeyToSpkiDer } from "./key-generation.js";
import { PkiError } from "./pki-error.js";

describe("key algorithms", () => {
  it("default to RSA_4096 and parse only the listed names", () => {
    assert.equal(DEFAULT_KEY_ALGORITHM, "RSA_4096");
    for (const name of KEY_ALGORITHMS) assert.equal(parseKeyAlgorithm(name), name);
    for (const bad of ["rsa_4096", "RSA_1024", "", 4096, undefined]) {
      assert.equal(isKeyAlgorithm(bad), false);
      assert.throws(
        () => parseKeyAlgorithm(bad),
        (error: unknown) => error instanceof PkiError && error.code === "INVALID_ARGUMENT" && /RSA_4096/.test((error as Error).message),
      );
    }
  });
});

describe("generateKey", () => {
  // RSA_4096 is generated (and timed) by the key pool's event-loop test.
  const expectations: [KeyAlgorithm, Record<string, unknown>][] = [
    ["RSA_2048", { modulusLength: 2048, publicExponent: 65537n }],
    ["RSA_3072", { modulusLength: 3072, publicExponent: 65537n }],
    ["EC_P256", { namedCurve: "prime256v1" }],
    ["EC_P384", { namedCurve: "secp384r1" }],
  ];
  for (const [algorithm, details] of expectations) {
    it(`makes a working ${algorithm} pair exportable as PKCS#8 and SPKI`, async () => {
      const key = await generateKey(algorithm);
      assert.equal(key.algorithm, algorithm);
      assert.deepEqual(key.privateKey.asymmetricKeyDetails, details);
      const pem = privateKeyToPkcs8Pem(key);
      assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
      const reread = createPrivateKey({ key: privateKeyToPkcs8Der(key), format: "der", type: "pkcs8" });
      const publicKey = createPublicKey({ key: publicKeyToSpkiDer(key), format: "der", type: "spki" });
      const signature = sign("sha256", Buffer.from("hello"), reread);
      assert.ok(verify("sha256", Buffer.from("hello"), publicKey, signature));
    });
  }
});
