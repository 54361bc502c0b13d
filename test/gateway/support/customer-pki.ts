/**
 * A customer's own PKI made with the openssl command line (EC P-256): a root CA the project
 * uploads, client certificates it signs, and a second root the project never trusts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLIENT_EXTENSIONS, makeRoot, makeSigned, type OpensslCert } from "../../pki/openssl-hierarchy.js";

/** A client certificate and key in one file, as drivers' tlsCertificateKeyFile wants. */
export interface ClientPem {
  file: string;
  cert: OpensslCert;
}

/** Makes a root CA named `name` in `dir`. */
export function customerRoot(dir: string, name: string): OpensslCert {
  return makeRoot(dir, name);
}

/**
 * Makes a client certificate for subject `/O=certgate tests/CN=<name>` (mongod renders it as
 * `CN=<name>,O=certgate tests`). `days` of -1 makes an expired one.
 */
export function customerClient(dir: string, name: string, issuer: OpensslCert, days = 10): ClientPem {
  const cert = makeSigned(dir, name, issuer, CLIENT_EXTENSIONS, days);
  const file = join(dir, `${name}-with-key.pem`);
  writeFileSync(file, `${cert.pem}${readFileSync(cert.keyPath, "utf8")}`, { mode: 0o600 });
  return { file, cert };
}
