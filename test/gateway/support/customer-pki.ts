/**
 * A customer's own PKI made with the openssl command line (EC P-256): a root CA the project
 * uploads, client certificates it signs, and a second root the project never trusts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLIENT_EXTENSIONS, makeRoot, makeSigned, type OpensslCert } from "../../pki/openssl-hierarchy.js";
import { openssl } from "../../pki/openssl-tool.js";

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

/** Makes a client certificate with an arbitrary openssl `-subj` (e.g. `/O=x/OU=y/CN=z`). */
export function customerClientWithSubject(dir: string, name: string, issuer: OpensslCert, subject: string): ClientPem {
  writeFileSync(join(dir, `${name}.ext`), ["[v3]", ...CLIENT_EXTENSIONS, ""].join("\n"));
  openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject], dir);
  openssl(
    ["x509", "-req", "-in", `${name}.csr`, "-CA", issuer.certPath, "-CAkey", issuer.keyPath, "-sha256", "-days", "10",
      "-extfile", `${name}.ext`, "-extensions", "v3", "-out", `${name}.pem`],
    dir,
  );
  const pem = readFileSync(join(dir, `${name}.pem`), "utf8");
  const file = join(dir, `${name}-with-key.pem`);
  writeFileSync(file, `${pem}${readFileSync(join(dir, `${name}.key`), "utf8")}`, { mode: 0o600 });
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
  return { file, cert: { name, certPath: join(dir, `${name}.pem`), keyPath: join(dir, `${name}.key`), pem, der } };
}
