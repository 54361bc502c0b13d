/**
 * The systemd unit in docs/operations.md passes `systemd-analyze verify`: the unit is taken from the
 * document's `ini` block, its `ExecStart` pointed at a stand-in `certgate` on a temporary PATH (verify
 * checks that the program exists), and verified as a real file. systemd-analyze comes from Debian's
 * `systemd` package (scripts/test-setup.mjs); under CI=true its absence fails the test.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";

/** The `ini` block of the systemd section of docs/operations.md. */
function documentedUnit(): string {
  const doc = readFileSync("docs/operations.md", "utf8");
  const section = doc.split(/^## /m).find((s) => s.startsWith("systemd"));
  const block = section === undefined ? undefined : /```ini\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, "docs/operations.md has a systemd section with an ini block");
  return block;
}

const TOOL = "/usr/bin/systemd-analyze";

/** Verifies `unit` as a file, with a stand-in `certgate` on PATH; answers the exit status and the lines about the unit. */
function verify(unit: string): { status: number | null; ours: string[]; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "certgate-systemd-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "certgate"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(bin, "certgate"), 0o755);
  const file = join(dir, "certgate.service");
  writeFileSync(file, unit);
  const result = spawnSync(TOOL, ["verify", "--man=no", file], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` } });
  const output = `${result.stderr}${result.stdout}`;
  // Complaints about the host's own units do not count; anything naming ours does, warnings included.
  return { status: result.status, ours: output.split("\n").filter((l) => l.includes("certgate.service")), output };
}

it("the documented systemd unit passes systemd-analyze verify without a warning", () => {
  if (!existsSync(TOOL)) {
    assert.notEqual(process.env.CI, "true", "systemd-analyze is missing: scripts/test-setup.mjs installs Debian's systemd");
    assert.fail("systemd-analyze is missing: run scripts/test-setup.mjs as root (it installs Debian's systemd)");
  }
  const unit = documentedUnit();
  assert.match(unit, /^ExecStart=\/usr\/bin\/env certgate start$/m);
  assert.match(unit, /^\[Install\]$/m);
  const result = verify(unit);
  assert.deepEqual(result.ours, [], result.output);
  assert.equal(result.status, 0, result.output);
});

it("the same check catches a mistyped setting and a missing program", () => {
  const typo = verify(documentedUnit().replace("Restart=on-failure", "Restart=sometimes"));
  assert.equal(typo.ours.length, 1, typo.output);
  assert.match(typo.ours[0] ?? "", /restart specifier/);
  const missing = verify(documentedUnit().replace("ExecStart=/usr/bin/env certgate start", "ExecStart=/usr/bin/certgate-nowhere start"));
  assert.notEqual(missing.status, 0, missing.output);
});
