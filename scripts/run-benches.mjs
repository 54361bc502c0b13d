// Runs every compiled benchmark (dist/bench/*.js) in turn, each in its own Node process so one
// benchmark's threads, pools and JIT state do not colour the next one's figures.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const dir = "dist/bench";

/** The compiled benchmarks to run, or a reason there are none. */
function selectBenchmarks(filter) {
  let files;
  try {
    files = readdirSync(dir)
      .filter((name) => name.endsWith(".js") && statSync(join(dir, name)).isFile())
      .sort();
  } catch {
    return { error: `no ${dir}/ directory: run the build first (npx tsc -p .)` };
  }
  const selected = files.filter((name) => !filter || name.includes(filter));
  if (selected.length === 0) return { error: `no benchmarks found in ${dir}/${filter ? ` matching "${filter}"` : ""}` };
  return { selected };
}

const { selected, error } = selectBenchmarks(process.argv[2]);
if (error !== undefined) {
  console.error(error);
  process.exitCode = 1;
} else {
  let failed = 0;
  for (const name of selected) {
    console.log(`\n=== ${name} ===`);
    const result = spawnSync(process.execPath, [join(dir, name)], { stdio: "inherit" });
    if (result.status !== 0) {
      failed += 1;
      console.error(`${name} exited with ${result.status ?? result.signal}`);
    }
  }
  process.exitCode = failed === 0 ? 0 : 1;
}
