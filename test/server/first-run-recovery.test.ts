/**
 * First-run credentials survive a failed first start, and whoever holds the data directory and master
 * key can recover without an API key: the built CLI in child processes, reached with real curl.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { QUICK_KEYS_ENV, runCertgateSync, spawnCertgateStart, stopCertgate, type StartedCertgate } from "../support/certgate-server.js";
import { runCurl } from "../api/curl.js";

const dir = mkdtempSync(join(tmpdir(), "certgate-first-run-"));
const env = { ...process.env, ...QUICK_KEYS_ENV };
let busy: Server | undefined;
let server: StartedCertgate | undefined;
after(async () => {
  if (server) await stopCertgate(server.child);
  busy?.close();
  rmSync(dir, { recursive: true, force: true });
});

function occupyPort(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      resolve({ port: typeof address === "object" && address ? address.port : 0, server: s });
    });
  });
}

async function apiStatus(url: string, key: string): Promise<string> {
  const r = await runCurl(["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", key, `${url}/api/atlas/v1.0/orgs`]);
  return r.stdout;
}

async function signInStatus(url: string, email: string, password: string): Promise<number> {
  const response = await fetch(`${url}/api/private/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

test("a first start that fails on a busy port leaves the credentials in a 0600 file; the next start reminds and they work", async () => {
  const dataDir = join(dir, "data");
  const occupied = await occupyPort();
  busy = occupied.server;
  const failed = runCertgateSync(["start", "--data-dir", dataDir, "--port", String(occupied.port), "--gateway-ports", "28610-28611"], env);
  assert.notEqual(failed.status, 0, "the busy port stops the start");
  assert.match(failed.stderr + failed.stdout, /EADDRINUSE/);

  const file = join(dataDir, "initial-credentials.txt");
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const saved = readFileSync(file, "utf8");
  const publicKey = /API public key\s*:\s*(\S+)/.exec(saved)?.[1];
  const privateKey = /API private key\s*:\s*(\S+)/.exec(saved)?.[1];
  const password = /owner password\s*:\s*(\S+)/.exec(saved)?.[1];
  assert.ok(publicKey && privateKey && password, saved);

  server = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0", "--gateway-ports", "28610-28611"], env);
  assert.ok(server.output().includes(`are in ${file}`), "the restart points at the file");
  assert.ok(!server.output().includes(privateKey), "the restart does not print the secret itself");
  assert.equal(await apiStatus(server.url, `${publicKey}:${privateKey}`), "200");
  assert.equal(await signInStatus(server.url, "owner@certgate.local", password), 200);

  const init = runCertgateSync(["init", "--data-dir", dataDir], env);
  assert.equal(init.status, 1);
  assert.ok(init.stderr.includes(file), "init on an initialized store points at the file");
});

test("certgate admin: a new Organization Owner key and a UI password reset, with only the data directory", async () => {
  assert.ok(server, "the previous test started the server");
  const dataDir = join(dir, "data");
  const created = runCertgateSync(["admin", "create-api-key", "--data-dir", dataDir, "--json"], env);
  assert.equal(created.status, 0, created.stderr);
  const key = JSON.parse(created.stdout) as { publicKey: string; privateKey: string; orgId: string };
  assert.equal(await apiStatus(server.url, `${key.publicKey}:${key.privateKey}`), "200", "the running server accepts the new key");
  const keys = await runCurl(["-sS", "--digest", "-u", `${key.publicKey}:${key.privateKey}`, `${server.url}/api/atlas/v1.0/orgs/${key.orgId}/apiKeys`]);
  const listed = (JSON.parse(keys.stdout) as { results: { publicKey: string; roles: { roleName: string }[] }[] }).results.find((k) => k.publicKey === key.publicKey);
  assert.ok(listed?.roles.some((r) => r.roleName === "ORG_OWNER"), keys.stdout);

  const before = readFileSync(join(dataDir, "initial-credentials.txt"), "utf8");
  const oldPassword = /owner password\s*:\s*(\S+)/.exec(before)?.[1] ?? "";
  const reset = runCertgateSync(["admin", "reset-password", "--data-dir", dataDir, "--json"], env);
  assert.equal(reset.status, 0, reset.stderr);
  const fresh = JSON.parse(reset.stdout) as { email: string; password: string };
  assert.equal(fresh.email, "owner@certgate.local");
  assert.equal(await signInStatus(server.url, fresh.email, fresh.password), 200);
  assert.equal(await signInStatus(server.url, fresh.email, oldPassword), 401);

  const unknown = runCertgateSync(["admin", "reset-password", "--data-dir", dataDir, "--email", "nobody@example.com"], env);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no person signs in with nobody@example.com/);
  const empty = runCertgateSync(["admin", "create-api-key", "--data-dir", join(dir, "empty")], env);
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /holds no organization yet/);
});
