/**
 * Builds the CA-bundle corpus with real `openssl` runs: bad inputs with the problem each must produce,
 * and good inputs with the number of certificates each holds.
 */
import { readFileSync } from "node:fs";
import type { CaBundleProblemCode } from "../../src/pki/ca-bundle.js";
import { CA_EXTENSIONS, derToPem, pemToDer, type Issued, type OpensslFixtures } from "./openssl-fixtures.js";

/** An input that must be refused. */
export interface BadCase {
  readonly name: string;
  readonly input: string | Uint8Array;
  readonly code: CaBundleProblemCode;
  /** The block the problem must name; absent for whole-input problems. */
  readonly position?: number;
  /** The certificate whose subject the message must name. */
  readonly subjectOf?: Issued;
  readonly message?: RegExp;
  /** Other codes that must be reported too. */
  readonly alsoExpect?: readonly CaBundleProblemCode[];
  /** The expected problem must be the only one. */
  readonly onlyCode?: boolean;
}

/** An input that must be accepted, holding `count` certificates. */
export interface GoodCase {
  readonly name: string;
  readonly input: string | Uint8Array;
  readonly count: number;
}

const LEAF_EXTENSIONS = ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=clientAuth"];

/** Flips one bit in the last byte of a PEM certificate (inside the signature value). */
export function corruptSignature(pem: string): string {
  const der = pemToDer(pem);
  der[der.length - 1]! ^= 0x01;
  return derToPem(der);
}

