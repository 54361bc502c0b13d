/** CPU time of other processes, read from Linux's /proc, for per-operation server costs. */
import { readdirSync, readFileSync } from "node:fs";

// USER_HZ: /proc reports CPU time in clock ticks of 1/100 s on Linux.
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds `pid` has used so far. */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** The pid of the process whose command line contains every one of `parts`, if there is one. */
export function findProcess(...parts: string[]): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (parts.every((part) => cmdline.includes(part))) return Number(entry);
    } catch {
      // The process ended while the list was read.
    }
  }
  return undefined;
}

/** CPU seconds used by all of `pids` so far. */
export function totalCpuSeconds(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
}

/**
 * CPU seconds `pid` has used so far, split between its main thread and all its other threads (libuv's
 * threadpool, V8's helpers, worker threads). Read from each thread's schedstat, which the scheduler
 * keeps in nanoseconds (stat's figures are 10 ms ticks).
 */
export function threadCpuSeconds(pid: number): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let seconds: number;
    try {
      seconds = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1e9;
    } catch {
      continue; // The thread ended while the list was read; its time is in the process's total, not here.
    }
    if (Number(tid) === pid) main += seconds;
    else others += seconds;
  }
  return { main, others };
}
