import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { OpensslFixtures, pemToDer } from "../../test/pki/openssl-fixtures.js";
import { PEM_BUNDLE_MAX_BYTES, encodePem, parsePemBundle, type PemProblemCode } from "./pem-bundle.js";

let fixtures: OpensslFixtures;
let certPem: string;
let keyPem: string;
let certDer: Buffer;

before(() => {
  fixtures = new OpensslFixtures();
  const ca = fixtures.cert({ subject: "/CN=PEM Test CA" });
  certPem = ca.pem;
  keyPem = readFileSync(ca.keyPath, "utf8");
  certDer = pemToDer(certPem);
});
after(() => fixtures.cleanup());

function codes(input: string | Uint8Array): PemProblemCode[] {
  return parsePemBundle(input).problems.map((p) => p.code);
}

describe("readable input", () => {
  test("one certificate decodes to openssl's DER", () => {
    const { blocks, problems } = parsePemBundle(certPem);
    assert.deepEqual(problems, []);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0]!.label, "CERTIFICATE");
    assert.equal(blocks[0]!.position, 1);
    assert.deepEqual(Buffer.from(blocks[0]!.der), certDer);
  });

  test("CRLF, a BOM, indentation, blank lines and text between blocks are tolerated", () => {
    const text = opensslText();
    const messy = `\uFEFF${text}\r\n\r\n  ${certPem.replace(/\n/g, "\r\n  ")}\n\n${keyPem}`;
    const { blocks, problems } = parsePemBundle(messy);
    assert.deepEqual(problems, []);
    assert.deepEqual(blocks.map((b) => [b.position, b.label]), [[1, "CERTIFICATE"], [2, "CERTIFICATE"], [3, "PRIVATE KEY"]]);
    assert.deepEqual(Buffer.from(blocks[1]!.der), certDer);
  });

  test("bytes are read as UTF-8 text", () => {
    const { blocks } = parsePemBundle(new TextEncoder().encode(certPem));
    assert.deepEqual(Buffer.from(blocks[0]!.der), certDer);
  });

  test("RFC 1421 header lines at the top of a block are skipped", () => {
    const withHeaders = certPem.replace("-----\n", "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n");
    const { blocks, problems } = parsePemBundle(withHeaders);
    assert.deepEqual(problems, []);
    assert.deepEqual(Buffer.from(blocks[0]!.der), certDer);
  });

  test("encodePem writes what openssl wrote", () => {
    assert.equal(encodePem("CERTIFICATE", certDer), certPem);
  });
});

