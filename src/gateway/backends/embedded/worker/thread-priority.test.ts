import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { getPriority } from "node:os";
import { describe, it } from "node:test";

const MODULE = new URL("./thread-priority.js", import.meta.url).href;

/**
 * Lowers a thread's priority to 19 and asks for `base` back, as a worker does around a long operation,
 * in a Node child running as `nobody`, with CAP_SYS_NICE or without: what a service sees.
 */
function demoteAndRestoreAsNobody(capSysNice: boolean, base: number): { base: number | undefined; demoted: boolean; restored: boolean; nice: number } {
  const script = `
    const { Worker } = await import("node:worker_threads");
    const worker = new Worker(\`
      const { parentPort } = await import("node:worker_threads");
      const { getPriority } = await import("node:os");
      const { lowerThreadPriority, setThreadNice, currentThreadId } = await import(${JSON.stringify(MODULE)});
      const base = lowerThreadPriority(${base});
      const demoted = setThreadNice(currentThreadId(), 19);
      const restored = setThreadNice(currentThreadId(), ${base});
      parentPort.postMessage({ base, demoted, restored, nice: getPriority(currentThreadId()) });
    \`, { eval: true });
    worker.once("message", (m) => { process.stdout.write(JSON.stringify(m)); void worker.terminate(); });
  `;
  const caps = capSysNice ? ["--inh-caps=+sys_nice", "--ambient-caps=+sys_nice"] : [];
  // The child starts at nice 0 whatever this runner's nice, so `base` steps land where the test expects.
  const asNobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", ...caps, process.execPath, "--input-type=module", "-e", script];
  const out = execFileSync("nice", ["-n", String(-getPriority()), ...asNobody], { encoding: "utf8", timeout: 20_000 });
  return JSON.parse(out) as { base: number | undefined; demoted: boolean; restored: boolean; nice: number };
}

describe("a thread's priority without privileges", () => {
  // The child drops from root to nobody, as the suite's setup (apt-get, slapd) already runs as root.
  const asRoot = (): void => assert.equal(process.getuid?.(), 0, "these tests start a child as nobody, which needs root");

  it("can always be lowered, but is not raised again without CAP_SYS_NICE", () => {
    asRoot();
    assert.deepEqual(demoteAndRestoreAsNobody(false, 10), { base: 10, demoted: true, restored: false, nice: 19 });
  });

  it("comes back from 19 to the worker's nice with CAP_SYS_NICE (systemd AmbientCapabilities=CAP_SYS_NICE)", () => {
    asRoot();
    assert.deepEqual(demoteAndRestoreAsNobody(true, 10), { base: 10, demoted: true, restored: true, nice: 10 });
  });
});
