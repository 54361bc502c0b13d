/**
 * The Admin API and web UI over HTTPS, as an operator runs them: `certgate start --tls-cert --tls-key`
 * answers `curl --cacert`, sends HSTS, picks up a renewed certificate when the files change, and with
 * `--api-client-ca` refuses Admin API requests without a client certificate from that CA. `--tls
 * server-ca` serves a certificate from the deployment server CA that `data/server-ca.pem` verifies.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { after, test } from "node:test";
import { certgateInit, QUICK_KEYS_ENV, spawnCertgateStart, stopCertgate, type StartedCertgate } from "../support/certgate-server.js";
import { runCurl } from "../api/curl.js";
import { eventually } from "../gateway/support/eventually.js";
import { customerClient } from "../gateway/support/customer-pki.js";
import { makeRoot, makeSigned } from "../pki/openssl-hierarchy.js";

const SERVER_EXTENSIONS = [
  "basicConstraints=CA:FALSE",
  "keyUsage=critical,digitalSignature",
  "extendedKeyUsage=serverAuth",
  "subjectAltName=DNS:localhost,IP:127.0.0.1",
  "authorityKeyIdentifier=keyid",
];

const dir = mkdtempSync(join(tmpdir(), "certgate-api-tls-"));
const started: StartedCertgate[] = [];
after(async () => {
  for (const s of started) await stopCertgate(s.child);
  rmSync(dir, { recursive: true, force: true });
});

const env = { ...process.env, ...QUICK_KEYS_ENV };

async function start(name: string, args: string[], ports: string): Promise<{ server: StartedCertgate; key: string; projectId: string; dataDir: string }> {
  const dataDir = join(dir, name);
  const init = certgateInit(dataDir, env);
  const server = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0", "--gateway-ports", ports, ...args], env);
  started.push(server);
  return { server, key: `${init.publicKey}:${init.privateKey}`, projectId: init.projectId, dataDir };
}

/** The serial number of the certificate the server presents. */
function servedSerial(url: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port: Number(port), servername: "localhost", rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().serialNumber);
      socket.end();
    });
    socket.once("error", reject);
  });
}

test("--tls-cert/--tls-key: curl --cacert reaches the Admin API, with HSTS, and a renewed certificate is served without a restart", async () => {
  const ca = makeRoot(dir, "api-root");
  const first = makeSigned(dir, "api-first", ca, SERVER_EXTENSIONS);
  const second = makeSigned(dir, "api-second", ca, SERVER_EXTENSIONS);
  const certFile = join(dir, "api.pem");
  const keyFile = join(dir, "api.key");
  copyFileSync(first.certPath, certFile);
  copyFileSync(first.keyPath, keyFile);
  const { server, key, projectId } = await start("files", ["--tls-cert", certFile, "--tls-key", keyFile], "28600-28601");
  assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);

  const api = await runCurl(["-sS", "-i", "--cacert", ca.certPath, "--digest", "-u", key, `${server.url}/api/atlas/v1.0/groups/${projectId}`]);
  assert.equal(api.code, 0, api.stderr);
  assert.match(api.stdout, /^HTTP\/1\.1 200/m);
  assert.match(api.stdout, /^strict-transport-security: max-age=31536000/im);
  assert.match(api.stdout, /"name":"Project0"|"name" : "Project0"/);
  const plain = await runCurl(["-sS", "-o", "/dev/null", "-w", "%{http_code}", server.url.replace("https:", "http:") + "/"]);
  assert.notEqual(plain.stdout, "200", "plain HTTP is not served on the TLS port");

  assert.equal(await servedSerial(server.url), serialOf(first.pem));
  // A renewal that writes the key first and the certificate second: the half-written pair is skipped.
  copyFileSync(second.keyPath, keyFile);
  copyFileSync(second.certPath, certFile);
  await eventually(async () => assert.equal(await servedSerial(server.url), serialOf(second.pem)), 10_000);
  const again = await runCurl(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca.certPath, "--digest", "-u", key, `${server.url}/api/atlas/v1.0/groups/${projectId}`]);
  assert.equal(again.stdout, "200", again.stderr);
  await eventually(async () => assert.match(server.output(), /"msg":"Admin API TLS certificate reloaded"/), 5_000);
});

test("--api-client-ca: every request needs a client certificate from that CA, and Digest still authenticates the key", async () => {
  const ca = makeRoot(dir, "mtls-server-root");
  const cert = makeSigned(dir, "mtls-server", ca, SERVER_EXTENSIONS);
  const clientCa = makeRoot(dir, "mtls-client-root");
  const otherCa = makeRoot(dir, "mtls-other-root");
  const client = customerClient(dir, "mtls-client", clientCa);
  const stranger = customerClient(dir, "mtls-stranger", otherCa);
  const { server, key, projectId } = await start("mtls", ["--tls-cert", cert.certPath, "--tls-key", cert.keyPath, "--api-client-ca", clientCa.certPath], "28602-28603");
  const url = `${server.url}/api/atlas/v1.0/groups/${projectId}`;

  const without = await runCurl(["-sS", "--cacert", ca.certPath, "--digest", "-u", key, url]);
  assert.equal(JSON.parse(without.stdout).errorCode, "CLIENT_CERTIFICATE_REQUIRED");
  const wrongCa = await runCurl(["-sS", "--cacert", ca.certPath, "--cert", stranger.file, "--digest", "-u", key, url]);
  assert.equal(JSON.parse(wrongCa.stdout).errorCode, "CLIENT_CERTIFICATE_REQUIRED");
  const withCert = await runCurl(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca.certPath, "--cert", client.file, "--digest", "-u", key, url]);
  assert.equal(withCert.stdout, "200", "the certificate passes, then Digest authenticates the key");
  const noKey = await runCurl(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca.certPath, "--cert", client.file, url]);
  assert.equal(noKey.stdout, "401", "a client certificate does not replace the API key");
  const ui = await runCurl(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca.certPath, `${server.url}/`]);
  assert.equal(ui.stdout, "401", "the web UI is behind the same client certificate");
  assert.match(server.output(), /"msg":"client certificate refused"/);
});

test("--tls server-ca: the certificate comes from the deployment server CA in <data dir>/server-ca.pem", async () => {
  const { server, key, projectId, dataDir } = await start("server-ca", ["--tls", "server-ca"], "28604-28605");
  const url = server.url.replace("127.0.0.1", "localhost");
  const api = await runCurl(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", join(dataDir, "server-ca.pem"), "--digest", "-u", key, `${url}/api/atlas/v1.0/groups/${projectId}`]);
  assert.equal(api.stdout, "200", api.stderr);
  const untrusted = await runCurl(["-sS", "-o", "/dev/null", `${url}/`]);
  assert.notEqual(untrusted.code, 0, "curl refuses the server without --cacert");
});

function serialOf(pem: string): string {
  return new X509Certificate(pem).serialNumber;
}
