/** Latency samples of an operation run in a loop, and their percentiles. */

/** Runs `operation` one call after another until `stop()` says so; returns each call's latency in ms. */
export async function latencyLoop(operation: (i: number) => Promise<unknown>, stop: () => boolean): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; !stop(); i++) {
    const started = process.hrtime.bigint();
    await operation(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

/** The `p`-th percentile (0 < p <= 100) of `samples`, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
