/**
 * A corpus of customer CA bundles, good and bad, built with `openssl` at test time. Each bad input must be
 * refused with the expected code, and where the problem concerns one block the message must name the
 * block's position and, for readable certificates, the subject exactly as OpenSSL prints it in RFC 2253.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { validateCaBundle, type CaBundleProblemCode } from "../../src/pki/ca-bundle.js";
import { OpensslFixtures, derToPem, pemToDer, type Issued } from "./openssl-fixtures.js";
import { buildCorpus, type BadCase } from "./ca-bundle-corpus.js";

// Built while the file loads, so that every corpus entry becomes a test of its own.
const fx = new OpensslFixtures();
const corpus = buildCorpus(fx);
after(() => fx.cleanup());

/** The subject as `openssl x509 -subject -nameopt RFC2253` prints it: the oracle for mongod's form. */
function opensslSubject(cert: Issued): string {
  return fx.openssl(["x509", "-in", cert.certPath, "-noout", "-subject", "-nameopt", "RFC2253"]).toString("utf8").trim().replace(/^subject=/, "");
}

function expectRefused(bad: BadCase): void {
  const result = validateCaBundle(bad.input);
  assert.equal(result.ok, false, `${bad.name}: should be refused`);
  const found = result.problems.filter((p) => p.code === bad.code && (bad.position === undefined || p.position === bad.position));
  assert.ok(found.length > 0, `${bad.name}: expected ${bad.code}, got ${JSON.stringify(result.problems)}`);
  const problem = found[0]!;
  if (bad.position !== undefined) {
    assert.equal(problem.position, bad.position);
    if (bad.subjectOf) {
      const subject = opensslSubject(bad.subjectOf);
      assert.equal(problem.subject, subject);
      assert.ok(problem.message.startsWith(`certificate ${bad.position} (${subject}): `), `${bad.name}: ${problem.message}`);
    } else {
      assert.match(problem.message, new RegExp(`^(block|certificate) ${bad.position}\\b`), `${bad.name}: ${problem.message}`);
    }
  }
  if (bad.message) assert.match(problem.message, bad.message, bad.name);
  for (const extra of bad.alsoExpect ?? []) {
    assert.ok(result.problems.some((p) => p.code === extra), `${bad.name}: expected also ${extra}`);
  }
  if (bad.onlyCode) assert.deepEqual(result.problems.map((p) => p.code), [bad.code], bad.name);
}

describe("bad bundles are refused with a named cause", () => {
  test("the corpus is at least 25 inputs strong and covers every certificate and block code", () => {
    assert.ok(corpus.bad.length >= 25, `only ${corpus.bad.length} bad inputs`);
    const covered = new Set<CaBundleProblemCode>(corpus.bad.map((b) => b.code));
    for (const code of ["NOT_A_CA", "NOT_V3", "MISSING_KEY_CERT_SIGN", "EXPIRED", "NOT_YET_VALID", "BAD_SIGNATURE",
      "DUPLICATE_CERTIFICATE", "PRIVATE_KEY_IN_BUNDLE", "CERTIFICATE_REQUEST_IN_BUNDLE", "CRL_IN_BUNDLE",
      "MALFORMED_CERTIFICATE", "WEAK_KEY", "NO_CLIENT_AUTH", "UNSUPPORTED_CRITICAL_EXTENSION", "UNSUPPORTED_BLOCK", "EMPTY_INPUT", "BINARY_INPUT", "INPUT_TOO_LARGE", "TOO_MANY_CERTIFICATES"] as const) {
      assert.ok(covered.has(code), `no corpus entry for ${code}`);
    }
  });

  for (const bad of corpus.bad) test(bad.name, () => expectRefused(bad));

  test("10 MB of junk is refused before any parsing work", () => {
    const junk = "A".repeat(10 * 1024 * 1024);
    const started = performance.now();
    const result = validateCaBundle(junk);
    const elapsed = performance.now() - started;
    assert.deepEqual(result.problems.map((p) => p.code), ["INPUT_TOO_LARGE"]);
    assert.ok(elapsed < 20, `took ${elapsed.toFixed(2)} ms`);
    const bytes = Buffer.alloc(10 * 1024 * 1024, 0x41);
    const startedBytes = performance.now();
    assert.equal(validateCaBundle(bytes).problems[0]!.code, "INPUT_TOO_LARGE");
    assert.ok(performance.now() - startedBytes < 20);
  });

  test("three good CAs with a leaf in the middle: only position 2 is named", () => {
    const [a, b, c] = corpus.goodCas;
    const leaf = corpus.leaf;
    const result = validateCaBundle(a!.pem + leaf.pem + b!.pem + c!.pem);
    assert.deepEqual(result.problems.map((p) => [p.code, p.position]), [["NOT_A_CA", 2]]);
    assert.match(result.problems[0]!.message, new RegExp(`^certificate 2 \\(${escape(opensslSubject(leaf))}\\): .*CA:FALSE`));
    assert.equal(result.cas.length, 4);
  });

  test("an expired CA is named with its notAfter", () => {
    const result = validateCaBundle(corpus.expired.pem);
    assert.equal(result.problems[0]!.message, `certificate 1 (${opensslSubject(corpus.expired)}): expired on 2024-01-01T00:00:00Z`);
  });
});

describe("good bundles are accepted", () => {
  for (const good of corpus.good) {
    test(good.name, () => {
      const result = validateCaBundle(good.input);
      assert.deepEqual(result.problems, []);
      assert.equal(result.ok, true);
      assert.equal(result.cas.length, good.count);
    });
  }

  test("three concatenated CAs are listed in order with openssl's subjects and normalized PEM", () => {
    const cas = corpus.goodCas;
    const result = validateCaBundle(cas.map((c) => c.pem.replace(/\n/g, "\r\n")).join("\r\n"));
    assert.deepEqual(result.cas.map((c) => c.position), [1, 2, 3]);
    assert.deepEqual(result.cas.map((c) => c.subject), cas.map(opensslSubject));
    assert.deepEqual(result.cas.map((c) => c.pem), cas.map((c) => derToPem(pemToDer(c.pem))));
  });

  test("root and intermediate: the intermediate verifies with the root in the bundle", () => {
    const { root, intermediate } = corpus.chain;
    const result = validateCaBundle(intermediate.pem + root.pem);
    assert.equal(result.ok, true);
    assert.deepEqual(result.cas.map((c) => c.selfSigned), [false, true]);
    assert.equal(result.cas[0]!.issuer, opensslSubject(root));
  });

  test("an RSA CA reports the notAfter openssl prints and the whole days left", () => {
    const text = readFileSync(corpus.rsa.certPath, "utf8");
    const result = validateCaBundle(text);
    assert.equal(result.ok, true);
    const end = new Date(fx.openssl(["x509", "-in", corpus.rsa.certPath, "-noout", "-enddate"]).toString().trim().replace(/^notAfter=/, ""));
    assert.equal(result.cas[0]!.notAfter.getTime(), end.getTime());
    assert.ok(Math.abs(result.cas[0]!.daysUntilExpiry - 364) <= 1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
