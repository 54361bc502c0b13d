// Runs every compiled test file under dist/ with Node's test runner.
// Unit tests sit beside the code (src/**/*.test.ts); integration tests live in test/.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith(".test.js")) out.push(path);
  }
  return out;
}

const roots = ["dist/src", "dist/test"].filter((d) => {
  try { return statSync(d).isDirectory(); } catch { return false; }
});
const filter = process.argv[2];
const files = roots.flatMap((r) => collect(r, [])).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  console.error("no test files found under dist/: did the build run?");
  process.exitCode = 1;
} else {
  const result = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
}