describe("refused input", () => {
  test("empty and whitespace-only input", () => {
    assert.deepEqual(codes(""), ["EMPTY_INPUT"]);
    assert.match(parsePemBundle(" \r\n\t ").problems[0]!.message, /only whitespace/);
    assert.deepEqual(codes(new Uint8Array()), ["EMPTY_INPUT"]);
  });

  test("oversized input is refused before parsing, as string or bytes", () => {
    const big = "A".repeat(PEM_BUNDLE_MAX_BYTES + 1);
    assert.deepEqual(codes(big), ["INPUT_TOO_LARGE"]);
    assert.deepEqual(codes(Buffer.from(big)), ["INPUT_TOO_LARGE"]);
    // Under the limit in UTF-16 units but over it in UTF-8 bytes.
    assert.deepEqual(codes("é".repeat(PEM_BUNDLE_MAX_BYTES / 2 + 1)), ["INPUT_TOO_LARGE"]);
  });

  test("DER bytes, as bytes or as a string, are recognised as DER", () => {
    for (const input of [certDer, certDer.toString("latin1")]) {
      const [problem] = parsePemBundle(input).problems;
      assert.equal(problem!.code, "BINARY_INPUT");
      assert.match(problem!.message, /DER-encoded.*openssl x509 -inform DER/);
    }
    assert.deepEqual(codes(new Uint8Array([0xff, 0xfe, 0x00, 0x01])), ["BINARY_INPUT"]);
  });

  test("text without any block, and a PEM whose line breaks were lost", () => {
    assert.match(parsePemBundle("hello world").problems[0]!.message, /no PEM block: expected lines/);
    const flattened = certPem.replace(/\n/g, "\\n");
    const [problem] = parsePemBundle(flattened).problems;
    assert.equal(problem!.code, "NO_PEM_BLOCK");
    assert.match(problem!.message, /literal "\\n"/);
  });

  test("a block cut off before its END line, alone or followed by another block", () => {
    const cut = certPem.slice(0, certPem.indexOf("-----END"));
    const [problem] = parsePemBundle(cut).problems;
    assert.equal(problem!.code, "UNTERMINATED_BLOCK");
    assert.equal(problem!.position, 1);
    assert.match(problem!.message, /block 1 \(CERTIFICATE, line 1\) has no "END CERTIFICATE" line: the input ends/);
    const bundle = parsePemBundle(cut + certPem);
    assert.deepEqual(bundle.problems.map((p) => p.code), ["UNTERMINATED_BLOCK"]);
    assert.deepEqual(bundle.blocks.map((b) => b.position), [2]);
  });

  test("mismatched END label and an END without BEGIN", () => {
    const mismatched = parsePemBundle(certPem.replace("END CERTIFICATE", "END PRIVATE KEY"));
    assert.equal(mismatched.problems[0]!.code, "MISMATCHED_LABEL");
    assert.match(mismatched.problems[0]!.message, /"BEGIN CERTIFICATE" but ends with "END PRIVATE KEY"/);
    assert.equal(mismatched.blocks.length, 0);
    const orphan = parsePemBundle(`${certPem}-----END CERTIFICATE-----\n`);
    assert.deepEqual(orphan.problems.map((p) => p.code), ["ORPHAN_END_LINE"]);
    assert.match(orphan.problems[0]!.message, /^line \d+: "END CERTIFICATE" has no matching BEGIN/);
  });

  test("bad base64 characters, misplaced padding, a truncated body and an empty block", () => {
    const lines = certPem.split("\n");
    lines[3] = `${lines[3]!.slice(0, 10)}!${lines[3]!.slice(11)}`;
    const bad = parsePemBundle(lines.join("\n")).problems[0]!;
    assert.equal(bad.code, "BAD_BASE64");
    assert.match(bad.message, /line 3 inside the block contains "!", which never appears in a PEM file/);
    const spaced = certPem.split("\n");
    spaced[2] = `${spaced[2]!.slice(0, 20)} ${spaced[2]!.slice(20)}`;
    const space = parsePemBundle(spaced.join("\n")).problems[0]!;
    assert.equal(space.code, "BAD_BASE64");
    assert.match(space.message, /line 2 inside the block contains spaces.*line breaks were probably replaced by spaces/);
    assert.doesNotMatch(space.message, /holds " "/);
    const early = certPem.split("\n");
    early[1] = `${early[1]!.slice(0, 60)}AA==`;
    const padding = parsePemBundle(early.join("\n")).problems[0]!;
    assert.equal(padding.code, "BAD_BASE64");
    assert.match(padding.message, /padding "=" appears before the end/);
    const short = certPem.replace(/\n([^\n]{3})[^\n]*\n-----END/, "\n$1\n-----END");
    assert.equal(parsePemBundle(short).problems[0]!.code, "TRUNCATED_BASE64");
    const empty = parsePemBundle("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n");
    assert.deepEqual(empty.problems.map((p) => p.code), ["EMPTY_BLOCK"]);
  });

  test("every problem of a bundle is reported, with its position", () => {
    const cut = certPem.slice(0, certPem.indexOf("-----END"));
    const bad = certPem.replace("END CERTIFICATE", "END X509 CRL");
    const { blocks, problems } = parsePemBundle(certPem + bad + certPem + cut);
    assert.deepEqual(blocks.map((b) => b.position), [1, 3]);
    assert.deepEqual(problems.map((p) => [p.code, p.position]), [["MISMATCHED_LABEL", 2], ["UNTERMINATED_BLOCK", 4]]);
  });
});

function opensslText(): string {
  return fixtures.openssl(["x509", "-text"], certPem).toString("utf8");
}
