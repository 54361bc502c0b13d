/** Runs the real `curl` binary for the API tests. */
import { spawn } from "node:child_process";

/** What curl printed and its exit code. */
export interface CurlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command line through `sh -c` (used to run the seed's curl command exactly as written). */
export function runShell(command: string): Promise<CurlResult> {
  return collect(spawn("sh", ["-c", command], { stdio: ["ignore", "pipe", "pipe"] }));
}

/** Runs curl with an argument list. */
export function runCurl(args: string[]): Promise<CurlResult> {
  return collect(spawn("curl", args, { stdio: ["ignore", "pipe", "pipe"] }));
}

function collect(child: ReturnType<typeof spawn>): Promise<CurlResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Splits the `--write-out '\n%{http_code}'` trailer off curl's stdout. */
export function splitStatus(stdout: string): { body: string; status: number } {
  const cut = stdout.lastIndexOf("\n");
  return { body: stdout.slice(0, cut), status: Number(stdout.slice(cut + 1)) };
}
