/**
 * A real mutual-TLS handshake with Node's TLS (OpenSSL): a server that trusts only the managed CA
 * accepts a certificate certgate issued and refuses one from another CA, and verifyClientChain names
 * the managed anchor for the accepted client.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type TLSSocket } from "node:tls";
import { after, before, describe, it } from "node:test";
import { issueUserCertificate, type IssuedUserCertificate } from "../../src/pki/issue-user-certificate.js";
import { createManagedCa, type ManagedCaRecord } from "../../src/pki/managed-ca.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { verifyClientChain, type TrustAnchor } from "../../src/pki/verify-chain.js";
import { CLIENT_EXTENSIONS, makeRoot, makeSigned, type OpensslCert } from "./openssl-hierarchy.js";
import { scratchDir } from "./openssl-tool.js";

interface ClientOutcome {
  received: string;
  error?: Error;
}

describe("mutual TLS with a managed CA", () => {
  const scratch = scratchDir("tls");
  const masterKey = MasterKey.random();
  const serverErrors: Error[] = [];
  const verdicts: string[] = [];
  let ca: ManagedCaRecord;
  let issued: IssuedUserCertificate;
  let serverCa: OpensslCert;
  let foreign: OpensslCert;
  let server: Server;
  let port: number;

  before(async () => {
    serverCa = makeRoot(scratch.dir, "server-ca");
    const serverCert = makeSigned(scratch.dir, "server", serverCa, [
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=serverAuth",
      "subjectAltName=DNS:localhost",
    ]);
    const otherCa = makeRoot(scratch.dir, "other-ca");
    foreign = makeSigned(scratch.dir, "foreign", otherCa, CLIENT_EXTENSIONS);
    ca = await createManagedCa({ caId: "tls-ca", projectId: "p", masterKey, keyAlgorithm: "EC_P256" });
    issued = await issueUserCertificate({ ca, masterKey, caId: "tls-ca", username: "alice", months: 1, keyAlgorithm: "EC_P256" });

    const anchors: TrustAnchor[] = [{ id: "tls-ca", kind: "managed", certificate: ca.certificatePem }];
    server = createServer(
      {
        key: readFileSync(serverCert.keyPath),
        cert: serverCert.pem,
        ca: [ca.certificatePem],
        requestCert: true,
        rejectUnauthorized: true,
        minVersion: "TLSv1.2",
      },
      (socket: TLSSocket) => {
        const peer = socket.getPeerCertificate(true);
        const verified = verifyClientChain([peer.raw], anchors, new Date());
        verdicts.push(`${verified.anchor.kind}:${verified.anchor.id}:${verified.serial}`);
        socket.end(`hello ${peer.subject.CN}`);
      },
    );
    server.on("tlsClientError", (error) => serverErrors.push(error));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });

  after(async () => {
    server.close();
    await once(server, "close");
    scratch.remove();
  });

  function tryClient(cert: string, key: string | Buffer): Promise<ClientOutcome> {
    return new Promise((resolve) => {
      const outcome: ClientOutcome = { received: "" };
      const socket = connect({ host: "127.0.0.1", servername: "localhost", port, ca: serverCa.pem, cert, key });
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (outcome.received += chunk));
      socket.on("error", (error) => (outcome.error = error));
      socket.on("close", () => resolve(outcome));
    });
  }

  it("accepts the issued certificate, given as the combined certificate + key PEM", async () => {
    const outcome = await tryClient(issued.pem, issued.pem);
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.received, "hello alice");
    assert.deepEqual(verdicts, [`managed:tls-ca:${issued.serial}`]);
  });

  it("refuses a client certificate from another CA during the handshake", async () => {
    const before = serverErrors.length;
    const outcome = await tryClient(foreign.pem, readFileSync(foreign.keyPath));
    assert.equal(outcome.received, "");
    assert.ok(serverErrors.length > before, "the server must report the failed client handshake");
    // Node checks the client's chain once OpenSSL has finished the handshake and destroys the socket
    // when it fails, so the server-side error is the hang-up rather than OpenSSL's verify reason.
    assert.equal((serverErrors.at(-1) as NodeJS.ErrnoException).code, "ECONNRESET");
    assert.equal(verdicts.length, 1, "no connection may reach the application");
  });

  it("refuses a client that presents no certificate", async () => {
    const before = serverErrors.length;
    const outcome = await new Promise<ClientOutcome>((resolve) => {
      const result: ClientOutcome = { received: "" };
      const socket = connect({ host: "127.0.0.1", servername: "localhost", port, ca: serverCa.pem });
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (result.received += chunk));
      socket.on("error", (error) => (result.error = error));
      socket.on("close", () => resolve(result));
    });
    assert.equal(outcome.received, "");
    assert.ok(serverErrors.length > before);
    assert.equal(verdicts.length, 1);
  });
});
