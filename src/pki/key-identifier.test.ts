import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateKey, publicKeyToSpkiDer } from "./key-generation.js";
import { keyIdentifier } from "./key-identifier.js";
import { x509 } from "./x509-lib.js";

describe("keyIdentifier", () => {
  for (const algorithm of ["RSA_2048", "EC_P256", "EC_P384"] as const) {
    it(`matches the ASN.1 route (SHA-1 of the SPKI's BIT STRING) for ${algorithm}`, async () => {
      const key = await generateKey(algorithm);
      const viaAsn1 = await x509.SubjectKeyIdentifierExtension.create(publicKeyToSpkiDer(key));
      assert.equal(keyIdentifier(key.publicKey), viaAsn1.keyId);
      assert.match(keyIdentifier(key.publicKey), /^[0-9a-f]{40}$/);
    });
  }
});
