import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { garbageCollectedOnOwnThread, OWN_THREAD_GC_FLAG } from "./thread-local-gc.js";

const THREAD_STATS = new URL("../../test/support/thread-stats.js", import.meta.url).href;

/**
 * In a fresh Node process (the flag is process-wide), a worker churns through short-lived objects for a
 * second; returns the CPU ms that worker used and the CPU ms every other thread but the main one used
 * meanwhile (V8's helper threads, where its garbage is collected by default).
 */
function churnInWorker(nodeFlags: string[]): { worker: number; helpers: number } {
  const script = `
    const { Worker } = await import("node:worker_threads");
    const { threadStats } = await import(${JSON.stringify(THREAD_STATS)});
    const cpuMsByThread = () => new Map(threadStats(process.pid).map((t) => [t.tid, t.cpuMs]));
    const before = cpuMsByThread();
    const worker = new Worker(\`
      const { parentPort } = await import("node:worker_threads");
      const { readlinkSync } = await import("node:fs");
      let kept = [];
      const end = Date.now() + 1000;
      while (Date.now() < end) {
        const batch = [];
        for (let i = 0; i < 100000; i++) batch.push({ i, s: "x" + i });
        kept.push(batch);
        if (kept.length > 20) kept = [];
      }
      parentPort.postMessage(Number(readlinkSync("/proc/thread-self").split("/").pop()));
      setInterval(() => {}, 1000);
    \`, { eval: true });
    const tid = await new Promise((resolve) => worker.once("message", resolve));
    const after = cpuMsByThread();
    const used = (t) => (after.get(t) ?? 0) - (before.get(t) ?? 0);
    let helpers = 0;
    for (const t of after.keys()) if (t !== process.pid && t !== tid) helpers += used(t);
    process.stdout.write(JSON.stringify({ worker: used(tid), helpers }));
    await worker.terminate();
  `;
  return JSON.parse(execFileSync(process.execPath, [...nodeFlags, "--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 })) as { worker: number; helpers: number };
}

describe("garbage collection on each thread's own time", () => {
  it("with --single-threaded-gc, a worker collects its own garbage instead of V8's shared helper threads", () => {
    const shared = churnInWorker([]);
    // The measurement can see the helpers at work: by default they take a good share of a churning worker's cost.
    assert.ok(shared.helpers > shared.worker * 0.1, `by default: ${JSON.stringify(shared)}`);
    const own = churnInWorker([OWN_THREAD_GC_FLAG]);
    assert.ok(own.worker > 500, JSON.stringify(own));
    assert.ok(own.helpers < own.worker * 0.05, `collected on the worker's own thread: ${JSON.stringify(own)}`);
  });

  it("is on the command line of the certgate command and of npm start, and is read from it", () => {
    const shebang = readFileSync("dist/src/cli/main.js", "utf8").split("\n")[0];
    assert.equal(shebang, `#!/usr/bin/env -S node ${OWN_THREAD_GC_FLAG}`);
    const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts["start"], `node ${OWN_THREAD_GC_FLAG} dist/src/cli/main.js start`);
    assert.equal(garbageCollectedOnOwnThread(["--max-old-space-size=512", OWN_THREAD_GC_FLAG]), true);
    assert.equal(garbageCollectedOnOwnThread(["--max-old-space-size=512"]), false);
  });
});
