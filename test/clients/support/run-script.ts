/** Runs a client scenario program and parses the transcript it prints as its last stdout line. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The folder of the scenario programs (test/clients/scripts in the source tree). */
export const SCRIPTS_DIR = fileURLToPath(new URL("../../../../test/clients/scripts/", import.meta.url));

/** Environment of one scenario run. */
export interface ScenarioEnv {
  PORT: string;
  CA: string;
  ADMIN_CERT: string;
  READER_CERT: string;
  DB: string;
}

/** Runs `file args`; resolves with the parsed last line, rejects with the program's stderr. */
export function runScenarioProgram(file: string, args: readonly string[], env: ScenarioEnv & Record<string, string>, cwd?: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: { ...process.env, ...env }, cwd, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${file} ${args.join(" ")} failed: ${error.message}\n${stderr}\n${stdout}`));
        return;
      }
      const lines = stdout.trim().split("\n");
      try {
        const parsed = JSON.parse(lines[lines.length - 1] ?? "") as unknown[] | { t: unknown[] };
        resolve(Array.isArray(parsed) ? parsed : parsed.t);
      } catch {
        reject(new Error(`${file} printed no transcript:\n${stdout}\n${stderr}`));
      }
    });
  });
}