/** Builds every input; takes a few seconds of openssl runs, mostly P-256. */
export function buildCorpus(fx: OpensslFixtures) {
  const goodCas = [1, 2, 3].map((n) => fx.cert({ subject: `/O=Acme/OU=Team ${n}/CN=Good Root ${n}` }));
  const [a, b, c] = goodCas as [Issued, Issued, Issued];
  const leaf = fx.cert({ subject: "/O=Acme/CN=alice", issuer: a, extensions: LEAF_EXTENSIONS });
  const noBasic = fx.cert({ subject: "/CN=No Basic Constraints", extensions: ["keyUsage=critical,keyCertSign"] });
  const v1 = fx.cert({ subject: "/O=Acme/CN=Version One", extensions: null });
  const noCertSign = fx.cert({
    subject: "/CN=Signs Nothing",
    extensions: ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,digitalSignature,cRLSign"],
  });
  const expired = fx.cert({ subject: "/O=Acme/CN=Old Root", startDate: "20200101000000Z", endDate: "20240101000000Z" });
  const expiredUtf8 = fx.cert({ subject: "/O=Société Générale/CN=Ünïcode Root", startDate: "20200101000000Z", endDate: "20240101000000Z" });
  const future = fx.cert({ subject: "/CN=Future Root", startDate: "20990101000000Z", endDate: "21000101000000Z" });
  const serverOnly = fx.cert({ subject: "/CN=Server Only CA", extensions: [...CA_EXTENSIONS, "extendedKeyUsage=serverAuth,codeSigning"] });
  const constrained = fx.cert({
    subject: "/CN=Constrained CA",
    extensions: [...CA_EXTENSIONS, "nameConstraints=critical,permitted;DNS:example.com"],
  });
  const unknownCritical = fx.cert({ subject: "/CN=Odd CA", extensions: [...CA_EXTENSIONS, "1.2.3.4=critical,ASN1:NULL"] });
  const clientAuthCa = fx.cert({ subject: "/CN=Client CA", extensions: [...CA_EXTENSIONS, "extendedKeyUsage=clientAuth"] });
  const lenientExtras = fx.cert({
    subject: "/CN=Lenient Extras CA",
    extensions: [...CA_EXTENSIONS, "extendedKeyUsage=anyExtendedKeyUsage", "nameConstraints=permitted;DNS:example.com", "1.2.3.4=ASN1:NULL"],
  });
  const weak = fx.cert({ subject: "/CN=Weak Root", keyPath: weakRsaKey(fx) });
  const keyPem = readFileSync(a.keyPath, "utf8");
  const ecTraditional = fx.openssl(["ec", "-in", a.keyPath]).toString();
  const rsa = fx.cert({ subject: "/O=Acme/CN=RSA Root", keyKind: "rsa2048" });
  const rsaTraditional = fx.openssl(["pkey", "-in", rsa.keyPath, "-traditional"]).toString();
  const encryptedKey = fx.openssl(["pkey", "-in", a.keyPath, "-aes256", "-passout", "pass:secret"]).toString();
  const publicKey = fx.openssl(["pkey", "-in", a.keyPath, "-pubout"]).toString();
  const trusted = fx.openssl(["x509", "-in", a.certPath, "-trustout", "-addtrust", "clientAuth"]).toString();
  const csr = fx.csr("/CN=Request", a.keyPath);
  const crl = fx.crl(a);
  const root = fx.cert({ subject: "/O=Acme/CN=Chain Root" });
  const intermediate = fx.cert({ subject: "/O=Acme/CN=Chain Intermediate", issuer: root });
  const impostor = fx.cert({ subject: "/O=Acme/CN=Chain Root" });
  const expiredIntermediate = fx.cert({
    subject: "/O=Acme/CN=Expired Intermediate",
    issuer: root,
    startDate: "20200101000000Z",
    endDate: "20210101000000Z",
  });
  // `openssl req -x509` with Debian's defaults writes an authorityKeyIdentifier naming the root's own key.
  const reqRoot = fx.openssl(["req", "-x509", "-key", b.keyPath, "-subj", "/CN=Req Root", "-days", "30"]).toString();
  const lines = a.pem.split("\n");
  const cutMidLine = `${lines.slice(0, 3).join("\n")}\n${lines[3]!.slice(0, 30)}\n-----END CERTIFICATE-----\n`;
  const missingLine = [...lines.slice(0, 2), ...lines.slice(3)].join("\n");
  const badChars = a.pem.replace(lines[2]!, `${lines[2]!.slice(0, 20)}#*${lines[2]!.slice(22)}`);
  const trailing = derToPem(Buffer.concat([pemToDer(a.pem), Buffer.from([0x05, 0x00])]));

  const bad: BadCase[] = [
    { name: "garbage text", input: "this is not a certificate, it is a shopping list", code: "NO_PEM_BLOCK", onlyCode: true },
    { name: "empty string", input: "", code: "EMPTY_INPUT", onlyCode: true },
    { name: "whitespace only", input: " \n\r\n\t  \n", code: "EMPTY_INPUT", onlyCode: true },
    { name: "101 certificates", input: a.pem.repeat(101), code: "TOO_MANY_CERTIFICATES", message: /101 certificates; at most 100/, onlyCode: true },
    { name: "10 MB of junk", input: "#".repeat(10 * 1024 * 1024), code: "INPUT_TOO_LARGE", onlyCode: true },
    { name: "a DER file", input: pemToDer(a.pem), code: "BINARY_INPUT", message: /DER/, onlyCode: true },
    { name: "PEM whose newlines are literal \\n", input: a.pem.replace(/\n/g, "\\n"), code: "NO_PEM_BLOCK", message: /line breaks/ },
    { name: "truncated base64", input: cutMidLine, code: "TRUNCATED_BASE64", position: 1 },
    { name: "a whole base64 line missing", input: missingLine, code: "MALFORMED_CERTIFICATE", position: 1, message: /truncated/ },
    { name: "bad base64 characters", input: badChars, code: "BAD_BASE64", position: 1, message: /"#"/ },
    { name: "bytes after the DER", input: trailing, code: "MALFORMED_CERTIFICATE", position: 1, message: /2 unexpected bytes/ },
    { name: "base64 that is not DER", input: derToPem(Buffer.from("certainly not ASN.1 at all")), code: "MALFORMED_CERTIFICATE", position: 1 },
    { name: "empty CERTIFICATE block", input: "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", code: "EMPTY_BLOCK", position: 1 },
    { name: "mismatched END label", input: a.pem.replace("END CERTIFICATE", "END CERTIFICATES"), code: "MISMATCHED_LABEL", position: 1 },
    { name: "missing END line", input: b.pem + a.pem.replace("-----END CERTIFICATE-----", ""), code: "UNTERMINATED_BLOCK", position: 2 },
    { name: "END line without BEGIN", input: a.pem + "-----END CERTIFICATE-----\n", code: "ORPHAN_END_LINE" },
    { name: "a leaf (CA:FALSE)", input: leaf.pem, code: "NOT_A_CA", position: 1, subjectOf: leaf, message: /CA:FALSE/ },
    { name: "no basicConstraints", input: noBasic.pem, code: "NOT_A_CA", position: 1, subjectOf: noBasic, message: /no basicConstraints/ },
    { name: "a v1 certificate", input: v1.pem, code: "NOT_V3", position: 1, subjectOf: v1, onlyCode: true },
    { name: "CA without keyCertSign", input: noCertSign.pem, code: "MISSING_KEY_CERT_SIGN", position: 1, subjectOf: noCertSign },
    { name: "expired CA", input: expired.pem, code: "EXPIRED", position: 1, subjectOf: expired, onlyCode: true },
    { name: "expired CA with a UTF-8 subject", input: expiredUtf8.pem, code: "EXPIRED", position: 1, subjectOf: expiredUtf8, message: /\\C3\\9Cn\\C3\\AFcode Root/ },
    { name: "not-yet-valid CA", input: future.pem, code: "NOT_YET_VALID", position: 1, subjectOf: future, message: /2099-01-01T00:00:00Z/ },
    { name: "CA for servers only", input: serverOnly.pem, code: "NO_CLIENT_AUTH", position: 1, subjectOf: serverOnly, message: /serverAuth, codeSigning/ },
    { name: "critical nameConstraints", input: constrained.pem, code: "UNSUPPORTED_CRITICAL_EXTENSION", position: 1, subjectOf: constrained, message: /nameConstraints \(2\.5\.29\.30\)/ },
    { name: "unknown critical extension", input: unknownCritical.pem, code: "UNSUPPORTED_CRITICAL_EXTENSION", position: 1, subjectOf: unknownCritical, message: /1\.2\.3\.4/, onlyCode: true },
    { name: "RSA-1024 CA", input: weak.pem, code: "WEAK_KEY", position: 1, subjectOf: weak, message: /1024-bit/ },
    { name: "a private key alone", input: keyPem, code: "PRIVATE_KEY_IN_BUNDLE", position: 1, alsoExpect: ["NO_CERTIFICATE"] },
    { name: "EC key after a CA", input: a.pem + ecTraditional, code: "PRIVATE_KEY_IN_BUNDLE", position: 2, message: /EC PRIVATE KEY/, onlyCode: true },
    { name: "RSA key after a CA", input: rsa.pem + rsaTraditional, code: "PRIVATE_KEY_IN_BUNDLE", position: 2, message: /RSA PRIVATE KEY/ },
    { name: "encrypted key before a CA", input: encryptedKey + a.pem, code: "PRIVATE_KEY_IN_BUNDLE", position: 1 },
    { name: "a public key", input: publicKey, code: "UNSUPPORTED_BLOCK", position: 1, alsoExpect: ["NO_CERTIFICATE"] },
    { name: "a TRUSTED CERTIFICATE", input: trusted, code: "UNSUPPORTED_BLOCK", position: 1, message: /TRUSTED CERTIFICATE/ },
    { name: "a CSR", input: csr, code: "CERTIFICATE_REQUEST_IN_BUNDLE", position: 1 },
    { name: "a CRL after a CA", input: a.pem + crl, code: "CRL_IN_BUNDLE", position: 2, onlyCode: true },
    { name: "bad self-signature", input: corruptSignature(b.pem), code: "BAD_SIGNATURE", position: 1, subjectOf: b, message: /own public key/ },
    { name: "bad self-signature, own key in AKI", input: corruptSignature(reqRoot), code: "BAD_SIGNATURE", position: 1, message: /own public key/, onlyCode: true },
    {
      name: "intermediate whose named issuer in the bundle did not sign it",
      input: impostor.pem + intermediate.pem,
      code: "BAD_SIGNATURE",
      position: 2,
      subjectOf: intermediate,
      message: /is in the bundle \(certificate 1\)/,
      onlyCode: true,
    },
    { name: "duplicate CA", input: a.pem + b.pem + a.pem, code: "DUPLICATE_CERTIFICATE", position: 3, subjectOf: a, message: /certificate 1/ },
    { name: "expired intermediate after its root", input: root.pem + expiredIntermediate.pem, code: "EXPIRED", position: 2, subjectOf: expiredIntermediate },
    { name: "a leaf between good CAs", input: a.pem + leaf.pem + b.pem + c.pem, code: "NOT_A_CA", position: 2, subjectOf: leaf, onlyCode: true },
  ];

  const withText = fx.openssl(["x509", "-in", a.certPath, "-text"]).toString() + "\nsome notes\n" + b.pem;
  const nonCriticalBasic = fx.cert({ subject: "/CN=Lenient Root", extensions: ["basicConstraints=CA:TRUE", "keyUsage=keyCertSign"] });
  const reqDefault = fx.openssl(["req", "-x509", "-key", a.keyPath, "-subj", "/CN=Default Req Root", "-days", "30"]).toString();
  const rollover = fx.cert({ subject: "/O=Acme/CN=Good Root 1" });
  const rolledOver = fx.cert({
    subject: "/O=Acme/OU=Team 1/CN=Good Root 1",
    issuer: a,
    extensions: [...CA_EXTENSIONS, "authorityKeyIdentifier=keyid:always"],
  });
  const good: GoodCase[] = [
    { name: "one EC CA", input: a.pem, count: 1 },
    { name: "one RSA CA", input: rsa.pem, count: 1 },
    { name: "three concatenated CAs", input: a.pem + b.pem + c.pem, count: 3 },
    { name: "CRLF line ends", input: (a.pem + b.pem).replace(/\n/g, "\r\n"), count: 2 },
    { name: "text between blocks", input: withText, count: 2 },
    { name: "EC and RSA CAs", input: rsa.pem + c.pem, count: 2 },
    { name: "root then intermediate", input: root.pem + intermediate.pem, count: 2 },
    { name: "intermediate alone (an anchor of its own)", input: intermediate.pem, count: 1 },
    { name: "non-critical basicConstraints and keyUsage", input: nonCriticalBasic.pem, count: 1 },
    { name: "openssl req -x509 defaults (no keyUsage)", input: reqDefault, count: 1 },
    { name: "two roots with one name (key rollover)", input: a.pem + rollover.pem, count: 2 },
    { name: "new-key certificate signed by its predecessor, with it", input: a.pem + rolledOver.pem, count: 2 },
    { name: "new-key certificate signed by an absent predecessor", input: rolledOver.pem, count: 1 },
    { name: "extendedKeyUsage clientAuth", input: clientAuthCa.pem, count: 1 },
    { name: "anyExtendedKeyUsage and non-critical extras", input: lenientExtras.pem, count: 1 },
    { name: "as bytes", input: Buffer.from(a.pem + b.pem), count: 2 },
  ];
  return { bad, good, goodCas, leaf, expired, rsa, chain: { root, intermediate } };
}

function weakRsaKey(fx: OpensslFixtures): string {
  const path = fx.path("rsa-1024.pem");
  fx.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", path]);
  return path;
}
