/**
 * Lowers an embedded cluster's worker thread to the lowest priority (nice 19) while one operation has
 * kept it busy for longer than `afterMs`, so that a runaway query of one tenant yields the CPU to the
 * other tenants' workers as well as to the gateway's thread; the worker gets its own priority back when
 * that operation's reply arrives. It is done from the gateway's thread, which may renice any thread of
 * the process, so it also reaches an operation stuck in one step that never returns to a check (a
 * regular expression backtracking within one match). Raising the priority again needs CAP_SYS_NICE (or
 * root); where that is refused the worker stays at nice 19, and nothing more is changed. Where the
 * process has it, the demoted worker is also put in SCHED_IDLE (`idle-policy.ts`), so that it runs only
 * on a CPU nothing else wants.
 */
import { getPriority } from "node:os";
import { IdlePolicy } from "./idle-policy.js";
import { LOWEST_PRIORITY_NICE, setThreadNice } from "./thread-priority.js";

export class LongOperationDemotion {
  readonly #afterMs: number;
  /** The id of the operation the worker is running now (positive), or a state below 1. */
  readonly #running: () => number;
  /** Whether any operation is waiting for its reply. */
  readonly #outstanding: () => boolean;
  #tid: number | undefined;
  #ownNice: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastSeen = 0;
  #demotedOperation = 0;
  /** The policy helper that put the demoted worker in SCHED_IDLE, which must take it out again. */
  #idledBy: IdlePolicy | undefined;
  #mayRestore = true;

  constructor(afterMs: number, running: () => number, outstanding: () => boolean) {
    this.#afterMs = afterMs;
    this.#running = running;
    this.#outstanding = outstanding;
    if (afterMs > 0) void IdlePolicy.start();
  }

  /** A worker thread (kernel id `tid`, undefined where unknown) started, or the last one went away: nothing is watched until {@link watch}. */
  attach(tid: number | undefined): void {
    this.stop();
    this.#tid = tid;
    this.#ownNice = tid === undefined ? undefined : niceOf(tid);
    this.#demotedOperation = 0;
    this.#idledBy = undefined;
    this.#mayRestore = true;
  }

  /**
   * An operation was sent: look at the worker every `afterMs` until a look finds nothing outstanding (so a
   * steady stream of short operations keeps one timer rather than making and clearing one each).
   */
  watch(): void {
    if (this.#afterMs <= 0 || this.#timer !== undefined || this.#tid === undefined) return;
    this.#timer = setInterval(() => this.#look(), this.#afterMs);
    this.#timer.unref();
  }

  /** Stops looking (the backend closes, or its worker is replaced). */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#lastSeen = 0;
  }

  /** The reply to operation `id` arrived. */
  answered(id: number): void {
    if (id !== this.#demotedOperation || this.#tid === undefined || this.#ownNice === undefined) return;
    this.#demotedOperation = 0;
    this.#idledBy?.set(this.#tid, false);
    this.#idledBy = undefined;
    this.#mayRestore = setThreadNice(this.#tid, this.#ownNice);
  }

  /** The same operation seen running at two looks in a row has run for at least `afterMs`. */
  #look(): void {
    if (!this.#outstanding()) {
      this.stop();
      return;
    }
    const running = this.#running();
    const long = running > 0 && running === this.#lastSeen;
    this.#lastSeen = running;
    if (!long || this.#demotedOperation !== 0 || !this.#mayRestore || this.#tid === undefined) return;
    if (this.#ownNice === undefined || this.#ownNice >= LOWEST_PRIORITY_NICE) return;
    if (!setThreadNice(this.#tid, LOWEST_PRIORITY_NICE)) return;
    this.#demotedOperation = running;
    this.#idledBy = IdlePolicy.current;
    this.#idledBy?.set(this.#tid, true);
  }
}

function niceOf(tid: number): number | undefined {
  try {
    return getPriority(tid);
  } catch {
    return undefined;
  }
}
