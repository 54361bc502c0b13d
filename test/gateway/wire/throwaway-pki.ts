import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Files of a throwaway PKI made by the openssl CLI: a CA, a server certificate and a client certificate. */
export interface ThrowawayPki {
  dir: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
  /** Client certificate followed by its key, as the driver's tlsCertificateKeyFile wants. */
  clientPemFile: string;
  /** The client certificate's subject as `openssl x509 -subject -nameopt RFC2253` prints it. */
  clientSubject: string;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): string {
  return execFileSync("openssl", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Creates an EC P-256 CA, a `localhost` server certificate and a client certificate with `clientSubject`. */
export function createThrowawayPki(clientSubject = "/C=US/O=certgate tests/OU=wire/CN=driver-capture"): ThrowawayPki {
  const dir = mkdtempSync(join(tmpdir(), "certgate-wire-"));
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=certgate wire test CA"], dir);
  writeFileSync(join(dir, "server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  writeFileSync(join(dir, "client.ext"), "extendedKeyUsage=clientAuth\n");
  for (const [name, subject] of [["server", "/CN=localhost"], ["client", clientSubject]] as const) {
    openssl(["req", "-new", ...ec, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", subject], dir);
    openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.pem`], dir);
  }
  const clientPemFile = join(dir, "client-with-key.pem");
  writeFileSync(clientPemFile, readFileSync(join(dir, "client.pem"), "utf8") + readFileSync(join(dir, "client.key"), "utf8"));
  const subjectLine = openssl(["x509", "-in", "client.pem", "-noout", "-subject", "-nameopt", "RFC2253"], dir).trim();
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    serverCert: join(dir, "server.pem"),
    serverKey: join(dir, "server.key"),
    clientPemFile,
    clientSubject: subjectLine.replace(/^subject=/, ""),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
