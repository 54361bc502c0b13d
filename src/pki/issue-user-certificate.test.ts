import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { before, describe, it } from "node:test";
import { renderCertificateSubject } from "./dn/index.js";
import { checkCertificateMonths, issueUserCertificate } from "./issue-user-certificate.js";
import { KeyPool } from "./key-pool.js";
import { createManagedCa, type ManagedCaRecord } from "./managed-ca.js";
import { MasterKey } from "./master-key.js";
import { PkiError, type PkiErrorCode } from "./pki-error.js";

const fails = (code: PkiErrorCode, pattern?: RegExp) => (error: unknown) =>
  error instanceof PkiError && error.code === code && (!pattern || pattern.test(error.message));

describe("issueUserCertificate", () => {
  const masterKey = MasterKey.random();
  const created = new Date("2030-01-15T10:00:00Z");
  let ca: ManagedCaRecord;
  before(async () => {
    ca = await createManagedCa({ caId: "ca-7", projectId: "p", masterKey, keyAlgorithm: "EC_P256", validityYears: 3, now: created });
  });
  const base = () => ({ ca, masterKey, caId: "ca-7", username: "alice", months: 3, keyAlgorithm: "EC_P256" as const, now: new Date("2030-02-01T00:00:00Z") });

  it("accepts whole months from 1 to 24 and names anything else in the error", async () => {
    assert.equal(checkCertificateMonths(1), 1);
    assert.equal(checkCertificateMonths(24), 24);
    for (const months of [0, 25, -3, 1.5, Number.NaN, "3", null]) {
      assert.throws(
        () => checkCertificateMonths(months),
        fails("INVALID_ARGUMENT", new RegExp(`from 1 to 24, got ${String(months)}$`)),
      );
    }
    await assert.rejects(issueUserCertificate({ ...base(), months: 25 }), fails("INVALID_ARGUMENT", /got 25/));
  });

  it("refuses empty names and names with control characters or lone surrogates", async () => {
    for (const username of ["", "a\u0000b", "line\nbreak", "x\u0085", "bad\ud800"]) {
      await assert.rejects(issueUserCertificate({ ...base(), username }), fails("INVALID_ARGUMENT"), JSON.stringify(username));
    }
  });

  it("reports the subject mongod derives from the certificate, and refuses names mongod would refuse", async () => {
    for (const username of ["alice", "Smith, John", "#lead", " pad ", "Łódź <x>;", "\ufb01le"]) {
      const issued = await issueUserCertificate({ ...base(), username });
      assert.equal(issued.subject, renderCertificateSubject(issued.certificatePem), username);
    }
    assert.equal((await issueUserCertificate({ ...base(), username: "\ufb01le" })).subject, "CN=file");
    await assert.rejects(issueUserCertificate({ ...base(), username: "private\ue000use" }), fails("INVALID_DN"));
  });

  it("refuses to outlive the CA instead of shortening the certificate", async () => {
    const late = new Date("2032-12-01T00:00:00Z");
    await assert.rejects(
      issueUserCertificate({ ...base(), months: 3, now: late }),
      fails("CA_VALIDITY_EXCEEDED", /would outlive managed CA "CN=certgate project p CA 1,O=certgate", which expires at 2033-01-15T10:00:00.000Z/),
    );
    const fits = await issueUserCertificate({ ...base(), months: 1, now: late });
    assert.equal(fits.notAfter.toISOString(), "2033-01-01T00:00:00.000Z");
  });

  it("refuses when the CA has expired or is not yet valid", async () => {
    await assert.rejects(issueUserCertificate({ ...base(), now: new Date("2034-01-01T00:00:00Z") }), fails("CA_EXPIRED"));
    await assert.rejects(issueUserCertificate({ ...base(), now: new Date("2030-01-15T08:00:00Z") }), fails("CA_NOT_YET_VALID"));
  });

  it("cannot sign with a CA key sealed for another CA id", async () => {
    await assert.rejects(issueUserCertificate({ ...base(), caId: "ca-8" }), fails("KEY_DECRYPTION_FAILED", /managed-ca:ca-8/));
    await assert.rejects(issueUserCertificate({ ...base(), masterKey: MasterKey.random() }), fails("KEY_DECRYPTION_FAILED"));
  });

  it("asks isSerialTaken and uses the first free serial", async () => {
    const asked: bigint[] = [];
    const issued = await issueUserCertificate({ ...base(), isSerialTaken: (serial) => asked.push(serial) < 2 });
    assert.equal(asked.length, 2);
    assert.equal(issued.serial, asked[1]);
    assert.equal(BigInt(`0x${new X509Certificate(issued.certificatePem).serialNumber}`), issued.serial);
  });

  it("takes its key from the pool when given one", async () => {
    const pool = new KeyPool({ sizes: { EC_P256: 1 } });
    try {
      await pool.whenFull();
      const issued = await issueUserCertificate({ ...base(), keyPool: pool });
      assert.equal(pool.stats().algorithms.EC_P256.hits, 1);
      assert.equal(issued.keyAlgorithm, "EC_P256");
      assert.match(issued.pem, /-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\n/);
    } finally {
      await pool.close();
    }
  });

  it("rounds times down to whole seconds so the record equals the certificate", async () => {
    const issued = await issueUserCertificate({ ...base(), now: new Date("2030-03-31T12:34:56.789Z"), months: 1 });
    const cert = new X509Certificate(issued.certificatePem);
    assert.equal(issued.notBefore.toISOString(), "2030-03-31T11:34:56.000Z");
    assert.equal(issued.notAfter.toISOString(), "2030-04-30T12:34:56.000Z");
    assert.equal(new Date(cert.validTo).getTime(), issued.notAfter.getTime());
    assert.equal(new Date(cert.validFrom).getTime(), issued.notBefore.getTime());
  });
});

describe("createManagedCa arguments", () => {
  it("names the bad argument", async () => {
    const masterKey = MasterKey.random();
    const invalid = (pattern: RegExp) => fails("INVALID_ARGUMENT", pattern);
    await assert.rejects(createManagedCa({ caId: "", projectId: "p", masterKey }), invalid(/CA id/));
    await assert.rejects(createManagedCa({ caId: "c", projectId: "p", masterKey, generation: 0 }), invalid(/generation .* got 0/));
    await assert.rejects(createManagedCa({ caId: "c", projectId: "p", masterKey, validityYears: 31 }), invalid(/got 31/));
  });
});
