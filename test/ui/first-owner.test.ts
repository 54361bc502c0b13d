/**
 * The first person, as an operator meets them: `certgate init --json` prints the Organization Owner's
 * email and password once; `certgate start` (the built CLI in a child process) serves the web UI at
 * `/`, where that password signs in. Also checks the UI's security headers and that the password never
 * reaches the log.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, test } from "node:test";
import { launchChromium, newContext } from "./browser.js";
import { signIn } from "./ui-steps.js";

const MAIN = resolve("dist/src/cli/main.js");
const env = { ...process.env, CERTGATE_USER_KEY_ALGORITHM: "EC_P256", CERTGATE_CA_KEY_ALGORITHM: "EC_P256", CERTGATE_MASTER_KEY: "" };
const dir = mkdtempSync(join(tmpdir(), "certgate-ui-cli-"));
let child: ChildProcess | undefined;

after(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `certgate start` until it logs that it listens; answers its URL and everything it printed so far. */
function start(dataDir: string): Promise<{ url: string; output: () => string }> {
  const proc = spawn(process.execPath, [MAIN, "start", "--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  child = proc;
  let out = "";
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`certgate start did not listen within 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const line = out.split("\n").find((l) => l.includes('"msg":"certgate listening"'));
      if (line) {
        clearTimeout(timer);
        resolvePromise({ url: (JSON.parse(line) as { url: string }).url, output: () => out });
      }
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`certgate start exited with ${code}:\n${out}`));
    });
  });
}

test("init prints the first owner's password once; start serves the UI where it signs in", async () => {
  const dataDir = join(dir, "data");
  const init = spawnSync(process.execPath, [MAIN, "init", "--data-dir", dataDir, "--json"], { encoding: "utf8", env, timeout: 60_000 });
  assert.equal(init.status, 0, init.stderr);
  const report = JSON.parse(init.stdout) as { ownerEmail: string; ownerPassword: string };
  assert.equal(report.ownerEmail, "owner@certgate.local");
  assert.ok(report.ownerPassword.length >= 20, "a long random password");

  const server = await start(dataDir);
  assert.ok(!server.output().includes(report.ownerPassword), "start does not print the password again");

  const index = await fetch(`${server.url}/groups/000000000000000000000000/security/advanced`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get("content-type") ?? "", /^text\/html/);
  assert.match(index.headers.get("content-security-policy") ?? "", /default-src 'self'/);
  assert.match(await index.text(), /<div id="root">/);
  const unknownApi = await fetch(`${server.url}/api/atlas/v1.0/no-such-resource`);
  assert.equal(unknownApi.status, 404, "API paths keep their Atlas 404");

  const browser = await launchChromium();
  try {
    const page = await (await newContext(browser)).newPage();
    await signIn(page, server.url, report.ownerEmail, report.ownerPassword);
    await page.getByRole("link", { name: "Project 0" }).click();
    await page.getByRole("heading", { level: 1, name: "Database Access" }).waitFor();
  } finally {
    await browser.close();
  }
  assert.ok(!server.output().includes(report.ownerPassword), "the password never reaches the log");
  child?.kill("SIGTERM");
});
