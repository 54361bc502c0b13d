/**
 * Every shell command of the README's ```sh blocks, run as written (after the replacements the README
 * asks for) against the real server its quick start starts: `npm start` in a directory laid out like
 * a checkout (its package.json, and links to the built dist/, web/ and node_modules/), then the curl
 * and mongosh lines, then, against a second fresh server, the `certgate` CLI lines with the exports the
 * README names. A README block this test does not know fails it, as does a command that exits non-zero,
 * a curl that gets an Atlas error document, or a mongosh that cannot authenticate and write.
 * `certgate` is on PATH through a shim standing for `npm link` / `npm install -g`; `mongosh` is the
 * checkout's dev dependency. Commands not run, with the reason, are in NOT_RUN.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, describe, it } from "node:test";
import { eventually } from "../gateway/support/eventually.js";
import { startInstalledCertgate, type RunningCertgate } from "./support/installed-certgate.js";
import type { CommandResult } from "./support/run-command.js";

const CHECKOUT = resolve(".");

/** What is not run, and why. */
const NOT_RUN = new Map([
  ["npm ci", "reinstalls node_modules of the checkout this suite is running from; CI's .ci/run runs it before the suite"],
  ["npm test", "the suite this test belongs to: CI's .ci/run runs it"],
]);

/** The README's ```sh blocks, each as its commands (backslash continuations joined). */
function readmeShellBlocks(): string[][] {
  const readme = readFileSync("README.md", "utf8");
  return [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => (m[1] ?? "").replace(/\\\n\s*/g, "").split("\n").filter((l) => l.trim() !== ""));
}

/** `first && second` with the commands listed in NOT_RUN removed; fails for a command not accounted for. */
function runnablePart(command: string): string {
  const parts = command.split(" && ").filter((part) => !NOT_RUN.has(part.trim()));
  return parts.join(" && ");
}

/** A directory laid out like a built checkout, for `npm start` to run in with `./data` of its own. */
function checkoutLikeDir(root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  copyFileSync("package.json", join(dir, "package.json"));
  for (const linked of ["dist", "web", "node_modules"]) symlinkSync(join(CHECKOUT, linked), join(dir, linked));
  return dir;
}

/** Values from the first start's report ("project id      : ..."). */
function reported(output: string, label: string): string {
  const value = new RegExp(`^\\s*${label}\\s*:\\s*(\\S+)`, "m").exec(output)?.[1];
  assert.ok(value, `the first start reports ${label}:\n${output}`);
  return value;
}

