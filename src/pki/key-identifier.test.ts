import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateKey, publicKeyToSpkiDer } from "./key-generation.js";
import { PkiError } from "./pki-error.js";
import { keyIdentifier, keyIdentifierOfSpki } from "./key-identifier.js";
import { x509 } from "./x509-lib.js";

describe("keyIdentifier", () => {
  for (const algorithm of ["RSA_2048", "EC_P256", "EC_P384"] as const) {
    it(`matches the ASN.1 route (SHA-1 of the SPKI's BIT STRING) for ${algorithm}`, async () => {
      const key = await generateKey(algorithm);
      const viaAsn1 = await x509.SubjectKeyIdentifierExtension.create(publicKeyToSpkiDer(key));
      assert.equal(keyIdentifier(key.publicKey), viaAsn1.keyId);
      assert.match(keyIdentifier(key.publicKey), /^[0-9a-f]{40}$/);
      assert.equal(keyIdentifierOfSpki(publicKeyToSpkiDer(key)), viaAsn1.keyId, "straight from the SubjectPublicKeyInfo");
    });
  }

  it("refuses bytes that are not a SubjectPublicKeyInfo", () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]), Buffer.from([0x30, 0x10])]) {
      assert.throws(() => keyIdentifierOfSpki(bytes), (error: unknown) => error instanceof PkiError && error.code === "INVALID_ARGUMENT");
    }
  });
});
