/**
 * The hand-written DER of a user certificate must be exactly what `@peculiar/asn1-x509` structures
 * encode for the same fields (the way certgate built them before): byte for byte under an RSA CA,
 * whose PKCS#1 v1.5 signatures are deterministic, and for the signed part under an EC CA.
 */
import assert from "node:assert/strict";
import { KeyObject, sign, X509Certificate } from "node:crypto";
import { test } from "node:test";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  id_ce_authorityKeyIdentifier,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";

const COMMON_NAME_OID = "2.5.4.3";
const NULL_PARAMETERS = new Uint8Array([0x05, 0x00]).buffer;

/** Signature algorithm identifiers by WebCrypto algorithm and hash. */
const SIGNATURE_OIDS: Readonly<Record<string, string>> = {
  "RSASSA-PKCS1-v1_5/SHA-256": "1.2.840.113549.1.1.11",
  "RSASSA-PKCS1-v1_5/SHA-384": "1.2.840.113549.1.1.12",
  "RSASSA-PKCS1-v1_5/SHA-512": "1.2.840.113549.1.1.13",
  "ECDSA/SHA-256": "1.2.840.10045.4.3.2",
  "ECDSA/SHA-384": "1.2.840.10045.4.3.3",
  "ECDSA/SHA-512": "1.2.840.10045.4.3.4",
};

function extension(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

// Encoded once: every managed user certificate carries these two, critical, as Atlas's do.
const KEY_USAGE_DER = AsnConvert.serialize(extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)));
const EXTENDED_KEY_USAGE_DER = AsnConvert.serialize(extension(id_ce_extKeyUsage, true, new ExtendedKeyUsage([id_kp_clientAuth])));

function signatureAlgorithm(signing: { name: string; hash: string }): AlgorithmIdentifier {
  const algorithm = SIGNATURE_OIDS[`${signing.name}/${signing.hash}`];
  if (algorithm === undefined) throw new Error(`no signature algorithm for ${signing.name} with ${signing.hash}`);
  // RSA PKCS#1 v1.5 identifiers carry NULL parameters; ECDSA identifiers carry none (RFC 5758).
  return new AlgorithmIdentifier(signing.name === "ECDSA" ? { algorithm } : { algorithm, parameters: NULL_PARAMETERS });
}

const issuerNames = new WeakMap<ArrayBuffer, Name>();

/** The subject name of a CA certificate, parsed once per certificate buffer. */
function issuerNameOf(caCertificateDer: ArrayBuffer): Name {
  let name = issuerNames.get(caCertificateDer);
  if (name === undefined) {
    name = AsnConvert.parse(caCertificateDer, Certificate).tbsCertificate.subject;
    issuerNames.set(caCertificateDer, name);
  }
  return name;
}

/** The same certificate built from `@peculiar/asn1-x509` structures, as certgate used to. */
async function referenceCertificate(fields: UserCertificateFields): Promise<Uint8Array> {
  const algorithm = signatureAlgorithm(fields.signingAlgorithm);
  const subject = new Name([
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type: COMMON_NAME_OID, value: new AttributeValue({ utf8String: fields.username }) })]),
  ]);
  const extensions = new Extensions([
    AsnConvert.parse(KEY_USAGE_DER, Extension),
    AsnConvert.parse(EXTENDED_KEY_USAGE_DER, Extension),
    extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(Buffer.from(fields.subjectKeyId, "hex"))),
    extension(id_ce_authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(Buffer.from(fields.authorityKeyId, "hex")) })),
  ]);
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: Uint8Array.from(fields.serialNumber).buffer,
    signature: algorithm,
    issuer: issuerNameOf(fields.caCertificateDer),
    validity: new Validity({ notBefore: fields.notBefore, notAfter: fields.notAfter }),
    subject,
    subjectPublicKeyInfo: AsnConvert.parse(fields.spkiDer, SubjectPublicKeyInfo),
    extensions,
  });
  const tbs = AsnConvert.serialize(tbsCertificate);
  // OpenSSL's own signature, DER-encoded for ECDSA as X.509 wants it.
  const hash = fields.signingAlgorithm.hash.replace("-", "").toLowerCase();
  const signatureValue = sign(hash, Buffer.from(tbs), { key: KeyObject.from(fields.signingKey), dsaEncoding: "der" });
  return new Uint8Array(AsnConvert.serialize(new Certificate({ tbsCertificate, signatureAlgorithm: algorithm, signatureValue: new Uint8Array(signatureValue).buffer })));
}