/** Runs one README line with bash in `cwd`, `stdin` fed to it. */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, stdin = ""): Promise<CommandResult> {
  const started = process.hrtime.bigint();
  const child = spawn("bash", ["-c", script], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stdin.end(stdin);
  return new Promise((resolveRun, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolveRun({ status, output, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  });
}

/** What mongosh is given on its standard input: who it is, and a write its role (readWrite@sales) allows. */
const MONGOSH_SCRIPT = 'print("USER=" + db.runCommand({ connectionStatus: 1 }).authInfo.authenticatedUsers[0].user); print("WROTE=" + db.getSiblingDB("sales").orders.insertOne({ from: "readme" }).acknowledged);\n';

function assertMongoshConnected(result: CommandResult, line: string): void {
  assert.equal(result.status, 0, `${line}\n${result.output}`);
  assert.match(result.output, /USER=CN=alice/, `${line}\n${result.output}`);
  assert.match(result.output, /WROTE=true/, `${line}\n${result.output}`);
}

/** A line only of shell variable assignments (`API=...; KEY='...'`), which later lines need. */
const ASSIGNMENTS = /^(\s*[A-Za-z_]\w*=('[^']*'|"[^"]*"|[^\s;']+)\s*;?)+\s*$/;

describe("every README command, as written", { timeout: 10 * 60_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), "certgate-readme-"));
  const shimBin = join(root, "bin");
  mkdirSync(shimBin);
  writeFileSync(join(shimBin, "certgate"), `#!/bin/sh\nexec "${process.execPath}" "${join(CHECKOUT, "dist/src/cli/main.js")}" "$@"\n`);
  chmodSync(join(shimBin, "certgate"), 0o755);
  const shellEnv = (home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: `${shimBin}:${join(CHECKOUT, "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
    HOME: home,
    MONGOSH_NO_UPDATE_CHECK: "1",
    ...extra,
  });
  const blocks = readmeShellBlocks();
  const started: RunningCertgate[] = [];
  after(async () => {
    for (const server of started) await server.stop();
    rmSync(root, { recursive: true, force: true });
  });

  const startBlock = blocks.find((b) => b.length === 1 && b[0]?.endsWith("npm start"));
  const testBlock = blocks.find((b) => b.length === 1 && b[0]?.endsWith("npm test"));
  const apiBlock = blocks.find((b) => b.some((l) => l.startsWith("curl ")));
  const cliBlock = blocks.find((b) => b.every((l) => l.startsWith("certgate ")));

  /** `npm start` (the quick start's runnable part) in a fresh checkout-like directory. */
  async function quickStart(name: string): Promise<{ dir: string; server: RunningCertgate }> {
    const dir = checkoutLikeDir(root, name);
    const command = runnablePart(startBlock?.[0] ?? "");
    assert.equal(command, "npm start");
    const server = await startInstalledCertgate("bash", ["-c", command], { cwd: dir, env: shellEnv(dir) });
    started.push(server);
    return { dir, server };
  }

  it("knows every shell block of the README", () => {
    assert.ok(startBlock && testBlock && apiBlock && cliBlock, `the quick start, test, curl and CLI blocks:\n${JSON.stringify(blocks, null, 2)}`);
    assert.equal(blocks.length, 4, `a README block this test does not run:\n${JSON.stringify(blocks, null, 2)}`);
    assert.equal(runnablePart(testBlock[0] ?? ""), "", "npm ci && npm test is only commands listed in NOT_RUN");
  });

  it("the quick start, then the curl and mongosh lines with the printed project id and key pair", async () => {
    const { dir, server } = await quickStart("quick-start");
    const output = server.output();
    const values = { "<projectId>": reported(output, "project id"), "<publicKey>": reported(output, "API public key"), "<privateKey>": reported(output, "API private key") };
    const lines = (apiBlock ?? []).map((line) => Object.entries(values).reduce((text, [placeholder, value]) => text.split(placeholder).join(value), line));
    for (const placeholder of Object.keys(values)) assert.ok((apiBlock ?? []).some((l) => l.includes(placeholder)), `the README asks to replace ${placeholder}`);
    const env = shellEnv(dir);
    const assignments: string[] = [];
    for (const line of lines) {
      if (ASSIGNMENTS.test(line)) {
        assignments.push(line);
        continue;
      }
      const script = [...assignments, line].join("\n");
      if (line.startsWith("mongosh ")) {
        assertMongoshConnected(await bash(script, dir, env, MONGOSH_SCRIPT), line);
        continue;
      }
      // The README's own condition: the cluster's connection string is there once stateName is IDLE.
      const waitsForIdle = line.includes("once stateName is IDLE");
      const { value: result } = await eventually(async () => {
        const run = await bash(script, dir, env);
        assert.equal(run.status, 0, `${line}\n${run.output}`);
        assert.doesNotMatch(run.output, /"errorCode"\s*:/, `${line}\n${run.output}`);
        if (waitsForIdle) assert.match(run.output, /"stateName"\s*:\s*"IDLE"/, run.output);
        return run;
      }, waitsForIdle ? 30_000 : 0);
      if (line.includes("> alice.pem")) {
        const pem = readFileSync(join(dir, "alice.pem"), "utf8");
        assert.match(pem, /BEGIN CERTIFICATE/);
        assert.match(pem, /PRIVATE KEY/);
      }
      if (waitsForIdle) assert.match(result.output, /mongodb:\/\/localhost:27100/);
    }
    await server.stop();
  });

  it("the certgate CLI lines, after the exports the README names, and the mongosh command they print", async () => {
    const { dir, server } = await quickStart("cli");
    const output = server.output();
    const env = shellEnv(dir, {
      CERTGATE_API_URL: reported(output, "API base URL").replace(/\/api\/atlas\/v1\.0$/, ""),
      CERTGATE_PUBLIC_API_KEY: reported(output, "API public key"),
      CERTGATE_PRIVATE_API_KEY: reported(output, "API private key"),
      CERTGATE_PROJECT_ID: reported(output, "project id"),
    });
    let printed = "";
    for (const line of cliBlock ?? []) {
      const run = await bash(line, dir, env);
      assert.equal(run.status, 0, `${line}\n${run.output}`);
      printed = run.output;
    }
    const mongosh = printed.split("\n").find((l) => l.startsWith("mongosh "));
    assert.ok(mongosh, `the last line prints a mongosh command:\n${printed}`);
    assertMongoshConnected(await bash(mongosh, dir, env, MONGOSH_SCRIPT), mongosh);
    await server.stop();
  });
});
