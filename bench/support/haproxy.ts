/**
 * Debian's HAProxy terminating mutual TLS in front of a plain wire server, for the gateway
 * benchmark's comparison: `verify required` against the same CA the project trusts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stopChild } from "./child-process.js";
import { portAccepts } from "../../test/support/port-accepts.js";

/** A running HAProxy. */
export interface HaproxyProcess {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `/usr/sbin/haproxy` in the foreground listening on `port`. `threads` undefined keeps
 * HAProxy's default (one thread per CPU); `tickets: false` adds `no-tls-tickets` to the bind line.
 */
export async function startHaproxy(options: { dir: string; port: number; backendPort: number; serverBundle: string; caFile: string; threads?: number; tickets?: boolean }): Promise<HaproxyProcess> {
  const config = join(options.dir, `haproxy-${options.port}.cfg`);
  writeFileSync(config, [
    "global",
    "  maxconn 4096",
    ...(options.threads === undefined ? [] : [`  nbthread ${options.threads}`]),
    "defaults",
    "  mode tcp",
    "  timeout connect 5s",
    "  timeout client 30s",
    "  timeout server 30s",
    "frontend mtls",
    `  bind 127.0.0.1:${options.port} ssl crt ${options.serverBundle} ca-file ${options.caFile} verify required${options.tickets === false ? " no-tls-tickets" : ""}`,
    "  default_backend wire",
    "backend wire",
    `  server plain 127.0.0.1:${options.backendPort}`,
    "",
  ].join("\n"));
  const child = spawn("/usr/sbin/haproxy", ["-db", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  // HAProxy prints nothing when it starts well; it is ready when its port accepts connections.
  const deadline = Date.now() + 5_000;
  while (!(await portAccepts(options.port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`haproxy did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port: options.port, child, stop: () => stopChild(child) };
}
