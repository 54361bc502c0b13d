/**
 * Threads' scheduling priorities. On Linux every thread is a task of its own with its own nice value,
 * named by its id under `/proc/thread-self`; `os.setPriority` with that id changes that thread only.
 * Elsewhere a thread's priority can't be set from Node, and the thread keeps its creator's.
 */
import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

/** The kernel's id of the calling thread, or undefined where threads aren't listed in /proc. */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** The highest nice value (lowest priority) Linux has. */
export const LOWEST_PRIORITY_NICE = 19;

/**
 * Raises the calling thread's nice value by `steps` (at most to 19), so that the kernel gives the other
 * threads of the process (and every other process) the CPU first when they compete with it. Returns the
 * thread's nice value afterwards, or undefined where this can't be done (the thread's priority then
 * stays as it was).
 */
export function lowerThreadPriority(steps: number): number | undefined {
  const tid = currentThreadId();
  if (tid === undefined) return undefined;
  try {
    if (steps <= 0) return getPriority(tid);
    setPriority(tid, Math.min(LOWEST_PRIORITY_NICE, getPriority(tid) + steps));
    return getPriority(tid);
  } catch {
    // A sandbox that denies setpriority (EPERM), or a /proc from another PID namespace (ESRCH): the
    // thread keeps its creator's priority rather than failing to start.
    return undefined;
  }
}

/**
 * Sets the nice value of thread `tid` of this process; false where that isn't allowed. Raising it (lower
 * priority) is always allowed on Linux; lowering it again needs CAP_SYS_NICE or an RLIMIT_NICE that
 * reaches `nice` (systemd's `LimitNICE=`).
 */
export function setThreadNice(tid: number, nice: number): boolean {
  try {
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
