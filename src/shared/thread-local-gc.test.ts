import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";

const MODULE = new URL("./thread-local-gc.js", import.meta.url).href;

/**
 * In a fresh Node process (the flag is process-wide), a worker churns through short-lived objects for a
 * second; returns the CPU ms that worker used and the CPU ms every other thread but the main one used
 * meanwhile (V8's helper threads, where its garbage is collected by default).
 */
function churnInWorker(collectOnOwnThread: boolean): { worker: number; helpers: number } {
  const script = `
    const { readdirSync, readFileSync } = await import("node:fs");
    const { Worker } = await import("node:worker_threads");
    if (${collectOnOwnThread}) (await import(${JSON.stringify(MODULE)})).collectGarbageOnOwnThread();
    const ticks = () => new Map(readdirSync("/proc/self/task").map((tid) => {
      const fields = readFileSync(\`/proc/self/task/\${tid}/stat\`, "utf8").split(") ")[1].split(" ");
      return [Number(tid), Number(fields[11]) + Number(fields[12])];
    }));
    const before = ticks();
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
    const after = ticks();
    const used = (t) => ((after.get(t) ?? 0) - (before.get(t) ?? 0)) * 10;
    let helpers = 0;
    for (const t of after.keys()) if (t !== process.pid && t !== tid) helpers += used(t);
    process.stdout.write(JSON.stringify({ worker: used(tid), helpers }));
    await worker.terminate();
  `;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 })) as { worker: number; helpers: number };
}

describe("collectGarbageOnOwnThread", () => {
  it("makes a worker collect its own garbage instead of V8's shared helper threads", () => {
    const shared = churnInWorker(false);
    // The measurement can see the helpers at work: by default they take a good share of a churning worker's cost.
    assert.ok(shared.helpers > shared.worker * 0.1, `by default: ${JSON.stringify(shared)}`);
    const own = churnInWorker(true);
    assert.ok(own.worker > 500, JSON.stringify(own));
    assert.ok(own.helpers < own.worker * 0.05, `collected on the worker's own thread: ${JSON.stringify(own)}`);
  });
});
