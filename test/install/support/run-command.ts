/**
 * Runs a command to completion without blocking the test process (so two installs can run side by
 * side), collecting its output; the result says how long it took.
 */
import { spawn } from "node:child_process";

export interface CommandResult {
  status: number | null;
  output: string;
  seconds: number;
}

/** Runs `file args...` in `cwd` with `env`; never rejects on a non-zero exit (callers assert on it). */
export function runCommand(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CommandResult> {
  const started = process.hrtime.bigint();
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, output, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  });
}
