/** The longest event-loop stall while a piece of work runs, from Node's event-loop delay histogram. */
import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/** Samples every {@link RESOLUTION_MS}; a stall shorter than that is not seen. */
const RESOLUTION_MS = 2;

/** Watches the event loop of this process. */
export class StallMonitor {
  readonly #histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.#histogram.enable();
  }

  /** Runs `work` and returns its result with the longest delay (ms) the loop saw meanwhile. */
  async during<T>(work: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
    this.#histogram.reset();
    const value = await work();
    // One more turn, so a stall at the very end is sampled too.
    await new Promise((resolve) => setTimeout(resolve, RESOLUTION_MS * 2));
    const max = this.#histogram.max;
    return { value, stallMs: Number.isFinite(max) && max > 0 ? max / 1e6 : 0 };
  }

  stop(): void {
    this.#histogram.disable();
  }
}
