import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { OpensslFixtures, derToPem, pemToDer, type Issued } from "../../test/pki/openssl-fixtures.js";
import {
  CA_BUNDLE_MAX_CERTIFICATES,
  bundleProblemsError,
  formatBundleProblems,
  validateCaBundle,
  type CaBundleProblem,
} from "./ca-bundle.js";

let fx: OpensslFixtures;
let root: Issued;
let highSerial: string;

before(() => {
  fx = new OpensslFixtures();
  root = fx.cert({ subject: "/DC=com/DC=example/O=Acme, Inc./CN=Info Root", startDate: "20250101000000Z", endDate: "20300101120000Z" });
  const key = fx.key();
  highSerial = fx
    .openssl(["req", "-x509", "-key", key, "-subj", "/CN=High Serial", "-days", "10", "-set_serial", "0x80000000000000ff"])
    .toString("utf8");
});
after(() => fx.cleanup());

function openssl(cert: Issued, ...args: string[]): string {
  return fx.openssl(["x509", "-in", cert.certPath, "-noout", ...args]).toString("utf8").trim();
}

describe("what the result says about each CA", () => {
  test("subject, issuer, serial, dates and fingerprint agree with openssl", () => {
    const result = validateCaBundle(root.pem, { now: new Date("2026-01-01T00:00:00Z") });
    assert.equal(result.ok, true);
    const [info] = result.cas;
    const subject = openssl(root, "-subject", "-nameopt", "RFC2253").replace(/^subject=/, "");
    assert.equal(info!.subject, subject);
    assert.equal(info!.subject, "CN=Info Root,O=Acme\\, Inc.,DC=example,DC=com");
    assert.equal(info!.issuer, subject);
    assert.equal(info!.serialNumber, openssl(root, "-serial").replace(/^serial=/, ""));
    assert.equal(info!.sha256Fingerprint, openssl(root, "-fingerprint", "-sha256").replace(/^sha256 Fingerprint=/i, ""));
    assert.equal(info!.notBefore.toISOString(), "2025-01-01T00:00:00.000Z");
    assert.equal(info!.notAfter.toISOString(), "2030-01-01T12:00:00.000Z");
    assert.equal(info!.selfSigned, true);
    assert.equal(info!.position, 1);
    assert.equal(info!.pem, derToPem(pemToDer(root.pem)));
  });

  test("a serial with its top bit set is printed without the DER sign byte, as openssl does", () => {
    const [info] = validateCaBundle(highSerial).cas;
    assert.equal(info!.serialNumber, "80000000000000FF");
  });

  test("daysUntilExpiry counts whole days down to notAfter and goes negative after it", () => {
    const days = (now: string) => validateCaBundle(root.pem, { now: new Date(now) }).cas[0]!.daysUntilExpiry;
    assert.equal(days("2029-12-22T00:00:00Z"), 10);
    assert.equal(days("2029-12-22T12:00:00Z"), 10);
    assert.equal(days("2029-12-22T12:00:01Z"), 9);
    assert.equal(days("2030-01-01T11:59:59Z"), 0);
    assert.equal(days("2030-01-02T00:00:00Z"), -1);
  });
});

describe("validity is judged at the given instant", () => {
  test("before notBefore, inside, at the last second, and after notAfter", () => {
    const codes = (now: string) => validateCaBundle(root.pem, { now: new Date(now) }).problems.map((p) => p.code);
    assert.deepEqual(codes("2024-12-31T23:59:59Z"), ["NOT_YET_VALID"]);
    assert.deepEqual(codes("2027-06-01T00:00:00Z"), []);
    assert.deepEqual(codes("2030-01-01T12:00:00Z"), []);
    assert.deepEqual(codes("2030-01-01T12:00:01Z"), ["EXPIRED"]);
  });

  test("without `now` the current time is used", () => {
    const current = fx.cert({ subject: "/CN=Current" });
    assert.equal(validateCaBundle(current.pem).ok, true);
    assert.deepEqual(validateCaBundle(root.pem + current.pem, { now: new Date("2031-01-01T00:00:00Z") }).problems.map((p) => p.position), [1, 2]);
  });
});

