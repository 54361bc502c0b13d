/**
 * Managed CAs and user certificates as OpenSSL sees them.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { issueUserCertificate, type IssuedUserCertificate } from "../../src/pki/issue-user-certificate.js";
import { createManagedCa, rotateManagedCa, type ManagedCaRecord } from "../../src/pki/managed-ca.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { openssl, runOpenssl, scratchDir } from "./openssl-tool.js";

const HOUR = 3_600_000;

/** The colon-separated hex printed under an extension heading of `openssl x509 -text`. */
function keyIdAfter(text: string, heading: string): string {
  const match = new RegExp(`${heading}: *\\n\\s+(?:keyid:)?([0-9A-F:]+)`).exec(text);
  assert.ok(match, `no ${heading} in:\n${text}`);
  return match[1] as string;
}

function isoDate(line: string): Date {
  return new Date(line.trim().split("=")[1]!.replace(" ", "T"));
}

describe("default (RSA-4096) managed CA and user certificate, judged by openssl", () => {
  const scratch = scratchDir("issue");
  const dir = scratch.dir;
  const masterKey = MasterKey.random();
  const now = new Date("2026-08-10T03:06:35Z");
  let ca: ManagedCaRecord;
  let issued: IssuedUserCertificate;

  before(async () => {
    ca = await createManagedCa({ caId: "ca-1", projectId: "5efda6aea3f2ed2e7dd6ce05", masterKey, now: new Date(now.getTime() - 86_400_000) });
    issued = await issueUserCertificate({ ca, masterKey, caId: "ca-1", username: "user389", months: 3, now });
    writeFileSync(join(dir, "ca.pem"), ca.certificatePem);
    writeFileSync(join(dir, "user.pem"), issued.pem);
  });
  after(() => scratch.remove());

  it("verifies for TLS client use against the CA", () => {
    const out = openssl(["verify", "-attime", String(now.getTime() / 1000), "-CAfile", "ca.pem", "-purpose", "sslclient", "user.pem"], dir);
    assert.equal(out.trim(), "user.pem: OK");
  });

  it("is Atlas-shaped: CN=<username>, RSA-4096, SHA-256, critical digitalSignature and clientAuth, SKI/AKI", () => {
    const text = openssl(["x509", "-in", "user.pem", "-noout", "-text", "-nameopt", "RFC2253"], dir);
    assert.match(text, /Version: 3 \(0x2\)/);
    assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/);
    assert.match(text, /Subject: CN=user389\n/);
    assert.match(text, /Issuer: CN=certgate project 5efda6aea3f2ed2e7dd6ce05 CA 1,O=certgate\n/);
    assert.match(text, /Public-Key: \(4096 bit\)/);
    assert.match(text, /X509v3 Key Usage: critical\n\s+Digital Signature\n/);
    assert.match(text, /X509v3 Extended Key Usage: critical\n\s+TLS Web Client Authentication\n/);
    const caText = openssl(["x509", "-in", "ca.pem", "-noout", "-text"], dir);
    assert.equal(keyIdAfter(text, "X509v3 Authority Key Identifier"), keyIdAfter(caText, "X509v3 Subject Key Identifier"));
    assert.match(keyIdAfter(text, "X509v3 Subject Key Identifier"), /^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    assert.equal(issued.subject, "CN=user389");
  });

  it("has an 8-byte positive serial equal to the reported one", () => {
    const out = openssl(["x509", "-in", "user.pem", "-noout", "-serial"], dir).trim();
    const hex = out.replace("serial=", "");
    assert.match(hex, /^[1-7][0-9A-F]{15}$|^0[1-9A-F][0-9A-F]{14}$/, `serial ${hex} must be 8 bytes with the top bit clear`);
    assert.equal(BigInt(`0x${hex}`), issued.serial);
  });

  it("is valid from one hour before issue until the same time three calendar months later", () => {
    const [notBefore, notAfter] = openssl(["x509", "-in", "user.pem", "-noout", "-dates", "-dateopt", "iso_8601"], dir).trim().split("\n") as [string, string];
    assert.equal(isoDate(notBefore).toISOString(), new Date(now.getTime() - HOUR).toISOString());
    assert.equal(isoDate(notAfter).toISOString(), "2026-11-10T03:06:35.000Z");
    assert.deepEqual([issued.notBefore, issued.notAfter], [isoDate(notBefore), isoDate(notAfter)]);
  });

  it("answers certificate PEM then a PKCS#8 PRIVATE KEY whose public key is the certificate's", () => {
    const blocks = [...issued.pem.matchAll(/-----BEGIN ([A-Z ]+)-----/g)].map((m) => m[1]);
    assert.deepEqual(blocks, ["CERTIFICATE", "PRIVATE KEY"]);
    assert.ok(issued.pem.startsWith(issued.certificatePem));
    writeFileSync(join(dir, "key-only.pem"), issued.pem.slice(issued.certificatePem.length));
    const fromKey = openssl(["pkey", "-in", "key-only.pem", "-pubout"], dir);
    const fromCert = openssl(["x509", "-in", "user.pem", "-noout", "-pubkey"], dir);
    assert.equal(fromKey, fromCert);
    assert.match(openssl(["pkey", "-in", "key-only.pem", "-noout", "-text"], dir), /Private-Key: \(4096 bit, 2 primes\)/);
  });

  it("has the subjectKeyIdentifier OpenSSL computes for the same key (subjectKeyIdentifier=hash)", () => {
    const ours = keyIdAfter(openssl(["x509", "-in", "user.pem", "-noout", "-text"], dir), "X509v3 Subject Key Identifier");
    writeFileSync(join(dir, "key-only.pem"), issued.pem.slice(issued.certificatePem.length));
    const selfSigned = openssl(
      ["req", "-new", "-x509", "-key", "key-only.pem", "-subj", "/CN=ski", "-addext", "subjectKeyIdentifier=hash", "-days", "1"],
      dir,
    );
    const theirs = keyIdAfter(openssl(["x509", "-noout", "-text"], dir, selfSigned), "X509v3 Subject Key Identifier");
    assert.equal(ours, theirs);
  });

  it("makes a CA that is self-signed, CA:TRUE pathlen 0 and keyCertSign/cRLSign, both critical, for 10 years", () => {
    const text = openssl(["x509", "-in", "ca.pem", "-noout", "-text", "-nameopt", "RFC2253"], dir);
    assert.match(text, /X509v3 Basic Constraints: critical\n\s+CA:TRUE, pathlen:0\n/);
    assert.match(text, /X509v3 Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/);
    assert.match(text, /Public-Key: \(4096 bit\)/);
    assert.match(text, /Subject: CN=certgate project 5efda6aea3f2ed2e7dd6ce05 CA 1,O=certgate\n/);
    const [, notAfter] = openssl(["x509", "-in", "ca.pem", "-noout", "-dates", "-dateopt", "iso_8601"], dir).trim().split("\n") as [string, string];
    assert.equal(isoDate(notAfter).toISOString(), "2036-08-09T03:06:35.000Z");
    const selfCheck = runOpenssl(["verify", "-attime", String(now.getTime() / 1000), "-CAfile", "ca.pem", "ca.pem"], dir);
    assert.equal(selfCheck.status, 0, selfCheck.stderr);
    assert.equal(ca.subject, "CN=certgate project 5efda6aea3f2ed2e7dd6ce05 CA 1,O=certgate");
    assert.equal(ca.serial, BigInt(`0x${openssl(["x509", "-in", "ca.pem", "-noout", "-serial"], dir).trim().slice(7)}`));
  });
});

