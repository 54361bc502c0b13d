/**
 * Runs Debian's `openssl` binary for tests that let OpenSSL judge certgate's output.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What one openssl run printed. */
export interface OpensslRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `openssl <args>` in `cwd` and returns its status and output, whatever they are. */
export function runOpenssl(args: readonly string[], cwd: string, input?: string): OpensslRun {
  const result = spawnSync("openssl", args, { cwd, input, encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `openssl <args>` and returns stdout; throws with openssl's stderr when it fails. */
export function openssl(args: readonly string[], cwd: string, input?: string): string {
  const run = runOpenssl(args, cwd, input);
  if (run.status !== 0) throw new Error(`openssl ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/** A scratch directory and a function that removes it. */
export function scratchDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `certgate-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
