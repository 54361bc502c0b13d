/**
 * A CPU profile of this process (client and server alike, as the scale benchmark runs both) while one
 * piece of work runs, written where `BENCH_SCALE_CPU_PROFILE` names a directory (Chrome DevTools reads
 * the `.cpuprofile` files). Without it the work just runs.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

const directory = process.env.BENCH_SCALE_CPU_PROFILE;

/** Runs `work`, profiled into `<directory>/<name>.cpuprofile` when profiling was asked for. */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (directory === undefined || directory === "") return work();
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
    const value = await work();
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(join(directory, `${name}.cpuprofile`), JSON.stringify(profile));
    return value;
  } finally {
    session.disconnect();
  }
}
