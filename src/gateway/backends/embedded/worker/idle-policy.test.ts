import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { eventually } from "../../../../../test/gateway/support/eventually.js";
import { SCHED_IDLE, threadStats } from "../../../../../test/support/thread-stats.js";
import { IdlePolicy } from "./idle-policy.js";

const MODULE = new URL("./idle-policy.js", import.meta.url).href;

const policyOf = (tid: number): number | undefined => threadStats(process.pid).find((thread) => thread.tid === tid)?.policy;

/** Whether the helper starts in a Node child running as `nobody`, with CAP_SYS_NICE or without. */
function startsAsNobody(capSysNice: boolean): boolean {
  const script = `const { IdlePolicy } = await import(${JSON.stringify(MODULE)}); process.stdout.write(String((await IdlePolicy.start()) !== undefined));`;
  const caps = capSysNice ? ["--inh-caps=+sys_nice", "--ambient-caps=+sys_nice"] : [];
  const out = execFileSync("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", ...caps, process.execPath, "--input-type=module", "-e", script], { encoding: "utf8", timeout: 20_000 });
  return out === "true";
}

describe("SCHED_IDLE for a thread", () => {
  it("puts a worker thread in SCHED_IDLE and takes it out again, in the order asked", async () => {
    assert.equal(process.getuid?.(), 0, "this test needs CAP_SYS_NICE, which root has here");
    const policy = await IdlePolicy.start();
    assert.ok(policy !== undefined, "the helper did not start");
    assert.equal(IdlePolicy.current, policy);
    const worker = new Worker(`const { parentPort } = require("node:worker_threads"); const { readlinkSync } = require("node:fs"); parentPort.postMessage(Number(readlinkSync("/proc/thread-self").split("/").pop())); setInterval(() => {}, 1000);`, { eval: true });
    try {
      const tid = await new Promise<number>((resolve) => worker.once("message", resolve));
      assert.equal(policyOf(tid), 0);
      policy.set(tid, true);
      await eventually(() => (policyOf(tid) === SCHED_IDLE ? Promise.resolve() : Promise.reject(new Error(`policy ${policyOf(tid)}`))), 5_000);
      // Both changes are queued at once: the helper runs them in order, so the thread ends where the last one says.
      policy.set(tid, false);
      policy.set(tid, true);
      policy.set(tid, false);
      await eventually(() => (policyOf(tid) === 0 ? Promise.resolve() : Promise.reject(new Error(`policy ${policyOf(tid)}`))), 5_000);
      assert.equal(threadStats(process.pid).filter((thread) => thread.policy === SCHED_IDLE).length, 0, "no other thread was touched");
    } finally {
      await worker.terminate();
    }
  });

  it("is not used where a thread could not be taken out of SCHED_IDLE again (no CAP_SYS_NICE)", () => {
    assert.equal(process.getuid?.(), 0, "this test starts a child as nobody, which needs root");
    assert.equal(startsAsNobody(false), false);
    assert.equal(startsAsNobody(true), true);
  });
});
