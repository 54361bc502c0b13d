/**
 * The one way the integration tests run a real certgate: the built CLI (`dist/src/cli/main.js`) in a
 * child process. `certgateInit` runs `certgate init --json`, `spawnCertgateStart` runs `certgate start`
 * and resolves once the "certgate listening" log line names the URL, `stopCertgate` ends it with
 * SIGTERM (SIGKILL after a grace period). The harnesses in test/gateway, test/ui, test/cli, test/api
 * and test/alerts build on these.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from "node:child_process";
import { resolve } from "node:path";
import { OWN_THREAD_GC_FLAG } from "../../src/shared/thread-local-gc.js";

/** The built CLI. */
export const CERTGATE_MAIN = resolve("dist/src/cli/main.js");

/** Quick EC P-256 keys and no master key: the tests are about certgate's behaviour, not about RSA-4096. */
export const QUICK_KEYS_ENV = {
  CERTGATE_USER_KEY_ALGORITHM: "EC_P256",
  CERTGATE_CA_KEY_ALGORITHM: "EC_P256",
  CERTGATE_MASTER_KEY: "",
} as const;

/** Runs `certgate args...` synchronously (60 s limit). */
export function runCertgateSync(args: string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CERTGATE_MAIN, ...args], { encoding: "utf8", env, timeout: 60_000 });
}

/** What `certgate init --json` printed. */
export interface InitReport {
  orgId: string;
  projectId: string;
  publicKey: string;
  privateKey: string;
  ownerEmail: string;
  ownerPassword: string;
}

/** Runs `certgate init --data-dir <dataDir> --json`; throws if it fails. */
export function certgateInit(dataDir: string, env: NodeJS.ProcessEnv): InitReport {
  const init = runCertgateSync(["init", "--data-dir", dataDir, "--json"], env);
  if (init.status !== 0) throw new Error(`certgate init failed: ${init.stderr}`);
  return JSON.parse(init.stdout) as InitReport;
}

/** A `certgate start` child that logged its URL. */
export interface StartedCertgate {
  child: ChildProcess;
  /** The server's base URL, from its "listening" log line. */
  url: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Resolves once the process has printed `text` (at once if it already has); rejects if it exits first. */
  printed(text: string): Promise<void>;
}

/**
 * Spawns `certgate start args...` with Node's flags as the `certgate` command has them (`--single-threaded-gc`) and `nodeArgs` (e.g. `--cpu-prof`), and resolves once it logs "certgate listening"; rejects if it exits
 * first or does not listen within `listenTimeoutMs` (the child is left running then: callers clean up).
 */
export function spawnCertgateStart(
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { listenTimeoutMs?: number; onSpawn?: (child: ChildProcess) => void; nodeArgs?: string[] } = {},
): Promise<StartedCertgate> {
  const child = spawn(process.execPath, [OWN_THREAD_GC_FLAG, ...(options.nodeArgs ?? []), CERTGATE_MAIN, "start", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  options.onSpawn?.(child);
  const timeoutMs = options.listenTimeoutMs ?? 30_000;
  let out = "";
  const waiters = new Set<{ text: string; resolve: () => void }>();
  const printed = (text: string): Promise<void> =>
    out.includes(text)
      ? Promise.resolve()
      : new Promise((resolvePrinted, rejectPrinted) => {
          const waiter = { text, resolve: resolvePrinted };
          waiters.add(waiter);
          child.once("exit", () => {
            if (waiters.delete(waiter)) rejectPrinted(new Error(`certgate exited before printing ${JSON.stringify(text)}:\n${out}`));
          });
        });
  return new Promise<StartedCertgate>((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`certgate start did not listen within ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    let started = false;
    // Each chunk is searched where a match could newly be (its text and the few characters before it),
    // never the whole output again: a benchmark's server prints two lines per request.
    const onData = (chunk: Buffer) => {
      const from = out.length;
      out += chunk.toString("utf8");
      for (const waiter of waiters) {
        if (out.includes(waiter.text, Math.max(0, from - waiter.text.length + 1))) {
          waiters.delete(waiter);
          waiter.resolve();
        }
      }
      if (started) return;
      const line = out.split("\n").find((l) => l.includes('"msg":"certgate listening"'));
      if (line) {
        started = true;
        clearTimeout(timer);
        resolveStarted({ child, url: (JSON.parse(line) as { url: string }).url, output: () => out, printed });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`certgate start exited with ${code}:\n${out}`));
    });
  });
}

/** Resolves with the child's exit code once it has exited (null when a signal ended it). */
export function certgateExited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(child.exitCode) : child.once("exit", (code) => r(code))));
}

/**
 * Sends SIGTERM, then SIGKILL after `graceMs` (Infinity: never), and resolves with the exit code; a
 * child that already exited just reports its code.
 */
export async function stopCertgate(child: ChildProcess, graceMs = 5_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = certgateExited(child);
  child.kill("SIGTERM");
  const timer = Number.isFinite(graceMs) ? setTimeout(() => child.kill("SIGKILL"), graceMs) : undefined;
  const code = await exited;
  clearTimeout(timer);
  return code;
}
