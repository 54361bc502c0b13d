/**
 * A `certgate start` run from an installed package (its `bin` on PATH, or `npx certgate` in a project),
 * not from the checkout's dist/: resolves once the "certgate listening" log line names the URL.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface RunningCertgate {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `file args...` in `cwd`; rejects if it exits first or does not listen within 60 s. */
export function startInstalledCertgate(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunningCertgate> {
  // Its own process group, so stopping reaches certgate itself behind `npx`.
  const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), "SIGTERM");
    await exited;
  };
  return new Promise<RunningCertgate>((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), "SIGKILL");
      reject(new Error(`${file} ${args.join(" ")} did not listen within 60 s:\n${out}`));
    }, 60_000);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString("utf8");
      const line = out.split("\n").find((l) => l.includes('"msg":"certgate listening"'));
      if (!line) return;
      clearTimeout(timer);
      resolve({ child, url: (JSON.parse(line) as { url: string }).url, output: () => out, stop });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} ${args.join(" ")} exited with ${code}:\n${out}`));
    });
  });
}
