/**
 * Diagnosable refusals: every refused handshake and authentication leaves one info line naming the
 * reason, the certificate's subject, issuer and serial, and the client's address. Real TLS clients and
 * the Node driver against a real `certgate start`.
 */
import assert from "node:assert/strict";
import { webcrypto, X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "node:tls";
import { after, before, describe, it } from "node:test";
import { x509 } from "../../src/pki/x509-lib.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { customerClient, customerClientWithSubject, customerRoot, type ClientPem } from "./support/customer-pki.js";
import { eventually } from "./support/eventually.js";
import { refusal, X509DriverClients } from "./support/x509-driver-clients.js";

interface LogLine {
  msg: string;
  reason?: string;
  detail?: string;
  subject?: string;
  issuer?: string;
  serial?: string;
  remote?: string;
  cluster?: string;
}

/** A CA and a client certificate that becomes valid tomorrow, made with @peculiar/x509. */
async function notYetValid(dir: string): Promise<{ caPem: string; file: string }> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const caKeys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const day = 24 * 3600 * 1000;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=future-root,O=certgate tests",
    notBefore: new Date(Date.now() - day),
    notAfter: new Date(Date.now() + 30 * day),
    keys: caKeys,
    signingAlgorithm: alg,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leafKeys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: "0badc0de",
    subject: "CN=tomorrow,O=certgate tests",
    issuer: ca.subject,
    notBefore: new Date(Date.now() + day),
    notAfter: new Date(Date.now() + 10 * day),
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: alg,
    extensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey)).toString("base64");
  const file = join(dir, "tomorrow-with-key.pem");
  writeFileSync(file, `${leaf.toString("pem")}\n-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)?.join("\n")}\n-----END PRIVATE KEY-----\n`, { mode: 0o600 });
  return { caPem: ca.toString("pem"), file };
}

describe("refusal log", () => {
  let cg: CertgateProcess;
  let port = 0;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);
  let stranger: ClientPem;
  let expired: ClientPem;
  let nobody: ClientPem;
  let tomorrow: string;
  let revoked: string;
  let wrongType: ClientPem;

  before(async () => {
    cg = await startCertgate("28620-28629");
    port = await cg.createCluster("Cluster0");
    const root = customerRoot(cg.dir, "acme-root");
    stranger = customerClient(cg.dir, "stranger", customerRoot(cg.dir, "untrusted-root"));
    expired = customerClient(cg.dir, "expired", root, -1);
    nobody = customerClient(cg.dir, "nobody", root);
    // mongod names this subject "O=certgate tests,CN=typo"; a MANAGED user of that name exists, so the
    // customer certificate finds a user of the wrong x509Type.
    wrongType = customerClientWithSubject(cg.dir, "typo", root, "/CN=typo/O=certgate tests");
    const future = await notYetValid(cg.dir);
    tomorrow = future.file;
    await cg.call("PATCH", "/userSecurity", { customerX509: { cas: `${root.pem}${future.caPem}` } }, 202);
    await cg.createUser("gone", "MANAGED", [{ roleName: "read", databaseName: "sales" }]);
    await cg.createUser("O=certgate tests,CN=typo", "MANAGED", [{ roleName: "read", databaseName: "sales" }]);
    const issued = await cg.issueCert("gone", "gone.pem");
    revoked = issued.file;
    await cg.call("DELETE", `/databaseUsers/gone/certs/${issued.serial}`, undefined, 200);
  });

  after(async () => {
    await drivers.closeAll();
    await cg?.stop();
  });

  const lines = (msg: string): LogLine[] =>
    cg
      .output()
      .split("\n")
      .filter((l) => l.includes(`"msg":"${msg}"`))
      .map((l) => JSON.parse(l) as LogLine);

  /** Opens a TLS connection presenting `file` (or no certificate) and waits for the gateway to close it. */
  function handshake(file: string | undefined): Promise<string> {
    return new Promise((resolve) => {
      const pem = file === undefined ? undefined : readFileSync(file);
      const socket = connect({ port, host: "127.0.0.1", ca: readFileSync(cg.serverCaFile), servername: "localhost", ...(pem ? { cert: pem, key: pem } : {}) }, () => {
        resolve(`:${socket.localPort}`);
      });
      socket.on("error", () => undefined);
    });
  }

  async function refusedHandshake(file: string | undefined, reason: string): Promise<LogLine> {
    const remote = await handshake(file);
    const { value } = await eventually(async () => {
      const found = lines("TLS handshake refused").filter((l) => l.remote?.endsWith(remote));
      assert.equal(found.length, 1, `one line for ${remote} in\n${cg.output().slice(-3000)}`);
      return found[0] as LogLine;
    }, 5000);
    assert.equal(value.reason, reason);
    assert.equal(value.cluster, "Cluster0");
    return value;
  }

  it("names an unknown issuer with the certificate's subject, issuer and serial", async () => {
    const line = await refusedHandshake(stranger.file, "unknown issuer");
    assert.equal(line.subject, "CN=stranger,O=certgate tests");
    assert.equal(line.issuer, "CN=untrusted-root,O=certgate tests");
    assert.equal(line.serial, new X509Certificate(stranger.cert.pem).serialNumber);
  });

  it("names an expired certificate", async () => {
    const line = await refusedHandshake(expired.file, "expired");
    assert.equal(line.subject, "CN=expired,O=certgate tests");
    assert.equal(line.detail, "CERT_HAS_EXPIRED");
  });

  it("names a certificate that is not valid yet", async () => {
    const line = await refusedHandshake(tomorrow, "not yet valid");
    assert.equal(line.serial, "0BADC0DE");
  });

  it("names a client that sent no certificate", async () => {
    const line = await refusedHandshake(undefined, "no certificate");
    assert.equal(line.subject, undefined);
  });

  it("logs a revoked certificate, an unknown user and a user of the wrong x509Type once per connection, at authentication", async () => {
    for (const [file, reason, subject] of [
      [revoked, "revoked", undefined],
      [nobody.file, "user not found", "CN=nobody,O=certgate tests"],
      [wrongType.file, "wrong x509Type", "O=certgate tests,CN=typo"],
    ] as const) {
      const error = await refusal(drivers.client(file).connect());
      assert.ok(error.code === 18 || error.code === 11, String(error.code));
      // The gateway writes its lines in order: once a later refusal's line is read, every line of this
      // connection is too, so a second line can't arrive after the count.
      await refusedHandshake(undefined, "no certificate");
      const value = lines("X.509 authentication refused").filter((l) => l.reason === reason);
      assert.equal(value.length, 1, `one line, though the driver tried speculativeAuthenticate and then authenticate: ${JSON.stringify(value)}`);
      const line = value[0] as LogLine;
      if (subject) assert.equal(line.subject, subject);
      assert.match(line.remote ?? "", /^(::ffff:)?127\.0\.0\.1:\d+$/);
      assert.match(line.serial ?? "", /^[0-9A-F]+$/);
      assert.ok(line.issuer);
    }
  });
});
