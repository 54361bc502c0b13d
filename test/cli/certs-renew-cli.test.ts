/**
 * Renewal by the holder: `certgate dbusers certs renew` against a real `certgate start` serving HTTPS,
 * authenticated by the certificate being renewed (mutual TLS), without an API key.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { runCurl } from "../api/curl.js";
import { eventually } from "../gateway/support/eventually.js";
import { customerClient } from "../gateway/support/customer-pki.js";
import { makeRoot, makeSigned, type OpensslCert } from "../pki/openssl-hierarchy.js";
import { certgateInit, CERTGATE_MAIN, QUICK_KEYS_ENV, spawnCertgateStart, stopCertgate, type StartedCertgate } from "../support/certgate-server.js";
import { cleanEnv, runCli } from "./cli-harness.js";

const SERVER_EXTENSIONS = [
  "basicConstraints=CA:FALSE",
  "keyUsage=critical,digitalSignature",
  "extendedKeyUsage=serverAuth",
  "subjectAltName=DNS:localhost,IP:127.0.0.1",
  "authorityKeyIdentifier=keyid",
];

const dir = mkdtempSync(join(tmpdir(), "certgate-renew-cli-"));
let server: StartedCertgate;
let serverCa: OpensslCert;
let env: NodeJS.ProcessEnv;
let renewEnv: NodeJS.ProcessEnv;

before(async () => {
  serverCa = makeRoot(dir, "api-root");
  const tls = makeSigned(dir, "api", serverCa, SERVER_EXTENSIONS);
  const dataDir = join(dir, "data");
  const base = { ...process.env, ...QUICK_KEYS_ENV };
  const init = certgateInit(dataDir, base);
  server = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0", "--gateway-ports", "28660-28661", "--tls-cert", tls.certPath, "--tls-key", tls.keyPath], base);
  env = cleanEnv({
    CERTGATE_API_URL: server.url,
    CERTGATE_PUBLIC_API_KEY: init.publicKey,
    CERTGATE_PRIVATE_API_KEY: init.privateKey,
    CERTGATE_PROJECT_ID: init.projectId,
    XDG_CONFIG_HOME: join(dir, "config"),
    NODE_EXTRA_CA_CERTS: serverCa.certPath,
  });
  // The holder has no API key: only the URL.
  renewEnv = cleanEnv({ CERTGATE_API_URL: server.url, XDG_CONFIG_HOME: join(dir, "config") });
  const made = await cli(["dbusers", "create", "-u", "renewer", "--x509Type", "MANAGED", "--role", "read@app"]);
  assert.equal(made.status, 0, made.stderr);
});
after(async () => {
  if (server) await stopCertgate(server.child);
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { env });
const renew = (args: string[]) => runCli(["dbusers", "certs", "renew", "--caFile", serverCa.certPath, ...args], { env: renewEnv });

async function issue(name: string, validity = "PT1H"): Promise<{ certFile: string; keyFile: string; cert: X509Certificate }> {
  const certFile = join(dir, `${name}.pem`);
  const keyFile = join(dir, `${name}.key`);
  const created = await cli(["dbusers", "certs", "create", "renewer", "--validity", validity, "--keyOut", keyFile, "--keyAlgorithm", "EC_P256", "--out", certFile]);
  assert.equal(created.status, 0, created.stderr);
  return { certFile, keyFile, cert: new X509Certificate(readFileSync(certFile)) };
}

async function listed(): Promise<{ _id: number | bigint; revokedAt?: string }[]> {
  const out = await cli(["dbusers", "certs", "list", "renewer", "--includeExpired", "-o", "json"]);
  assert.equal(out.status, 0, out.stderr);
  // Serials exceed 2^53: compare them as text.
  return (JSON.parse(out.stdout.replace(/"_id": (\d+)/g, '"_id": "$1"')) as { results: { _id: bigint; revokedAt?: string }[] }).results;
}

const serialOf = (cert: X509Certificate) => BigInt(`0x${cert.serialNumber}`).toString();

test("renew: same subject and key, new serial, same lifetime; written with mode 0600; the old certificate stays valid", async () => {
  const { certFile, keyFile, cert: old } = await issue("first");
  const out = await renew(["--certFile", certFile, "--keyFile", keyFile]);
  assert.equal(out.status, 0, out.stderr);
  const renewed = new X509Certificate(readFileSync(certFile));
  assert.match(out.stdout, new RegExp(`^Renewed CN=renewer: serial ${serialOf(renewed)}, valid until \\S+Z; written to ${certFile}\\.\\n$`));
  assert.equal(statSync(certFile).mode & 0o777, 0o600);
  assert.equal(renewed.subject, old.subject);
  assert.notEqual(renewed.serialNumber, old.serialNumber);
  assert.ok(renewed.checkPrivateKey(createPrivateKey(readFileSync(keyFile))), "the same key");
  const lifetimeHours = (Date.parse(renewed.validTo) - Date.now()) / 3600_000;
  assert.ok(lifetimeHours > 0.95 && lifetimeHours <= 1.01, `one hour again, got ${lifetimeHours}`);
  const certs = await listed();
  const oldRecord = certs.find((c) => String(c._id) === serialOf(old));
  assert.ok(oldRecord !== undefined && oldRecord.revokedAt === undefined, "the old certificate is not revoked");
  assert.ok(certs.some((c) => String(c._id) === serialOf(renewed)));
});

test("--revokeCurrent revokes the replaced certificate, which can then renew no more", async () => {
  const { certFile, keyFile, cert: old } = await issue("second");
  const kept = join(dir, "second-old.pem");
  copyFileSync(certFile, kept);
  const out = await renew(["--certFile", certFile, "--keyFile", keyFile, "--revokeCurrent"]);
  assert.equal(out.status, 0, out.stderr);
  const record = (await listed()).find((c) => String(c._id) === serialOf(old));
  assert.match(record?.revokedAt ?? "", /Z$/, "revoked");
  const again = await renew(["--certFile", kept, "--keyFile", keyFile]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /^Error: renewal refused \(401\): RENEWAL_CERTIFICATE_REFUSED: The client certificate cannot be renewed: it is revoked\.\n$/);
});

test("refused: no client certificate, a certificate of another CA, plain HTTP, a deleted user", async () => {
  const url = `${server.url}/api/atlas/v1.0/x509/renew`;
  const bare = await runCurl(["-sS", "--cacert", serverCa.certPath, "-X", "POST", "-H", "content-type: application/json", "-d", "{}", url]);
  assert.equal(JSON.parse(bare.stdout).errorCode, "RENEWAL_CERTIFICATE_REFUSED");
  assert.match(JSON.parse(bare.stdout).detail, /no client certificate was presented/);
  const stranger = customerClient(dir, "stranger", makeRoot(dir, "stranger-root"));
  const foreign = await runCurl(["-sS", "--cacert", serverCa.certPath, "--cert", stranger.file, "-X", "POST", "-H", "content-type: application/json", "-d", "{}", url]);
  assert.match(JSON.parse(foreign.stdout).detail, /not issued by a certgate managed CA/);

  const { certFile, keyFile } = await issue("third");
  const plain = await runCli(["dbusers", "certs", "renew", "--certFile", certFile, "--keyFile", keyFile], {
    env: { ...renewEnv, CERTGATE_API_URL: server.url.replace("https:", "http:") },
  });
  assert.equal(plain.status, 1);
  assert.match(plain.stderr, /the API URL must be https:\/\//);

  await cli(["dbusers", "create", "-u", "leaver", "--x509Type", "MANAGED", "--role", "read@app"]);
  const leaverCert = join(dir, "leaver.pem");
  const leaverKey = join(dir, "leaver.key");
  assert.equal((await cli(["dbusers", "certs", "create", "leaver", "--keyOut", leaverKey, "--keyAlgorithm", "EC_P256", "--out", leaverCert])).status, 0);
  assert.equal((await cli(["dbusers", "delete", "leaver", "--force"])).status, 0);
  const gone = await renew(["--certFile", leaverCert, "--keyFile", leaverKey]);
  assert.equal(gone.status, 1);
  assert.match(gone.stderr, /RENEWAL_CERTIFICATE_REFUSED: .*(revoked|no longer exists)/);
});

test("--daemon renews when due and runs --exec after each renewal; SIGTERM ends it", async () => {
  const { certFile, keyFile } = await issue("daemon");
  const marker = join(dir, "renewed.log");
  // With --expiresIn longer than the certificate's life, every renewal is due at once.
  const child = spawn(
    process.execPath,
    [CERTGATE_MAIN, "dbusers", "certs", "renew", "--daemon", "--certFile", certFile, "--keyFile", keyFile, "--caFile", serverCa.certPath, "--expiresIn", "PT2H", "--exec", `echo renewed >> '${marker}'`],
    { env: renewEnv, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  await eventually(async () => {
    assert.ok(existsSync(marker), output);
    assert.ok(readFileSync(marker, "utf8").split("\n").filter(Boolean).length >= 2, output);
  }, 30_000);
  child.kill("SIGTERM");
  assert.equal(await exited, 0, output);
  assert.match(output, /^Next renewal of CN=renewer at /m);
  assert.ok((output.match(/^Renewed CN=renewer/gm) ?? []).length >= 2, output);
});
