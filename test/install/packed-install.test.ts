/**
 * The packed package as an operator gets it: `npm pack` of the built checkout, installed from the
 * tarball twice, side by side, into temporary directories: globally (`npm install -g --prefix`, so
 * `certgate` is a command on PATH) and into a project (`npm install <tarball>`, run with `npx
 * certgate`). Each install resolves the dependencies from the registry as a user's would and builds
 * better-sqlite3's native module from source against Node's local headers. Then each installed
 * `certgate start`, with the embedded defaults in a fresh working directory, must be ready and serve
 * the built web UI, and `certgate --help` must list the commands.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCommand } from "./support/run-command.js";
import { assertHelp, assertStartsReady } from "./support/installed-checks.js";

const CHECKOUT = resolve(".");
const INSTALL_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=warn"];

/** The environment of the npm commands: Node's own headers for node-gyp when the machine has them. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: "false" };
  if (!env.npm_config_nodedir && existsSync("/usr/include/node/node.h")) env.npm_config_nodedir = "/usr";
  return env;
}

describe("the packed tarball installed and run", { timeout: 30 * 60_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), "certgate-pack-"));
  const globalPrefix = join(root, "global");
  const project = join(root, "project");
  const env = npmEnv();
  let tarball = "";

  before(async () => {
    assert.ok(existsSync("dist/src/cli/main.js") && existsSync("web/dist/index.html"), "run after the build (npm test builds first)");
    const pack = await runCommand("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", root], { cwd: CHECKOUT, env });
    assert.equal(pack.status, 0, pack.output);
    const [packed] = JSON.parse(pack.output.slice(pack.output.indexOf("["))) as Array<{ filename: string }>;
    tarball = join(root, packed?.filename ?? "");
    assert.ok(existsSync(tarball), `npm pack wrote ${tarball}`);
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "uses-certgate", version: "1.0.0", private: true }));
    const [globalInstall, projectInstall] = await Promise.all([
      runCommand("npm", ["install", "--global", "--prefix", globalPrefix, ...INSTALL_FLAGS, tarball], { cwd: root, env }),
      runCommand("npm", ["install", ...INSTALL_FLAGS, tarball], { cwd: project, env }),
    ]);
    process.stdout.write(`# npm pack ${pack.seconds.toFixed(1)} s; npm install -g ${globalInstall.seconds.toFixed(1)} s; npm install (project) ${projectInstall.seconds.toFixed(1)} s, side by side\n`);
    assert.equal(globalInstall.status, 0, globalInstall.output);
    assert.equal(projectInstall.status, 0, projectInstall.output);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it("installs the built CLI and web UI and no checkout files", () => {
    const installed = join(globalPrefix, "lib", "node_modules", "certgate");
    assert.ok(existsSync(join(installed, "web", "dist", "index.html")));
    assert.ok(existsSync(join(installed, "dist", "src", "cli", "main.js")));
    for (const stray of ["src", "test", "bench", "data", "package-lock.json", "tsconfig.json"]) assert.ok(!existsSync(join(installed, stray)), `${stray} is not installed`);
    assert.equal((JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { version: string }).version, JSON.parse(readFileSync("package.json", "utf8")).version);
  });

  it("npm install -g: `certgate` is on PATH, starts ready with the built UI, and prints its help", async () => {
    const pathEnv = { ...env, PATH: `${join(globalPrefix, "bin")}:${env.PATH ?? ""}` };
    await assertStartsReady("certgate", [], pathEnv, "28700-28704");
    assertHelp(await runCommand("certgate", ["--help"], { cwd: root, env: pathEnv }));
  });

  it("npm install in a project: `npx certgate` starts ready with the built UI, and prints its help", async () => {
    const projectEnv = { ...env, npm_config_offline: "true" };
    await startFromProject(projectEnv);
    assertHelp(await runCommand("npx", ["--no-install", "certgate", "--help"], { cwd: project, env: projectEnv }));
  });

  /** `npx` runs the project's own bin; it is started from the project so it resolves there. */
  async function startFromProject(projectEnv: NodeJS.ProcessEnv): Promise<void> {
    const bin = join(project, "node_modules", ".bin", "certgate");
    assert.ok(existsSync(bin), "the project has node_modules/.bin/certgate");
    await assertStartsReady("npx", ["--no-install", "--prefix", project, "certgate"], projectEnv, "28705-28709");
  }
});
