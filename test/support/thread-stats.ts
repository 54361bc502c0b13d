/** Each thread of a running process as Linux's /proc shows it: its nice value, scheduling policy and the CPU it has used. */
import { readdirSync, readFileSync } from "node:fs";

export interface ThreadStat {
  readonly tid: number;
  readonly nice: number;
  /** Linux's policy number: 0 SCHED_OTHER, 5 SCHED_IDLE, ... */
  readonly policy: number;
  readonly cpuMs: number;
}

/** Linux's number for the SCHED_IDLE policy in /proc's stat. */
export const SCHED_IDLE = 5;

/** USER_HZ: /proc counts CPU time in ticks of 1/100 s. */
const MS_PER_TICK = 10;

export function threadStats(pid: number): ThreadStat[] {
  const stats: ThreadStat[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue; // The thread ended while the list was read.
    }
    // The fields after the command name (which may hold spaces) start at field 3, the state.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    stats.push({ tid: Number(tid), nice: Number(fields[16]), policy: Number(fields[38]), cpuMs: (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK });
  }
  return stats;
}