describe("every problem at once", () => {
  test("one certificate with several faults gets one problem per fault, in block order", () => {
    const expiredSigner = fx.cert({
      subject: "/CN=Expired Signer",
      extensions: ["basicConstraints=CA:TRUE", "keyUsage=digitalSignature"],
      startDate: "20200101000000Z",
      endDate: "20210101000000Z",
    });
    const result = validateCaBundle(`${expiredSigner.pem}${root.pem}-----BEGIN CERTIFICATE-----\n`, {
      now: new Date("2026-01-01T00:00:00Z"),
    });
    assert.deepEqual(
      result.problems.map((p) => [p.position, p.code]),
      [[1, "MISSING_KEY_CERT_SIGN"], [1, "EXPIRED"], [3, "UNTERMINATED_BLOCK"]],
    );
    assert.equal(result.ok, false);
    assert.deepEqual(result.cas.map((c) => c.position), [1, 2]);
    assert.ok(result.problems.slice(0, 2).every((p) => p.subject === "CN=Expired Signer"));
  });

  test("a leaf is reported as not a CA, without a second problem about its keyUsage", () => {
    const leaf = fx.cert({ subject: "/CN=Leaf", extensions: ["basicConstraints=CA:FALSE", "keyUsage=digitalSignature"] });
    assert.deepEqual(validateCaBundle(leaf.pem).problems.map((p) => p.code), ["NOT_A_CA"]);
  });
});

describe("size limits", () => {
  test("100 certificates are read, 101 are refused before reading any", () => {
    const hundred = validateCaBundle(root.pem.repeat(CA_BUNDLE_MAX_CERTIFICATES), { now: new Date("2026-01-01T00:00:00Z") });
    assert.equal(hundred.cas.length, 100);
    assert.deepEqual(new Set(hundred.problems.map((p) => p.code)), new Set(["DUPLICATE_CERTIFICATE"]));
    assert.equal(hundred.problems.length, 99);
    const tooMany = validateCaBundle(root.pem.repeat(CA_BUNDLE_MAX_CERTIFICATES + 1));
    assert.deepEqual(tooMany.problems.map((p) => p.code), ["TOO_MANY_CERTIFICATES"]);
    assert.deepEqual(tooMany.cas, []);
  });
});

describe("messages for API errors", () => {
  const expired: CaBundleProblem = {
    position: 2,
    subject: "CN=Old Root,O=Acme",
    code: "EXPIRED",
    message: "certificate 2 (CN=Old Root,O=Acme): expired on 2024-01-01T00:00:00Z",
  };
  const key: CaBundleProblem = {
    position: 3,
    code: "PRIVATE_KEY_IN_BUNDLE",
    message: "block 3 (PRIVATE KEY, line 30) is a private key",
  };

  test("formatBundleProblems makes one paragraph", () => {
    assert.equal(
      formatBundleProblems([expired, key]),
      "The CA bundle was refused (2 problems): certificate 2 (CN=Old Root,O=Acme): expired on 2024-01-01T00:00:00Z; " +
        "block 3 (PRIVATE KEY, line 30) is a private key.",
    );
    assert.equal(formatBundleProblems([key]), "The CA bundle was refused (1 problem): block 3 (PRIVATE KEY, line 30) is a private key.");
    assert.equal(formatBundleProblems([]), "The CA bundle has no problems.");
  });

  test("bundleProblemsError keeps a specific code only when every problem shares it", () => {
    const onlyExpired = bundleProblemsError([expired, { ...expired, position: 4 }]);
    assert.equal(onlyExpired.code, "CA_EXPIRED");
    assert.equal(onlyExpired.message, formatBundleProblems([expired, { ...expired, position: 4 }]));
    assert.equal(bundleProblemsError([expired, key]).code, "INVALID_PEM");
    const notCa = { ...expired, code: "NOT_V3" as const };
    assert.equal(bundleProblemsError([notCa, { ...notCa, code: "MISSING_KEY_CERT_SIGN" }]).code, "NOT_A_CA");
  });
});
