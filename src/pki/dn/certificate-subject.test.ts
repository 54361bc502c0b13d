import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { PkiError } from "../pki-error.js";
import { x509 } from "../x509-lib.js";
import { certificateSubjectDn } from "./certificate-subject.js";
import { renderCertificateSubject } from "./index.js";

const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };

async function selfSigned(name: ConstructorParameters<typeof x509.Name>[0]): Promise<x509.X509Certificate> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, false, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  return x509.X509CertificateGenerator.createSelfSigned({ serialNumber: "01", name: new x509.Name(name), keys, signingAlgorithm: algorithm });
}

function failsWith(code: string, pattern: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof PkiError && error.code === code && pattern.test(error.message);
}

test("DER bytes and PEM text of the same certificate give the same name", async () => {
  const certificate = await selfSigned("C=US, O=Acme, CN=Jane");
  const fromPem = renderCertificateSubject(certificate.toString("pem"));
  assert.equal(fromPem, "CN=Jane,O=Acme,C=US");
  assert.equal(renderCertificateSubject(new Uint8Array(certificate.rawData)), fromPem);
});

test("PEM text may carry other text and blocks around the certificate; the first certificate counts", async () => {
  const first = await selfSigned("CN=first");
  const second = await selfSigned("CN=second");
  const bundle = `subject=whatever\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n${first.toString("pem")}\n${second.toString("pem")}`;
  assert.equal(renderCertificateSubject(bundle), "CN=first");
});

test("the subject is returned as attributes in printed order", async () => {
  const certificate = await selfSigned("DC=com, O=Acme, CN=Jane");
  assert.deepEqual(certificateSubjectDn(certificate.toString("pem")), [
    [{ oid: "2.5.4.3", value: "Jane" }],
    [{ oid: "2.5.4.10", value: "Acme" }],
    [{ oid: "0.9.2342.19200300.100.1.25", value: "com" }],
  ]);
});

test("text without a certificate block and bytes that are not a certificate are INVALID_PEM", () => {
  assert.throws(() => renderCertificateSubject("hello"), failsWith("INVALID_PEM", /no '-----BEGIN CERTIFICATE-----' block/));
  assert.throws(() => renderCertificateSubject(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01)), failsWith("INVALID_PEM", /not valid DER X\.509/));
  assert.throws(() => renderCertificateSubject("-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----"), failsWith("INVALID_PEM", /not valid DER X\.509/));
});

test("a value mongod refuses is INVALID_DN naming the RDN and the attribute", async () => {
  const certificate = await selfSigned([{ "2.5.4.10": ["Acme"] }, { "2.5.4.3": [{ bmpString: "中文" }] }]);
  assert.throws(
    () => renderCertificateSubject(certificate.toString("pem")),
    failsWith("INVALID_DN", /subject RDN 2 \(CN\): its BMPString bytes are not valid UTF-8/),
  );
});
