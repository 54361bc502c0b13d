/**
 * A real certgate as an operator runs it: `certgate init --json` then `certgate start`, the built CLI
 * in a child process over a temporary data directory (EC P-256 keys so issuing stays quick).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { certgateInit, QUICK_KEYS_ENV, spawnCertgateStart, stopCertgate, type InitReport } from "../support/certgate-server.js";

export type { InitReport };

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
    ...QUICK_KEYS_ENV,
    ...(options.gatewayPorts ? { CERTGATE_GATEWAY_PORTS: options.gatewayPorts } : {}),
  };
  const report = certgateInit(dataDir, env);

  let spawned: ChildProcess | undefined;
  const { child, url, output } = await spawnCertgateStart(["--data-dir", dataDir, "--port", "0", "--host", "127.0.0.1"], env, { onSpawn: (c) => (spawned = c) }).catch((err: unknown) => {
    if (spawned !== undefined && spawned.exitCode === null) spawned.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });

  return {
    dir,
    init: report,
    url,
    output,
    async stop() {
      await stopCertgate(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
