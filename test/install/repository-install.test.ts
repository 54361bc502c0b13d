/**
 * certgate from the repository, as a contributor or an operator running from a clone gets it: after the
 * build, `npx certgate` in the checkout runs the checkout's own CLI, and `npm install -g` of the
 * checkout's folder (what `npm link` does, here into a temporary prefix) puts `certgate` on PATH. Both
 * must start ready with the built UI and list their commands. The install runs with `--ignore-scripts`:
 * the checkout's `prepare` would rebuild (first empty) the dist/ this very suite is running from.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCommand } from "./support/run-command.js";
import { assertHelp, assertStartsReady } from "./support/installed-checks.js";

const CHECKOUT = resolve(".");

describe("certgate run from the repository", { timeout: 10 * 60_000 }, () => {
  const globalPrefix = mkdtempSync(join(tmpdir(), "certgate-link-"));
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: "false", npm_config_offline: "true" };

  before(async () => {
    assert.ok(existsSync("dist/src/cli/main.js") && existsSync("web/dist/index.html"), "run after the build (npm test builds first)");
    const install = await runCommand("npm", ["install", "--global", "--prefix", globalPrefix, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=warn", CHECKOUT], { cwd: globalPrefix, env });
    assert.equal(install.status, 0, install.output);
  });

  after(() => rmSync(globalPrefix, { recursive: true, force: true }));

  it("npx certgate in the checkout runs the checkout's CLI, starts ready with the built UI, and prints its help", async () => {
    await assertStartsReady("npx", ["--no-install", "--prefix", CHECKOUT, "certgate"], env, "28710-28714");
    assertHelp(await runCommand("npx", ["--no-install", "certgate", "--help"], { cwd: CHECKOUT, env }));
  });

  it("npm install -g of the checkout links it: `certgate` is on PATH, starts ready with the built UI, and prints its help", async () => {
    const linked = join(globalPrefix, "lib", "node_modules", "certgate");
    assert.equal(realpathSync(linked), realpathSync(CHECKOUT), "the global package is the checkout itself");
    const pathEnv = { ...env, PATH: `${join(globalPrefix, "bin")}:${env.PATH ?? ""}` };
    await assertStartsReady("certgate", [], pathEnv, "28720-28724");
    assertHelp(await runCommand("certgate", ["--help"], { cwd: globalPrefix, env: pathEnv }));
  });
});