import { openCaSigner } from "./ca-signer.js";
import { readDerTagged } from "./der-reader.js";
import { generateKey, publicKeyToSpkiDer } from "./key-generation.js";
import { keyIdentifierOfSpki } from "./key-identifier.js";
import { createManagedCa } from "./managed-ca.js";
import { MasterKey } from "./master-key.js";
import { serialNumberToDer } from "./serial-number.js";
import { buildUserCertificate, userTbsCertificate, type UserCertificateFields } from "./user-certificate-builder.js";

function tbsOf(der: Uint8Array): Buffer {
  const outer = readDerTagged(der, 0x30, 0, der.length);
  const tbs = outer && readDerTagged(der, 0x30, outer.contentStart, outer.end);
  assert.ok(tbs);
  return Buffer.from(der.subarray(tbs.start, tbs.end));
}

const masterKey = MasterKey.random();
for (const caAlgorithm of ["RSA_2048", "EC_P256", "EC_P384"] as const) {
  test(`user certificates under a ${caAlgorithm} CA are encoded as the asn1-x509 structures encode them`, async () => {
    const ca = await createManagedCa({ caId: "ca-1", projectId: "p", masterKey, keyAlgorithm: caAlgorithm, validityYears: 30, now: new Date("2030-01-01T00:00:00Z") });
    const signer = await openCaSigner(ca, masterKey, "ca-1");
    const cases = [
      { username: "alice", serial: 0x1234n, notBefore: new Date("2030-02-01T00:00:00Z"), notAfter: new Date("2030-05-01T00:00:00Z"), key: "EC_P256" },
      { username: "Smith, John \u0141\u00f3d\u017a +=\"<>;", serial: 0xff00000000000000000000000000000001n, notBefore: new Date("2049-12-31T23:59:59Z"), notAfter: new Date("2050-01-01T00:00:00Z"), key: "RSA_2048" },
      { username: "x".repeat(300), serial: 1n, notBefore: new Date("2031-06-15T12:30:45Z"), notAfter: new Date("2059-01-01T00:00:00Z"), key: "EC_P384" },
    ] as const;
    for (const c of cases) {
      const spkiDer = publicKeyToSpkiDer(await generateKey(c.key));
      const fields = {
        serialNumber: serialNumberToDer(c.serial),
        username: c.username,
        caCertificateDer: signer.certificate.rawData,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        spkiDer,
        subjectKeyId: keyIdentifierOfSpki(spkiDer),
        authorityKeyId: signer.keyId,
        signingKey: signer.privateKey,
        signingAlgorithm: signer.signingAlgorithm,
      };
      const built = await buildUserCertificate(fields);
      const reference = await referenceCertificate(fields);
      assert.deepEqual(userTbsCertificate(fields), tbsOf(reference), c.username);
      assert.deepEqual(tbsOf(built), tbsOf(reference), c.username);
      if (caAlgorithm.startsWith("RSA")) assert.deepEqual(Buffer.from(built), Buffer.from(reference), c.username);
      const certificate = new X509Certificate(built);
      assert.ok(certificate.verify(new X509Certificate(ca.certificatePem).publicKey), "signed by the CA");
      assert.ok(certificate.checkIssued(new X509Certificate(ca.certificatePem)));
    }
  });
}
