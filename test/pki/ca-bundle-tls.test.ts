/**
 * The validation's choices checked against what really happens: each bundle is used as the `ca` of a
 * mutual-TLS Node server (OpenSSL underneath, as in the gateway and in mongod) and a client presents a
 * certificate issued under it. A bundle certgate accepts must let that client in; one it refuses for
 * being unusable must be refused by the handshake as well. The one deliberate difference, a v1 root,
 * is pinned down here too.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import tls from "node:tls";
import { validateCaBundle } from "../../src/pki/ca-bundle.js";
import { CA_EXTENSIONS, OpensslFixtures, type Issued } from "./openssl-fixtures.js";

const CLIENT_EXTENSIONS = ["basicConstraints=CA:FALSE", "keyUsage=critical,digitalSignature", "extendedKeyUsage=clientAuth"];

let fx: OpensslFixtures;
let server: Issued;

before(() => {
  fx = new OpensslFixtures();
  server = fx.cert({ subject: "/CN=localhost", extensions: ["basicConstraints=CA:FALSE", "extendedKeyUsage=serverAuth"] });
});
after(() => fx.cleanup());

interface HandshakeOutcome {
  readonly authorized: boolean;
  readonly error: string | undefined;
}

/**
 * One real handshake: does a server trusting `bundle` accept `client`? The context is handed over by
 * SNICallback because Node 20's `tls.createServer` does not pass `allowPartialTrustChain` on to the
 * context it builds (the option only takes effect through `tls.createSecureContext`).
 */
async function handshake(bundle: string, client: Issued, allowPartialTrustChain = false): Promise<HandshakeOutcome> {
  const options = { key: readFileSync(server.keyPath), cert: server.pem, ca: bundle };
  const context = tls.createSecureContext({ ...options, allowPartialTrustChain });
  const listener = tls.createServer({
    ...options,
    requestCert: true,
    rejectUnauthorized: false,
    SNICallback: (_name, done) => done(null, context),
  });
  const outcome = new Promise<HandshakeOutcome>((resolve) => {
    listener.once("secureConnection", (socket: tls.TLSSocket) => {
      const error = socket.authorizationError;
      resolve({ authorized: socket.authorized, error: error == null ? undefined : String(error) });
      socket.destroy();
    });
  });
  listener.listen(0, "127.0.0.1");
  await once(listener, "listening");
  const { port } = listener.address() as AddressInfo;
  const socket = tls.connect({ host: "127.0.0.1", servername: "localhost", port, key: readFileSync(client.keyPath), cert: client.pem, rejectUnauthorized: false });
  socket.on("error", () => undefined);
  try {
    return await outcome;
  } finally {
    socket.destroy();
    listener.close();
  }
}

function clientOf(ca: Issued, name: string): Issued {
  return fx.cert({ subject: `/CN=${name}`, issuer: ca, extensions: CLIENT_EXTENSIONS });
}

test("CAs certgate accepts let their clients in, including the lenient choices", async () => {
  const plain = fx.cert({ subject: "/CN=Plain Root" });
  const noKeyUsage = fx.cert({ subject: "/CN=No KeyUsage Root", extensions: ["basicConstraints=critical,CA:TRUE", "subjectKeyIdentifier=hash"] });
  const nonCritical = fx.cert({ subject: "/CN=Non-critical Root", extensions: ["basicConstraints=CA:TRUE", "keyUsage=keyCertSign"] });
  const root = fx.cert({ subject: "/CN=Chain Root" });
  const intermediate = fx.cert({ subject: "/CN=Chain Intermediate", issuer: root });
  for (const [bundle, ca] of [
    [plain.pem, plain],
    [noKeyUsage.pem, noKeyUsage],
    [nonCritical.pem, nonCritical],
    [root.pem + intermediate.pem, intermediate],
  ] as const) {
    assert.deepEqual(validateCaBundle(bundle).problems, []);
    const outcome = await handshake(bundle, clientOf(ca, "alice"));
    assert.deepEqual(outcome, { authorized: true, error: undefined }, ca.certPath);
  }
});

test("an intermediate alone is an anchor only when partial chains are allowed, as the gateway must", async () => {
  const root = fx.cert({ subject: "/CN=Hidden Root" });
  const intermediate = fx.cert({ subject: "/CN=Lone Intermediate", issuer: root });
  assert.equal(validateCaBundle(intermediate.pem).ok, true);
  const client = clientOf(intermediate, "bob");
  assert.deepEqual(await handshake(intermediate.pem, client, true), { authorized: true, error: undefined });
  const strict = await handshake(intermediate.pem, client, false);
  assert.equal(strict.authorized, false);
  assert.match(strict.error ?? "", /UNABLE_TO_GET_ISSUER_CERT/);
});

test("CAs certgate refuses as unusable are refused by the handshake too", async () => {
  const cases: [string, string[] | undefined, RegExp][] = [
    ["No CertSign", ["basicConstraints=critical,CA:TRUE", "keyUsage=critical,digitalSignature"], /MISSING_KEY_CERT_SIGN/],
    ["Server Only", [...CA_EXTENSIONS, "extendedKeyUsage=serverAuth"], /NO_CLIENT_AUTH/],
    ["Odd Critical", [...CA_EXTENSIONS, "1.2.3.4=critical,ASN1:NULL"], /UNSUPPORTED_CRITICAL_EXTENSION/],
    ["Leaf As CA", ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyCertSign"], /NOT_A_CA/],
  ];
  for (const [name, extensions, code] of cases) {
    const ca = fx.cert({ subject: `/CN=${name}`, extensions });
    const result = validateCaBundle(ca.pem);
    assert.match(result.problems.map((p) => p.code).join(","), code, name);
    assert.equal((await handshake(ca.pem, clientOf(ca, "carol"))).authorized, false, name);
  }
  const expired = fx.cert({ subject: "/CN=Expired", startDate: "20200101000000Z", endDate: "20240101000000Z" });
  assert.deepEqual(validateCaBundle(expired.pem).problems.map((p) => p.code), ["EXPIRED"]);
  assert.match((await handshake(expired.pem, clientOf(expired, "dave"))).error ?? "", /CERT_HAS_EXPIRED/);
});

test("a v1 root: OpenSSL trusts it, certgate refuses it because DESIGN requires X.509 v3 CAs", async () => {
  const v1 = fx.cert({ subject: "/CN=Version One Root", extensions: null });
  assert.deepEqual(validateCaBundle(v1.pem).problems.map((p) => p.code), ["NOT_V3"]);
  assert.equal((await handshake(v1.pem, clientOf(v1, "erin"))).authorized, true);
});
