/**
 * The gateway benchmark's certificates, made with the openssl command line (EC P-256 throughout):
 * one root that the project trusts as its customer CA and HAProxy trusts as its `ca-file`, the
 * server certificate both the gateway and HAProxy present, and one client certificate both verify.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLIENT_EXTENSIONS, makeRoot, makeSigned, type OpensslCert } from "../../test/pki/openssl-hierarchy.js";
import { openssl } from "../../test/pki/openssl-tool.js";

/** The files and PEM texts of the benchmark's PKI. */
export interface BenchPki {
  root: OpensslCert;
  /** Server certificate and key files. */
  serverCertFile: string;
  serverKeyFile: string;
  /** Certificate followed by key, as HAProxy's `crt` wants. */
  serverBundleFile: string;
  /** Client certificate followed by key, as drivers' tlsCertificateKeyFile wants. */
  clientFile: string;
  /** The client's subject as mongod names it. */
  clientSubject: string;
}

/** Makes the PKI in `dir`. */
export function makeBenchPki(dir: string): BenchPki {
  const root = makeRoot(dir, "bench-root");
  // The server's O differs from the client's: mongod treats a client with the server's O/OU/DC as
  // a cluster member, which is not what this benchmark measures.
  const ext = join(dir, "server.ext");
  writeFileSync(ext, ["[v3]", "basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=serverAuth",
    "subjectAltName=DNS:localhost,IP:127.0.0.1", "authorityKeyIdentifier=keyid", ""].join("\n"));
  openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key", "-out", "server.csr",
    "-subj", "/O=certgate bench server/CN=localhost"], dir);
  openssl(["x509", "-req", "-in", "server.csr", "-CA", root.certPath, "-CAkey", root.keyPath, "-sha256", "-days", "2",
    "-extfile", ext, "-extensions", "v3", "-out", "server.pem"], dir);
  const serverCertFile = join(dir, "server.pem");
  const serverKeyFile = join(dir, "server.key");
  const serverBundleFile = join(dir, "server-bundle.pem");
  writeFileSync(serverBundleFile, readFileSync(serverCertFile, "utf8") + readFileSync(serverKeyFile, "utf8"), { mode: 0o600 });
  const client = makeSigned(dir, "bench", root, CLIENT_EXTENSIONS, 2);
  const clientFile = join(dir, "bench-with-key.pem");
  writeFileSync(clientFile, client.pem + readFileSync(client.keyPath, "utf8"), { mode: 0o600 });
  return { root, serverCertFile, serverKeyFile, serverBundleFile, clientFile, clientSubject: "CN=bench,O=certgate tests" };
}
