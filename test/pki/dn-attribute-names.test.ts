/**
 * Checks certgate's table of OpenSSL attribute names against the installed OpenSSL: a certificate
 * whose subject holds every OID of the table (value "x") must print, under
 * `openssl x509 -nameopt RFC2253`, exactly as renderCertificateSubject prints it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { renderCertificateSubject } from "../../src/pki/dn/index.js";
import { OPENSSL_ATTRIBUTE_NAMES } from "../../src/pki/dn/openssl-attribute-names.js";
import { buildCertificate, tlv } from "./dn-built-certificates.js";

const run = promisify(execFile);

test(`OpenSSL prints all ${OPENSSL_ATTRIBUTE_NAMES.length} attribute types of the table with the same short names`, async () => {
  const rdns = OPENSSL_ATTRIBUTE_NAMES.map(([oid]) => [{ oid, valueDer: tlv(0x0c, "x") }]);
  const pem = await buildCertificate(rdns);
  const dir = await mkdtemp(join(tmpdir(), "certgate-dn-names-"));
  try {
    const path = join(dir, "all-names.pem");
    await writeFile(path, pem);
    const { stdout } = await run("openssl", ["x509", "-in", path, "-noout", "-subject", "-nameopt", "RFC2253"]);
    const printed = stdout.replace(/^subject=/, "").replace(/\n$/, "");
    const expected = [...OPENSSL_ATTRIBUTE_NAMES].reverse().map(([, shortName]) => `${shortName}=x`).join(",");
    assert.equal(printed, expected, "OpenSSL's names");
    assert.equal(renderCertificateSubject(pem), expected, "certgate's names");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
