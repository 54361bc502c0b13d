/**
 * `certgate init`, `start` and `migrate` as a user runs them: the built CLI in a child process over a
 * temporary data directory, reached with real curl.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certgateExited, QUICK_KEYS_ENV, runCertgateSync, spawnCertgateStart, type StartedCertgate } from "../support/certgate-server.js";
import { startTestPostgres, type TestPostgres } from "../support/postgres.js";
import { runCurl, splitStatus } from "./curl.js";

const dirs: string[] = [];
const children: ChildProcess[] = [];
let postgres: TestPostgres | undefined;
after(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await postgres?.stop();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "certgate-cli-"));
  dirs.push(dir);
  return dir;
}

// Quick keys: these tests are about the commands, not about RSA-4096.
const env = { ...process.env, ...QUICK_KEYS_ENV };

function cli(args: string[]) {
  return runCertgateSync(args, env);
}

/** Starts `certgate start` and resolves once it logs that it listens. */
function startServer(args: string[]): Promise<StartedCertgate> {
  return spawnCertgateStart(args, env, { onSpawn: (child) => children.push(child) });
}

function exited(child: ChildProcess): Promise<number | null> {
  return certgateExited(child);
}

test("init --json creates the data directory, a private master key and the first key; a second init refuses", () => {
  const dataDir = join(tempDir(), "data");
  const first = cli(["init", "--data-dir", dataDir, "--json", "--port", "9090"]);
  assert.equal(first.status, 0, first.stderr);
  const out = JSON.parse(first.stdout) as Record<string, string>;
  assert.deepEqual(Object.keys(out).sort(), ["apiBaseUrl", "orgId", "ownerEmail", "ownerPassword", "privateKey", "projectId", "publicKey", "serverUrl"]);
  assert.match(out.orgId ?? "", /^[0-9a-f]{24}$/);
  assert.match(out.projectId ?? "", /^[0-9a-f]{24}$/);
  assert.equal(out.apiBaseUrl, "http://127.0.0.1:9090/api/atlas/v1.0");
  assert.equal(statSync(join(dataDir, "master.key")).mode & 0o777, 0o600);

  const second = cli(["init", "--data-dir", dataDir]);
  assert.equal(second.status, 1);
  assert.match(second.stderr, /already initialized/);
  assert.ok(!second.stdout.includes(out.privateKey ?? "-"), "the key is never shown again");
  assert.ok(!second.stdout.includes(out.ownerPassword ?? "-"), "the owner's password is never shown again");

  const help = cli(["init", "--help"]);
  assert.equal(help.status, 0);
  const listed = help.stdout.split("Fields of --json:\n")[1] ?? "";
  assert.deepEqual(
    listed.trim().split("\n").map((line) => line.trim().split(/\s+/)[0]).sort(),
    Object.keys(out).sort(),
    "init --help names every field --json prints, and no other",
  );
});

