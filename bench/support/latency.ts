/** Latency samples of an operation run in a loop, and their percentiles. */

/**
 * Runs `operation` one call after another until `stop()` says so; returns each call's latency in ms.
 * `startedAt`, when given, receives each call's start (`performance.now()`), in the same order.
 */
export async function latencyLoop(operation: (i: number) => Promise<unknown>, stop: () => boolean, startedAt?: number[]): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; !stop(); i++) {
    startedAt?.push(performance.now());
    const started = process.hrtime.bigint();
    await operation(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

/** The `p`-th percentile of the samples started in each `windowMs` window from `from` on (a phase's timeline). */
export function windowedPercentiles(samples: readonly number[], startedAt: readonly number[], from: number, windowMs: number, p: number): number[] {
  const windows: number[][] = [];
  samples.forEach((sample, i) => {
    const index = Math.max(0, Math.floor(((startedAt[i] ?? from) - from) / windowMs));
    (windows[index] ??= []).push(sample);
  });
  return Array.from(windows, (window) => (window === undefined ? Number.NaN : percentile(window, p)));
}

/** The `p`-th percentile (0 < p <= 100) of `samples`, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
