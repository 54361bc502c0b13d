/**
 * What `npm pack` would put in the package (after the build): the CLI, the built web UI, the docs and
 * README, and nothing else: no tests, no test data, no keys or certificates, no data directory.
 * test/install/packed-install.test.ts installs the packed tarball and runs it.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { it } from "node:test";

it("the packed package holds the CLI, the built web UI and the docs, and no keys, tests or stray files", () => {
  const result = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  const [packed] = JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>;
  const files = (packed?.files ?? []).map((f) => f.path);
  for (const needed of ["package.json", "README.md", "dist/src/cli/main.js", "web/dist/index.html", "docs/operations.md"]) assert.ok(files.includes(needed), `${needed} is packed`);
  const allowed = /^(package\.json|README\.md|dist\/src\/.+\.(js|d\.ts|js\.map|d\.ts\.map|json)|web\/dist\/.+|docs\/.+)$/;
  assert.deepEqual(files.filter((f) => !allowed.test(f)), [], "only the whitelisted folders");
  assert.deepEqual(files.filter((f) => /\.(pem|key|crt|p12|pfx|db|sqlite)$/i.test(f) || /(^|\/)(test|testdata|data)\//.test(f) || /\.test\.(js|d\.ts)/.test(f)), [], "no keys, stores, tests or test data");
});