describe("EC managed CA, names with DN special characters, and rotation, judged by openssl", () => {
  const scratch = scratchDir("issue-ec");
  const dir = scratch.dir;
  const masterKey = MasterKey.random();
  after(() => scratch.remove());

  it("keeps commas, plus signs, quotes and non-ASCII inside the one CN value", async () => {
    const ca = await createManagedCa({ caId: "ec", projectId: "p", masterKey, keyAlgorithm: "EC_P384" });
    const username = 'Smith, John+ops "a" <b>;#Łódź';
    const issued = await issueUserCertificate({ ca, masterKey, caId: "ec", username, months: 24, keyAlgorithm: "EC_P256" });
    writeFileSync(join(dir, "ca.pem"), ca.certificatePem);
    writeFileSync(join(dir, "user.pem"), issued.pem);
    assert.equal(openssl(["verify", "-CAfile", "ca.pem", "-purpose", "sslclient", "user.pem"], dir).trim(), "user.pem: OK");
    const text = openssl(["x509", "-in", "user.pem", "-noout", "-text"], dir);
    assert.match(text, /Signature Algorithm: ecdsa-with-SHA384/);
    assert.match(text, /NIST CURVE: P-256/);
    const subject = openssl(["x509", "-in", "user.pem", "-noout", "-subject", "-nameopt", "RFC2253,-esc_msb"], dir).trim();
    assert.equal(subject, `subject=CN=Smith\\, John\\+ops \\"a\\" \\<b\\>\\;#Łódź`);
    assert.equal((subject.match(/=/g) ?? []).length, 2, "one attribute only");
  });

  it("rotation makes a second CA with its own subject; the old CA's certificates still verify against the pair", async () => {
    const first = await createManagedCa({ caId: "r1", projectId: "proj", masterKey, keyAlgorithm: "EC_P256" });
    const second = await rotateManagedCa([first], { caId: "r2", projectId: "proj", masterKey, keyAlgorithm: "EC_P256" });
    assert.equal(second.generation, 2);
    assert.equal(second.subject, "CN=certgate project proj CA 2,O=certgate");
    const oldCert = await issueUserCertificate({ ca: first, masterKey, caId: "r1", username: "u", months: 1, keyAlgorithm: "EC_P256" });
    writeFileSync(join(dir, "new-ca.pem"), second.certificatePem);
    writeFileSync(join(dir, "both.pem"), second.certificatePem + first.certificatePem);
    writeFileSync(join(dir, "old-user.pem"), oldCert.certificatePem);
    assert.notEqual(runOpenssl(["verify", "-CAfile", "new-ca.pem", "old-user.pem"], dir).status, 0);
    assert.equal(runOpenssl(["verify", "-CAfile", "both.pem", "-purpose", "sslclient", "old-user.pem"], dir).status, 0);
  });
});
