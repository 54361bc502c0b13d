import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import { describe, it } from "node:test";
import { caKeyAssociatedData } from "./ca-signing-key.js";
import { createManagedCa, rotateManagedCa } from "./managed-ca.js";
import { MasterKey } from "./master-key.js";
import { PkiError } from "./pki-error.js";
import { openSecret } from "./secret-box.js";

describe("createManagedCa", () => {
  it("returns the CA's own private key only sealed, bound to the CA id", async () => {
    const masterKey = MasterKey.random();
    const ca = await createManagedCa({ caId: "ca-42", projectId: "p", masterKey, keyAlgorithm: "EC_P384" });
    const pkcs8 = openSecret(masterKey, ca.sealedPrivateKey, caKeyAssociatedData("ca-42"));
    const privateKey = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" });
    const fromKey = createPublicKey(privateKey).export({ type: "spki", format: "der" });
    const fromCert = new X509Certificate(ca.certificatePem).publicKey.export({ type: "spki", format: "der" });
    assert.deepEqual(fromKey, fromCert);
    assert.equal(ca.sealedPrivateKey.includes(pkcs8.subarray(pkcs8.length - 48)), false, "no key bytes in the clear");
    assert.throws(
      () => openSecret(masterKey, ca.sealedPrivateKey, caKeyAssociatedData("ca-43")),
      (error: unknown) => error instanceof PkiError && error.code === "KEY_DECRYPTION_FAILED",
    );
  });

  it("records what the certificate says: serial, validity, generation and key algorithm", async () => {
    const masterKey = MasterKey.random();
    const now = new Date("2031-05-31T12:00:00.900Z");
    const first = await createManagedCa({ caId: "g1", projectId: "proj", masterKey, keyAlgorithm: "EC_P256", validityYears: 2, now });
    const cert = new X509Certificate(first.certificatePem);
    assert.equal(BigInt(`0x${cert.serialNumber}`), first.serial);
    assert.equal(first.notBefore.toISOString(), "2031-05-31T11:00:00.000Z");
    assert.equal(first.notAfter.toISOString(), "2033-05-31T12:00:00.000Z");
    assert.equal(new Date(cert.validTo).getTime(), first.notAfter.getTime());
    assert.equal(cert.ca, true);
    assert.deepEqual([first.generation, first.keyAlgorithm, first.projectId, first.caId], [1, "EC_P256", "proj", "g1"]);
    const third = await rotateManagedCa([first, { generation: 2 }], { caId: "g3", projectId: "proj", masterKey, keyAlgorithm: "EC_P256" });
    assert.equal(third.generation, 3);
    assert.equal(third.subject, "CN=certgate project proj CA 3,O=certgate");
  });
});
