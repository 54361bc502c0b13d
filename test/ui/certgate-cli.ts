/**
 * A real certgate as an operator runs it: `certgate init --json` then `certgate start`, the built CLI
 * in a child process over a temporary data directory (EC P-256 keys so issuing stays quick).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const MAIN = resolve("dist/src/cli/main.js");

/** What `certgate init --json` printed. */
export interface InitReport {
  orgId: string;
  projectId: string;
  publicKey: string;
  privateKey: string;
  ownerEmail: string;
  ownerPassword: string;
}

/** A running `certgate start`. */
export interface CertgateCli {
  dir: string;
  init: InitReport;
  /** The server's base URL, from its "listening" log line. */
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** Runs init then start; `gatewayPorts` is the clusters' port range (`first-last`). */
export async function startCertgateCli(options: { gatewayPorts?: string } = {}): Promise<CertgateCli> {
  const dir = mkdtempSync(join(tmpdir(), "certgate-ui-cli-"));
  const dataDir = join(dir, "data");
  const env = {
    ...process.env,
    CERTGATE_USER_KEY_ALGORITHM: "EC_P256",
    CERTGATE_CA_KEY_ALGORITHM: "EC_P256",
    CERTGATE_MASTER_KEY: "",
    ...(options.gatewayPorts ? { CERTGATE_GATEWAY_PORTS: options.gatewayPorts } : {}),
  };
  const init = spawnSync(process.execPath, [MAIN, "init", "--data-dir", dataDir, "--json"], { encoding: "utf8", env, timeout: 60_000 });
  if (init.status !== 0) throw new Error(`certgate init failed: ${init.stderr}`);
  const report = JSON.parse(init.stdout) as InitReport;

  const child: ChildProcess = spawn(process.execPath, [MAIN, "start", "--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`certgate start did not listen within 30 s:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const line = out.split("\n").find((l) => l.includes('"msg":"certgate listening"'));
      if (line) {
        clearTimeout(timer);
        resolveUrl((JSON.parse(line) as { url: string }).url);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`certgate start exited with ${code}:\n${out}`));
    });
  }).catch((err: unknown) => {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });

  return {
    dir,
    init: report,
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
