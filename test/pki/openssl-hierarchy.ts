/**
 * Builds certificate hierarchies with the openssl command line (EC P-256 keys, to keep tests fast),
 * so chain verification is tested against certificates certgate did not make itself.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openssl } from "./openssl-tool.js";

/** A certificate made by openssl, with the paths of its files. */
export interface OpensslCert {
  name: string;
  certPath: string;
  keyPath: string;
  pem: string;
  /** DER bytes of the certificate. */
  der: Buffer;
}

/** The X.509v3 extension lines of a certificate, in openssl config syntax. */
export type ExtensionLines = readonly string[];

function readCert(dir: string, name: string): OpensslCert {
  const certPath = join(dir, `${name}.pem`);
  const pem = readFileSync(certPath, "utf8");
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  return { name, certPath, keyPath: join(dir, `${name}.key`), pem, der };
}

function writeExtensions(dir: string, name: string, lines: ExtensionLines): string {
  const path = join(dir, `${name}.ext`);
  writeFileSync(path, ["[v3]", "subjectKeyIdentifier=hash", ...lines, ""].join("\n"));
  return path;
}

/** Extension lines of a CA; `pathlen` undefined means no limit. */
export function caExtensions(pathlen?: number): ExtensionLines {
  return [
    `basicConstraints=critical,CA:TRUE${pathlen === undefined ? "" : `,pathlen:${pathlen}`}`,
    "keyUsage=critical,keyCertSign,cRLSign",
    "authorityKeyIdentifier=keyid",
  ];
}

/** Extension lines of a TLS client certificate. */
export const CLIENT_EXTENSIONS: ExtensionLines = [
  "basicConstraints=CA:FALSE",
  "keyUsage=critical,digitalSignature",
  "extendedKeyUsage=clientAuth",
  "authorityKeyIdentifier=keyid",
];

/** Makes a self-signed root CA valid for `days`. */
export function makeRoot(dir: string, name: string, extensions: ExtensionLines = caExtensions(), days = 30): OpensslCert {
  const ext = writeExtensions(dir, name, extensions.filter((line) => !line.startsWith("authorityKeyIdentifier")));
  openssl(
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-sha256",
      "-keyout", `${name}.key`, "-out", `${name}.pem`, "-subj", `/O=certgate tests/CN=${name}`,
      "-days", String(days), "-config", ext, "-extensions", "v3"],
    dir,
  );
  return readCert(dir, name);
}

/**
 * Makes a certificate signed by `issuer`. `days` of -1 makes one that expired yesterday
 * (openssl sets notAfter one day before notBefore).
 */
export function makeSigned(
  dir: string,
  name: string,
  issuer: OpensslCert,
  extensions: ExtensionLines,
  days = 10,
): OpensslCert {
  const ext = writeExtensions(dir, name, extensions);
  openssl(
    ["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
      "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/O=certgate tests/CN=${name}`],
    dir,
  );
  openssl(
    ["x509", "-req", "-in", `${name}.csr`, "-CA", issuer.certPath, "-CAkey", issuer.keyPath, "-sha256",
      "-days", String(days), "-extfile", ext, "-extensions", "v3", "-out", `${name}.pem`],
    dir,
  );
  return readCert(dir, name);
}
