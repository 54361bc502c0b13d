/**
 * What every installed certgate must do, however it was installed: start with the embedded defaults in
 * an empty directory, be ready, serve the built web UI, print the first-run key, and list its commands.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CommandResult } from "./run-command.js";
import { startInstalledCertgate } from "./installed-certgate.js";

/** What GET / and the script it loads answer: the built UI, not a 503 "not built" page. */
async function assertServesBuiltUi(base: string): Promise<void> {
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  const html = await page.text();
  const script = /<script type="module"[^>]* src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, `the page loads a built script:\n${html}`);
  const js = await fetch(`${base}${script}`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get("content-type") ?? "", /javascript/);
  assert.ok((await js.text()).length > 10_000, "the script is the bundled UI");
}

/** Starts the installed certgate in an empty directory with the defaults, checks it, stops it. */
export async function assertStartsReady(file: string, args: string[], env: NodeJS.ProcessEnv, gatewayPorts: string): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), "certgate-run-"));
  try {
    const running = await startInstalledCertgate(file, [...args, "start", "--port", "0", "--gateway-ports", gatewayPorts], { cwd, env });
    try {
      const base = running.url.replace(/\/$/, "");
      const ready = await fetch(`${base}/health/ready`);
      assert.equal(ready.status, 200, running.output());
      assert.deepEqual(await ready.json(), { status: "ready", checks: { store: "ok", migrations: "ok", gateways: "ok" } });
      await assertServesBuiltUi(base);
      assert.match(running.output(), /API private key : \S+/, "the first start prints the owner API key");
      assert.ok(existsSync(join(cwd, "data", "certgate.db")), "the embedded store is under ./data");
    } finally {
      await running.stop();
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

export function assertHelp(result: CommandResult): void {
  assert.equal(result.status, 0, result.output);
  for (const command of ["start", "init", "admin", "dbusers", "clusters"]) assert.match(result.output, new RegExp(`^\\s+${command}\\b`, "m"), `--help lists ${command}`);
}