test("start on an empty directory initializes it, prints the key once, serves curl --digest, and stops on SIGTERM", async () => {
  const dataDir = join(tempDir(), "fresh");
  const server = await startServer(["--data-dir", dataDir, "--port", "0"]);
  const banner = server.output();
  const publicKey = /API public key\s*:\s*(\S+)/.exec(banner)?.[1];
  const privateKey = /API private key\s*:\s*(\S+)/.exec(banner)?.[1];
  const projectId = /project id\s*:\s*([0-9a-f]{24})/.exec(banner)?.[1];
  assert.ok(publicKey && privateKey && projectId, banner);
  const logLines = banner.split("\n").filter((l) => l.startsWith("{"));
  assert.ok(logLines.length > 0);
  assert.ok(logLines.every((l) => !l.includes(privateKey)), "the private key never reaches the log");

  const user = await runCurl([
    "--silent", "--digest", "--user", `${publicKey}:${privateKey}`, "--header", "Content-Type: application/json",
    "--data", '{"databaseName":"$external","username":"cli-user","x509Type":"MANAGED","roles":[{"roleName":"read","databaseName":"app"}]}',
    "--write-out", "\n%{http_code}", `${server.url}/api/atlas/v1.0/groups/${projectId}/databaseUsers`,
  ]);
  assert.equal(splitStatus(user.stdout).status, 201, user.stdout);
  const cert = await runCurl([
    "--silent", "--digest", "--user", `${publicKey}:${privateKey}`, "--request", "POST", "--header", "Content-Type: application/json",
    "--data", '{"monthsUntilExpiration":1}', "--write-out", "\n%{http_code}", `${server.url}/api/atlas/v1.0/groups/${projectId}/databaseUsers/cli-user/certs`,
  ]);
  const issued = splitStatus(cert.stdout);
  assert.equal(issued.status, 201, cert.stdout);
  assert.match(issued.body, /^-----BEGIN CERTIFICATE-----[\s\S]*-----BEGIN PRIVATE KEY-----/);
  assert.ok(!server.output().includes(issued.body.slice(-120, -30)), "issued key material is not logged");

  server.child.kill("SIGTERM");
  assert.equal(await exited(server.child), 0);
  assert.match(server.output(), /"msg":"stopped"/);

  const again = await startServer(["--data-dir", dataDir, "--port", "0"]);
  assert.ok(!again.output().includes("API private key"), "a second start prints no key");
  const list = await runCurl(["--silent", "--digest", "--user", `${publicKey}:${privateKey}`, "--write-out", "\n%{http_code}", `${again.url}/api/atlas/v1.0/groups/${projectId}/databaseUsers`]);
  assert.equal(splitStatus(list.stdout).status, 200, "the state survived the restart");
  assert.match(list.stdout, /"username":"cli-user"/);
  again.child.kill("SIGINT");
  assert.equal(await exited(again.child), 0);

  // A second signal during the graceful stop ends the process at once, by that signal. A request whose
  // body never comes keeps the stop waiting, so the second signal surely arrives during it.
  const impatient = await startServer(["--data-dir", dataDir, "--port", "0"]);
  const pending = netConnect(Number(new URL(impatient.url).port), "127.0.0.1");
  await new Promise((resolve) => pending.once("connect", resolve));
  pending.on("error", () => undefined);
  pending.write("POST /api/atlas/v1.0/groups HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n");
  const ended = exited(impatient.child);
  impatient.child.kill("SIGTERM");
  await impatient.printed('"msg":"shutting down"');
  assert.equal(impatient.child.exitCode, null, "the graceful stop is still waiting for the request");
  impatient.child.kill("SIGINT");
  assert.equal(await ended, null);
  assert.equal(impatient.child.signalCode, "SIGINT");
  pending.destroy();
});

test("migrate reports an up-to-date store; bad settings fail naming the flag or variable", () => {
  const dataDir = join(tempDir(), "m");
  const first = cli(["migrate", "--data-dir", dataDir]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^applied \d+ migration\(s\) on sqlite: /);
  const second = cli(["migrate", "--data-dir", dataDir]);
  assert.match(second.stdout, /store \(sqlite\) is up to date/);

  const badPort = cli(["start", "--data-dir", dataDir, "--port", "http"]);
  assert.equal(badPort.status, 1);
  assert.match(badPort.stderr, /--port must be a port number from 0 to 65535, got "http"/);
  const badAlg = runCertgateSync(["init", "--data-dir", dataDir], { ...env, CERTGATE_USER_KEY_ALGORITHM: "DSA" });
  assert.equal(badAlg.status, 1);
  assert.match(badAlg.stderr, /CERTGATE_USER_KEY_ALGORITHM .*unknown key algorithm "DSA"/);
});

test("start --store postgres://... keeps its state in PostgreSQL; migrate finds it up to date", async () => {
  postgres = await startTestPostgres();
  const url = await postgres.createDatabase();
  const dataDir = join(tempDir(), "pg");
  const server = await startServer(["--data-dir", dataDir, "--store", url, "--port", "0"]);
  const publicKey = /API public key\s*:\s*(\S+)/.exec(server.output())?.[1];
  const privateKey = /API private key\s*:\s*(\S+)/.exec(server.output())?.[1];
  assert.ok(publicKey && privateKey, server.output());
  assert.match(server.output(), /"store":"postgres"/);
  const groups = await runCurl(["--silent", "--digest", "--user", `${publicKey}:${privateKey}`, "--write-out", "\n%{http_code}", `${server.url}/api/atlas/v1.0/groups`]);
  const listed = splitStatus(groups.stdout);
  assert.equal(listed.status, 200, groups.stdout);
  assert.match(listed.body, /"name":"Project0"/);
  server.child.kill("SIGTERM");
  assert.equal(await exited(server.child), 0);

  const migrate = runCertgateSync(["migrate", "--data-dir", dataDir], { ...env, CERTGATE_STORE: url });
  assert.equal(migrate.status, 0, migrate.stderr);
  assert.match(migrate.stdout, /store \(postgres\) is up to date/);
  const init = runCertgateSync(["init", "--data-dir", dataDir, "--store", url], env);
  assert.equal(init.status, 1, "the PostgreSQL store is already initialized");
});
