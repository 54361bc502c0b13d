import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import tls, { type TLSSocket } from "node:tls";
import { PreparedTrustAnchors } from "../../src/pki/verify-chain.js";
import { identifyPeerCached, identifySocketPeer } from "../../src/gateway/server/peer-identity-cache.js";
import type { ProjectAccess } from "../../src/gateway/server/project-access.js";
import { RevokedSerials } from "../../src/gateway/server/revoked-serials.js";
import { CLIENT_EXTENSIONS, makeRoot, makeSigned, type OpensslCert } from "../pki/openssl-hierarchy.js";

function accessTrusting(...roots: OpensslCert[]): ProjectAccess {
  const anchors = roots.map((root, i) => ({ id: `customer-${i}`, kind: "customer" as const, certificate: root.pem }));
  return { projectId: "p", anchors: new PreparedTrustAnchors(anchors), caPems: anchors.map((a) => a.certificate), revokedSerials: new RevokedSerials(() => Promise.resolve(false), true), revocationVersion: 0, version: 0, customRoles: [], trustKey: "" };
}

describe("identity cache of the gateway's client certificates", () => {
  let dir: string;
  let root: OpensslCert;
  let other: OpensslCert;
  let leaf: OpensslCert;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "certgate-idcache-"));
    root = makeRoot(dir, "cache-root");
    other = makeRoot(dir, "other-root");
    leaf = makeSigned(dir, "alice", root, CLIENT_EXTENSIONS, 5);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("answers a repeated chain from memory for the same trust set", () => {
    const access = accessTrusting(root);
    const first = identifyPeerCached([leaf.der, root.der], access, new Date());
    assert.ok(first.ok);
    assert.equal(first.identity.userName, "CN=alice,O=certgate tests");
    assert.equal(identifyPeerCached([leaf.der, root.der], access, new Date()), first);
  });

  it("verifies again against a new trust set, which may no longer trust the chain", () => {
    const trusted = identifyPeerCached([leaf.der, root.der], accessTrusting(root), new Date());
    assert.ok(trusted.ok);
    const replaced = identifyPeerCached([leaf.der, root.der], accessTrusting(other), new Date());
    assert.equal(replaced.ok, false);
  });

  it("stops reusing a verdict once a certificate of the chain has expired", () => {
    const access = accessTrusting(root);
    assert.ok(identifyPeerCached([leaf.der, root.der], access, new Date()).ok);
    const afterExpiry = new Date(Date.parse(new X509Certificate(leaf.der).validTo) + 60_000);
    const late = identifyPeerCached([leaf.der, root.der], access, afterExpiry);
    assert.equal(late.ok, false);
    assert.ok(!late.ok && /expired|not valid|validity/i.test(late.reason), !late.ok ? late.reason : "");
  });

  it("identifies a TLS peer by its leaf once its chain verified, over real mutual TLS", async () => {
    const server = makeSigned(dir, "server", root, ["basicConstraints=CA:FALSE", "extendedKeyUsage=serverAuth", "subjectAltName=DNS:localhost", "authorityKeyIdentifier=keyid"], 5);
    const access = accessTrusting(root);
    const seen: Array<ReturnType<typeof identifySocketPeer>> = [];
    const listener = tls.createServer({ ca: root.pem, cert: server.pem, key: readFileSync(server.keyPath), requestCert: true, rejectUnauthorized: true }, (socket: TLSSocket) => {
      seen.push(identifySocketPeer(socket, access, new Date()));
      socket.end();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as { port: number }).port;
    try {
      for (let i = 0; i < 2; i++) {
        await new Promise<void>((resolve, reject) => {
          const socket = tls.connect({ host: "127.0.0.1", port, servername: "localhost", ca: root.pem, cert: leaf.pem, key: readFileSync(leaf.keyPath) });
          socket.on("error", reject);
          socket.on("close", () => resolve());
          socket.resume();
        });
      }
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
    assert.equal(seen.length, 2);
    const [first, second] = seen;
    assert.ok(first.result.ok && first.result.identity.userName === "CN=alice,O=certgate tests");
    assert.deepEqual(first.chain.map((der) => der.equals(leaf.der) || der.equals(root.der)), [true, true]);
    assert.equal(second.result, first.result, "the second connection with the same leaf is answered from memory");
    assert.equal(second.chain, first.chain);
  });
});
