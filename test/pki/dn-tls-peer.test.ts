/**
 * The subject of a client certificate as the server side of a real TLS handshake sees it: rendered
 * from `getPeerCertificate().raw`, it is mongod's user name. And a certificate whose subject OpenSSL
 * cannot read (a VisibleString value) cannot even be loaded by Node's TLS, which is why certgate
 * refuses to derive a name from it instead of inventing one.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { webcrypto } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tls from "node:tls";
import { promisify } from "node:util";
import { renderCertificateSubject } from "../../src/pki/dn/index.js";
import { x509 } from "../../src/pki/x509-lib.js";
import { nameDer, tlv } from "./dn-built-certificates.js";

const run = promisify(execFile);

async function opensslPair(dir: string, name: string, subject: string, extra: readonly string[]): Promise<{ cert: string; key: string }> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  await run("openssl", ["req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
    "-out", cert, "-days", "1", "-subj", subject, "-utf8", "-multivalue-rdn", ...extra]);
  return { cert: await readFile(cert, "utf8"), key: await readFile(key, "utf8") };
}

test("a real mutual-TLS handshake: the peer certificate's subject renders as mongod's user name", async () => {
  const dir = await mkdtemp(join(tmpdir(), "certgate-dn-tls-"));
  try {
    const server = await opensslPair(dir, "server", "/CN=localhost", ["-addext", "subjectAltName=DNS:localhost"]);
    const client = await opensslPair(dir, "client", "/DC=com/DC=example/O=Acme, Inc./OU=Sales+CN=Jane Doe/CN=Lučić <x>", [
      "-addext", "extendedKeyUsage=clientAuth",
    ]);
    const seen: string[] = [];
    const listener = tls.createServer({ ...server, ca: client.cert, requestCert: true, rejectUnauthorized: true }, (socket) => {
      seen.push(renderCertificateSubject(new Uint8Array(socket.getPeerCertificate().raw)));
      socket.end("ok");
    });
    listener.listen(0, "127.0.0.1");
    await once(listener, "listening");
    const port = (listener.address() as AddressInfo).port;
    const socket = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ca: server.cert, ...client });
    socket.resume();
    await once(socket, "end");
    socket.destroy();
    listener.close();
    await once(listener, "close");
    assert.deepEqual(seen, ["CN=Lu\\C4\\8Di\\C4\\87 \\<x\\>,CN=Jane Doe+OU=Sales,O=Acme\\, Inc.,DC=example,DC=com"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("Node's TLS cannot load a certificate whose subject holds a VisibleString, while the same certificate with a UTF8String loads", async () => {
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const key = x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  const certificateWith = async (tag: number): Promise<string> => {
    const name = new x509.Name(nameDer([[{ oid: "2.5.4.3", valueDer: tlv(tag, "client") }]]));
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: "01", name, keys, signingAlgorithm: algorithm });
    return certificate.toString("pem");
  };
  const utf8Cert = await certificateWith(0x0c);
  const visibleCert = await certificateWith(0x1a);
  assert.doesNotThrow(() => tls.createSecureContext({ cert: utf8Cert, key }));
  assert.throws(() => tls.createSecureContext({ cert: visibleCert, key }));
  assert.equal(renderCertificateSubject(utf8Cert), "CN=client");
  assert.throws(() => renderCertificateSubject(visibleCert), /VisibleString, which OpenSSL does not accept in a name/);
});
