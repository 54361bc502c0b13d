/**
 * A small customer PKI made with the real `openssl`: a CA whose key is kept, and client certificates
 * it signs for self-managed X.509 users (certificate and key in one PEM file, as mongosh takes it).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
}

/** A CA in `dir`: `<name>.pem` (certificate) and `<name>.key`. */
export interface CustomerCa {
  certFile: string;
  keyFile: string;
}

/** Creates a self-signed EC P-256 CA valid for a year. */
export function makeCustomerCa(dir: string, name: string, commonName: string): CustomerCa {
  openssl(
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.pem`,
      "-subj", `/CN=${commonName}`, "-days", "365", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
    dir,
  );
  return { certFile: join(dir, `${name}.pem`), keyFile: join(dir, `${name}.key`) };
}

/**
 * Issues a client certificate with `subject` (OpenSSL's `/C=../O=../CN=..` form) signed by `ca`, and
 * writes certificate then key to `<name>.pem`; answers that file.
 */
export function issueClientCertificate(dir: string, ca: CustomerCa, name: string, subject: string): string {
  writeFileSync(join(dir, `${name}.ext`), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n");
  openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject], dir);
  openssl(
    ["x509", "-req", "-in", `${name}.csr`, "-CA", ca.certFile, "-CAkey", ca.keyFile, "-CAcreateserial", "-out", `${name}.crt`, "-days", "30", "-extfile", `${name}.ext`],
    dir,
  );
  const file = join(dir, `${name}.pem`);
  writeFileSync(file, readFileSync(join(dir, `${name}.crt`), "utf8") + readFileSync(join(dir, `${name}.key`), "utf8"), { mode: 0o600 });
  return file;
}
