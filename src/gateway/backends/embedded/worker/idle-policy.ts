/**
 * Linux's SCHED_IDLE scheduling policy for a thread of this process. A thread under it runs only when
 * no other thread wants its CPU: any other thread waking up takes the CPU from it at once, and the
 * kernel places waking threads on a CPU running only such threads as if that CPU were idle. Nice 19
 * gives neither; it only makes the thread's share small.
 *
 * Node has no call for `sched_setscheduler`, and starting `chrt` (util-linux) for each change would cost
 * the gateway's thread a fork of the whole process (about 5 ms of CPU at 240 MB). So one small shell is
 * started once per process, and it runs `chrt` for each line written to its standard input.
 *
 * It is used only where a thread can be given its normal policy back: leaving SCHED_IDLE needs
 * CAP_SYS_NICE (or root), and so does the shell's own children. The shell proves it before it says it is
 * ready, by putting itself in SCHED_IDLE and back; where that fails, {@link IdlePolicy.start} gives
 * undefined and threads are only reniced. A thread can only be taken out of SCHED_IDLE through the
 * helper: were it killed, a worker it had put there would stay there until that worker is replaced.
 */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Socket } from "node:net";
import type { Readable, Writable } from "node:stream";

/** The shell's program: prove the round trip, say so, then one `chrt` per `<policy> <tid>` line. */
const HELPER_SCRIPT = [
  'chrt --idle -p 0 $$ >/dev/null 2>&1 && chrt --other -p 0 $$ >/dev/null 2>&1 || exit 3',
  "echo ready",
  'while read -r policy tid; do chrt "--$policy" -p 0 "$tid" >/dev/null 2>&1; done',
].join("\n");

const READY_TIMEOUT_MS = 5_000;

type Helper = ChildProcessByStdio<Writable, Readable, null>;

export class IdlePolicy {
  static #starting: Promise<IdlePolicy | undefined> | undefined;
  static #current: IdlePolicy | undefined;

  readonly #helper: Helper;
  #alive = true;

  private constructor(helper: Helper) {
    this.#helper = helper;
    helper.once("exit", () => {
      this.#alive = false;
    });
    helper.stdin.on("error", () => {
      this.#alive = false;
    });
  }

  /**
   * Starts the process's helper once (later calls share it). Undefined off Linux, without `chrt`, or
   * where threads could be put in SCHED_IDLE but not taken out again.
   */
  static start(): Promise<IdlePolicy | undefined> {
    IdlePolicy.#starting ??= process.platform === "linux" ? IdlePolicy.#spawn() : Promise.resolve(undefined);
    return IdlePolicy.#starting;
  }

  /** The started helper, once it is ready and still running. */
  static get current(): IdlePolicy | undefined {
    const current = IdlePolicy.#current;
    return current !== undefined && current.#alive ? current : undefined;
  }

  /** Puts thread `tid` of this process in SCHED_IDLE (`idle`) or back in the normal policy; done a moment later, in order. */
  set(tid: number, idle: boolean): void {
    if (!this.#alive || !Number.isSafeInteger(tid) || tid <= 0) return;
    this.#helper.stdin.write(`${idle ? "idle" : "other"} ${tid}\n`);
  }

  static #spawn(): Promise<IdlePolicy | undefined> {
    return new Promise((resolve) => {
      let helper: Helper;
      try {
        helper = spawn("sh", ["-c", HELPER_SCRIPT], { stdio: ["pipe", "pipe", "ignore"] });
      } catch {
        resolve(undefined);
        return;
      }
      let settled = false;
      const done = (policy: IdlePolicy | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        helper.stdout.destroy();
        if (policy === undefined) helper.kill();
        // From here on the helper never keeps the process alive; it ends when its standard input closes with the process.
        helper.unref();
        (helper.stdin as Socket).unref();
        IdlePolicy.#current = policy;
        resolve(policy);
      };
      const timer = setTimeout(() => done(undefined), READY_TIMEOUT_MS);
      let said = "";
      helper.stdout.setEncoding("utf8");
      helper.stdout.on("data", (chunk: string) => {
        said += chunk;
        if (said.includes("ready\n")) done(new IdlePolicy(helper));
      });
      helper.once("error", () => done(undefined));
      helper.once("exit", () => done(undefined));
    });
  }
}
