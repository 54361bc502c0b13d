// Runs every compiled benchmark (dist/bench/*.js) in turn, each in its own Node process so one
// benchmark's threads, pools and JIT state do not colour the next one's figures.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const dir = "dist/bench";
let files;
try {
  files = readdirSync(dir)
    .filter((name) => name.endsWith(".js") && statSync(join(dir, name)).isFile())
    .sort();
} catch {
  console.error(`no ${dir}/ directory: run the build first (npx tsc -p .)`);
  process.exit(1);
}
const filter = process.argv[2];
const selected = files.filter((name) => !filter || name.includes(filter));
if (selected.length === 0) {
  console.error(`no benchmarks found in ${dir}/${filter ? ` matching "${filter}"` : ""}`);
  process.exit(1);
}
let failed = 0;
for (const name of selected) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, [join(dir, name)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${name} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
