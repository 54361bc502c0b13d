/**
 * The quick reading of a CSR must agree with the x509 library's on every request: openssl makes
 * requests of the usual shapes and of others (SHA-1, RSA-PSS), and broken ones.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readAnyRequest, readCertificateRequest } from "./certificate-request.js";
import { parsePemBundle } from "./pem-bundle.js";

const scratch = mkdtempSync(join(tmpdir(), "certgate-csr-read-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function makeCsr(name: string, keyArgs: string[], reqArgs: string[] = []): string {
  const key = join(scratch, `${name}.key`);
  execFileSync("openssl", ["genpkey", ...keyArgs, "-out", key], { stdio: "pipe" });
  return execFileSync("openssl", ["req", "-new", "-key", key, "-subj", `/CN=${name}`, ...reqArgs], { encoding: "utf8", stdio: "pipe" });
}

async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch (error) {
    return { error: error instanceof Error ? `${(error as { code?: string }).code ?? ""} ${error.message}` : String(error) };
  }
}

function pemOf(der: Buffer): string {
  return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE REQUEST-----\n`;
}

const RSA = ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"];
const P256 = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];

test("the quick reading and the x509 library's agree on usual, unusual and broken requests", async () => {
  const requests: Record<string, string> = {
    "rsa-sha256": makeCsr("a", RSA),
    "rsa-sha512": makeCsr("b", RSA, ["-sha512"]),
    "rsa-sha1": makeCsr("c", RSA, ["-sha1"]),
    "rsa-pss": makeCsr("d", RSA, ["-sigopt", "rsa_padding_mode:pss"]),
    "p256-sha256": makeCsr("e", P256),
    "p384-sha384": makeCsr("f", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"], ["-sha384"]),
    "p384-sha256": makeCsr("f2", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]),
    "p521": makeCsr("g", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"]),
    "rsa-1024": makeCsr("h", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]),
  };
  const der = (pem: string) => Buffer.from(parsePemBundle(pem).blocks[0]!.der);
  const base = der(requests["p256-sha256"]!);
  const tampered = Buffer.from(base);
  tampered[tampered.indexOf(Buffer.from("CN"), 0) + 5] ^= 1;
  requests["tampered-body"] = pemOf(tampered);
  const badSignature = Buffer.from(base);
  badSignature[badSignature.length - 3] ^= 1;
  requests["tampered-signature"] = pemOf(badSignature);
  requests["trailing-bytes"] = pemOf(Buffer.concat([base, Buffer.from([0, 0])]));
  requests["truncated"] = pemOf(base.subarray(0, base.length - 10));
  // The point's last byte changed: off the curve (or, rarely, another point, whose signature then fails).
  const offCurve = Buffer.from(base);
  const point = offCurve.indexOf(Buffer.from("03420004", "hex")) + 4;
  offCurve[point + 63] ^= 1;
  requests["point-off-curve"] = pemOf(offCurve);

  for (const [name, pem] of Object.entries(requests)) {
    const quick = await outcome(() => readCertificateRequest(pem));
    const library = await outcome(() => readAnyRequest(der(pem)));
    assert.deepEqual(quick, library, name);
  }
  assert.equal(((await readCertificateRequest(requests["p256-sha256"]!)) as { keyDescription: string }).keyDescription, "EC P-256");
  assert.equal(((await readCertificateRequest(requests["p384-sha384"]!)) as { keyDescription: string }).keyDescription, "EC P-384");
  assert.match(String((await outcome(() => readCertificateRequest(requests["point-off-curve"]!)) as { error: string }).error), /INVALID_CSR/);
  assert.match(String((await outcome(() => readCertificateRequest(requests["tampered-signature"]!)) as { error: string }).error), /signature does not verify/);
});
