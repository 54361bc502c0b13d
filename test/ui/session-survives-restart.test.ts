/**
 * Web UI sessions live in the store, end to end over HTTP with the built CLI: a session signed in
 * before `certgate start` restarts still works after it (SQLite, same data directory), and two
 * instances running at once over one PostgreSQL store accept each other's sessions and share the
 * login lock-out, with no sticky sessions.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { certgateInit, QUICK_KEYS_ENV, spawnCertgateStart, stopCertgate, type StartedCertgate } from "../support/certgate-server.js";
import { startTestPostgres } from "../support/postgres.js";

const UI_HEADERS = { "x-certgate-client": "web-ui" };
const running = new Set<StartedCertgate>();
const dirs: string[] = [];

after(async () => {
  for (const server of running) await stopCertgate(server.child);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir: string, env: NodeJS.ProcessEnv): Promise<StartedCertgate> {
  const server = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"], env);
  running.add(server);
  return server;
}

async function stop(server: StartedCertgate): Promise<void> {
  assert.equal(await stopCertgate(server.child), 0, server.output());
  running.delete(server);
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "certgate-ui-restart-"));
  dirs.push(dir);
  return dir;
}

/** Signs in; answers the cookie pair to send back and the CSRF token. */
async function signIn(url: string, email: string, password: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${url}/api/private/auth/login`, {
    method: "POST",
    headers: { ...UI_HEADERS, "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const setCookie = response.headers.get("set-cookie") ?? "";
  assert.match(setCookie, /^certgate_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=86400; HttpOnly; Secure; SameSite=Strict$/);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: setCookie.split(";")[0] as string, csrfToken: body.csrfToken };
}

async function me(url: string, cookie: string): Promise<{ status: number; body: { person?: { email: string }; csrfToken?: string; errorCode?: string } }> {
  const response = await fetch(`${url}/api/private/auth/me`, { headers: { ...UI_HEADERS, cookie } });
  return { status: response.status, body: (await response.json()) as { person?: { email: string }; csrfToken?: string; errorCode?: string } };
}

async function wrongPassword(url: string, email: string): Promise<Response> {
  return fetch(`${url}/api/private/auth/login`, {
    method: "POST",
    headers: { ...UI_HEADERS, "content-type": "application/json" },
    body: JSON.stringify({ email, password: "not the password at all" }),
  });
}

test("a signed-in session and a login lock-out survive a restart of certgate start over the same data directory", async () => {
  const dataDir = join(tempDir(), "data");
  const env = { ...process.env, ...QUICK_KEYS_ENV };
  const init = certgateInit(dataDir, env);

  const before = await start(dataDir, env);
  const { cookie, csrfToken } = await signIn(before.url, init.ownerEmail, init.ownerPassword);
  assert.equal((await me(before.url, cookie)).status, 200);
  for (let i = 1; i <= 5; i++) assert.equal((await wrongPassword(before.url, "guesser@example.com")).status, 401, `failure ${i}`);
  assert.equal((await wrongPassword(before.url, "guesser@example.com")).status, 429, "locked after five failures");
  await stop(before);

  const restarted = await start(dataDir, env);
  const resumed = await me(restarted.url, cookie);
  assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
  assert.equal(resumed.body.person?.email, init.ownerEmail);
  assert.equal(resumed.body.csrfToken, csrfToken, "the same session, not a new one");

  const project = await fetch(`${restarted.url}/api/atlas/v1.0/groups/${init.projectId}`, { headers: { ...UI_HEADERS, cookie } });
  assert.equal(project.status, 200, "the Admin API accepts the session after the restart");
  assert.equal(((await project.json()) as { id: string }).id, init.projectId);

  const locked = await wrongPassword(restarted.url, "guesser@example.com");
  assert.equal(locked.status, 429, "the lock-out was not reset by the restart");
  assert.ok(Number(locked.headers.get("retry-after")) > 800, `Retry-After ${locked.headers.get("retry-after")}`);

  const noCsrf = await fetch(`${restarted.url}/api/private/auth/logout`, { method: "POST", headers: { ...UI_HEADERS, cookie } });
  assert.equal(noCsrf.status, 403, "sign-out still needs the session's CSRF token");
  const logout = await fetch(`${restarted.url}/api/private/auth/logout`, { method: "POST", headers: { ...UI_HEADERS, cookie, "x-csrf-token": csrfToken } });
  assert.equal(logout.status, 204);
  const gone = await me(restarted.url, cookie);
  assert.deepEqual([gone.status, gone.body.errorCode], [401, "SESSION_REQUIRED"]);
  await stop(restarted);
});

test("two instances over one PostgreSQL store accept each other's sessions and share the lock-out", async () => {
  const postgres = await startTestPostgres();
  try {
    const dataDir = join(tempDir(), "data");
    const env = { ...process.env, ...QUICK_KEYS_ENV, CERTGATE_STORE: await postgres.createDatabase() };
    const init = certgateInit(dataDir, env);
    const [a, b] = await Promise.all([start(dataDir, env), start(dataDir, env)]);
    assert.notEqual(a.url, b.url);

    const { cookie, csrfToken } = await signIn(a.url, init.ownerEmail, init.ownerPassword);
    const onB = await me(b.url, cookie);
    assert.deepEqual([onB.status, onB.body.csrfToken], [200, csrfToken], "signed in on A, recognized on B");

    for (let i = 1; i <= 5; i++) assert.equal((await wrongPassword(i % 2 ? a.url : b.url, "guesser@example.com")).status, 401, `failure ${i}`);
    assert.equal((await wrongPassword(a.url, "guesser@example.com")).status, 429, "five failures across both instances lock on A");
    assert.equal((await wrongPassword(b.url, "guesser@example.com")).status, 429, "and on B");

    const logout = await fetch(`${b.url}/api/private/auth/logout`, { method: "POST", headers: { ...UI_HEADERS, cookie, "x-csrf-token": csrfToken } });
    assert.equal(logout.status, 204);
    assert.equal((await me(a.url, cookie)).status, 401, "signed out on B, gone on A");
    await stop(a);
    await stop(b);
  } finally {
    await postgres.stop();
  }
});
