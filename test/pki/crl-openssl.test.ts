/**
 * CRLs signed by a managed CA, checked by `openssl crl` and `openssl verify -crl_check`.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createCrl } from "../../src/pki/crl.js";
import { issueUserCertificate, type IssuedUserCertificate } from "../../src/pki/issue-user-certificate.js";
import { createManagedCa, type ManagedCaRecord } from "../../src/pki/managed-ca.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { PkiError } from "../../src/pki/pki-error.js";
import { openssl, runOpenssl, scratchDir } from "./openssl-tool.js";

describe("createCrl, judged by openssl", () => {
  const scratch = scratchDir("crl");
  const dir = scratch.dir;
  const masterKey = MasterKey.random();
  const now = new Date();
  let ca: ManagedCaRecord;
  let revoked: IssuedUserCertificate;
  let kept: IssuedUserCertificate;

  before(async () => {
    ca = await createManagedCa({ caId: "crl-ca", projectId: "p", masterKey, keyAlgorithm: "EC_P384" });
    const issue = (username: string) => issueUserCertificate({ ca, masterKey, caId: "crl-ca", username, months: 1, keyAlgorithm: "EC_P256" });
    [revoked, kept] = await Promise.all([issue("revoked"), issue("kept")]);
    const crl = await createCrl({
      ca,
      masterKey,
      caId: "crl-ca",
      revoked: [
        { serial: revoked.serial, revokedAt: now, reason: "keyCompromise" },
        { serial: 0x1234567890abcdefn, revokedAt: new Date(now.getTime() - 60_000) },
      ],
      crlNumber: 42n,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 86_400_000),
    });
    writeFileSync(join(dir, "ca.pem"), ca.certificatePem);
    writeFileSync(join(dir, "crl.pem"), crl);
    writeFileSync(join(dir, "revoked.pem"), revoked.certificatePem);
    writeFileSync(join(dir, "kept.pem"), kept.certificatePem);
  });
  after(() => scratch.remove());

  it("is a v2 CRL whose signature verifies with the CA, with AKI, CRL number and reasons", () => {
    const run = runOpenssl(["crl", "-in", "crl.pem", "-noout", "-text", "-CAfile", "ca.pem", "-verify"], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /verify OK/);
    assert.match(run.stdout, /Version 2 \(0x1\)/);
    assert.match(run.stdout, /Signature Algorithm: ecdsa-with-SHA384/);
    assert.match(run.stdout, /X509v3 CRL Number: *\n\s+42\n/);
    assert.match(run.stdout, /X509v3 Authority Key Identifier/);
    const serialHex = revoked.serial.toString(16).toUpperCase().padStart(16, "0");
    assert.match(run.stdout, new RegExp(`Serial Number: ${serialHex}\\n\\s+Revocation Date: .*\\n\\s+CRL entry extensions:\\n\\s+X509v3 CRL Reason Code: *\\n\\s+Key Compromise`));
    assert.match(run.stdout, /Serial Number: 1234567890ABCDEF\n\s+Revocation Date/);
  });

  it("makes openssl verify -crl_check reject the revoked certificate and accept the other", () => {
    const rejected = runOpenssl(["verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "ca.pem", "revoked.pem"], dir);
    assert.notEqual(rejected.status, 0);
    assert.match(rejected.stdout + rejected.stderr, /certificate revoked/);
    assert.equal(openssl(["verify", "-crl_check", "-CRLfile", "crl.pem", "-CAfile", "ca.pem", "kept.pem"], dir).trim(), "kept.pem: OK");
  });

  it("refuses duplicate serials, a nextUpdate not after thisUpdate, and a wrong CA id", async () => {
    const params = { ca, masterKey, caId: "crl-ca", revoked: [], crlNumber: 1n, thisUpdate: now, nextUpdate: new Date(now.getTime() + 1000) };
    await assert.rejects(
      createCrl({ ...params, revoked: [{ serial: 5n, revokedAt: now }, { serial: 5n, revokedAt: now }] }),
      (error: unknown) => error instanceof PkiError && error.code === "INVALID_ARGUMENT" && /listed twice/.test(error.message),
    );
    await assert.rejects(createCrl({ ...params, nextUpdate: now }), (error: unknown) => error instanceof PkiError && /nextUpdate/.test(error.message));
    await assert.rejects(createCrl({ ...params, crlNumber: -1n }), (error: unknown) => error instanceof PkiError && error.code === "INVALID_ARGUMENT");
    await assert.rejects(createCrl({ ...params, caId: "other" }), (error: unknown) => error instanceof PkiError && error.code === "KEY_DECRYPTION_FAILED");
  });

  it("produces an empty CRL that openssl still verifies", async () => {
    const empty = await createCrl({ ca, masterKey, caId: "crl-ca", revoked: [], crlNumber: 0n, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3_600_000) });
    writeFileSync(join(dir, "empty.pem"), empty);
    const run = runOpenssl(["crl", "-in", "empty.pem", "-noout", "-text", "-CAfile", "ca.pem", "-verify"], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /No Revoked Certificates/);
    assert.match(run.stdout, /X509v3 CRL Number: *\n\s+0\n/);
  });

  it("lists every one of thousands of entries, each with its own date and reason, and an RSA CA signs it too", async () => {
    const rsaCa = await createManagedCa({ caId: "crl-rsa", projectId: "p", masterKey, keyAlgorithm: "RSA_2048" });
    const reasons = ["unspecified", "keyCompromise", "superseded", "privilegeWithdrawn"] as const;
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      serial: (1n << 56n) + BigInt(i) * 7919n,
      revokedAt: new Date(Date.UTC(2049, 11, 31, 23, 59, 59) + i * 1000),
      reason: reasons[i % reasons.length],
    }));
    const big = await createCrl({ ca: rsaCa, masterKey, caId: "crl-rsa", revoked: entries, crlNumber: 7n, thisUpdate: now, nextUpdate: new Date(now.getTime() + 3_600_000) });
    writeFileSync(join(dir, "rsa-ca.pem"), rsaCa.certificatePem);
    writeFileSync(join(dir, "big.pem"), big);
    const run = runOpenssl(["crl", "-in", "big.pem", "-noout", "-text", "-CAfile", "rsa-ca.pem", "-verify"], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /verify OK/);
    assert.match(run.stdout, /Signature Algorithm: sha256WithRSAEncryption/);
    const listed = [...run.stdout.matchAll(/Serial Number: ([0-9A-F]+)\n\s+Revocation Date: ([^\n]+)\n(\s+CRL entry extensions:\n\s+X509v3 CRL Reason Code: *\n\s+([^\n]+)\n)?/g)];
    assert.equal(listed.length, entries.length);
    const names: Record<string, string> = { keyCompromise: "Key Compromise", superseded: "Superseded", privilegeWithdrawn: "Privilege Withdrawn" };
    for (const [i, match] of listed.entries()) {
      const entry = entries[i]!;
      assert.equal(BigInt(`0x${match[1]}`), entry.serial);
      assert.equal(new Date(match[2]!).getTime(), entry.revokedAt.getTime());
      assert.equal(match[4], entry.reason === "unspecified" ? undefined : names[entry.reason]);
    }
  });
});
