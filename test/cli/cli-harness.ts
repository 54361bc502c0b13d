/**
 * The administration CLI as a user runs it: a real `certgate start` in a child process over a
 * temporary data directory, and the built `certgate` CLI run as another child process against it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CERTGATE_MAIN, spawnCertgateStart, stopCertgate } from "../support/certgate-server.js";

/** The built CLI. */
export const MAIN = CERTGATE_MAIN;

/** A running server and the credentials its first start printed. */
export interface CertgateServer {
  url: string;
  orgId: string;
  projectId: string;
  publicKey: string;
  privateKey: string;
  /** A temporary directory removed with the server (config files, PEM files). */
  dir: string;
  /** The ports the server's gateways may listen on. */
  gatewayPorts: { first: number; last: number };
  /** The environment that points the CLI at this server (and at a config directory of its own). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/** What one CLI run left behind. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without any CERTGATE_* variable of the machine running the tests. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("CERTGATE_")) env[k] = v;
  return { ...env, ...extra };
}

/** Runs `certgate args...`; `input` is written to its stdin, which is then closed. */
export function runCli(args: string[], options: { env: NodeJS.ProcessEnv; input?: string }): Promise<CliResult> {
  const child = spawn(process.execPath, [MAIN, ...args], { env: options.env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
  child.stdin.end(options.input ?? "");
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`certgate ${args.join(" ")} did not finish within 60 s\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 60_000);
    child.on("error", reject);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolvePromise({ status, stdout, stderr });
    });
  });
}

/** Starts `certgate start` on a fresh data directory and waits until it listens; `env` adds server settings. */
export async function startCertgate(options: { env?: Record<string, string> } = {}): Promise<CertgateServer> {
  const dir = mkdtempSync(join(tmpdir(), "certgate-cli-admin-"));
  // Quick EC keys: these tests are about the commands, not about RSA-4096.
  // A gateway port range of its own, so servers of test files running side by side don't collide.
  const firstPort = 30_000 + Math.floor(Math.random() * 1500) * 20;
  const serverEnv = cleanEnv({
    CERTGATE_USER_KEY_ALGORITHM: "EC_P256",
    CERTGATE_CA_KEY_ALGORITHM: "EC_P256",
    CERTGATE_LOG_LEVEL: "info",
    CERTGATE_GATEWAY_PORTS: `${firstPort}-${firstPort + 19}`,
    ...options.env,
  });
  let spawned: ChildProcess | undefined;
  const { child, url, output } = await spawnCertgateStart(["--data-dir", join(dir, "data"), "--port", "0", "--host", "127.0.0.1"], serverEnv, {
    listenTimeoutMs: 60_000,
    onSpawn: (c) => (spawned = c),
  }).catch((err: unknown) => {
    spawned?.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const out = output();
  const field = (label: string) => {
    const value = new RegExp(`${label}\\s*:\\s*(\\S+)`).exec(out)?.[1];
    if (!value) throw new Error(`certgate start printed no ${label}:\n${out}`);
    return value;
  };
  const server = {
    url,
    orgId: field("organization id"),
    projectId: field("project id"),
    publicKey: field("API public key"),
    privateKey: field("API private key"),
    dir,
    gatewayPorts: { first: firstPort, last: firstPort + 19 },
  };
  return {
    ...server,
    env: cleanEnv({
      XDG_CONFIG_HOME: join(dir, "config"),
      CERTGATE_API_URL: server.url,
      CERTGATE_PUBLIC_API_KEY: server.publicKey,
      CERTGATE_PRIVATE_API_KEY: server.privateKey,
      CERTGATE_PROJECT_ID: server.projectId,
    }),
    stop: () => stopCertgate(child, 10_000).then(() => undefined).finally(() => rmSync(dir, { recursive: true, force: true })),
  };
}
