/**
 * `certgate completion bash|zsh`: the generated scripts loaded into real bash and zsh, whose
 * completion functions are then called the way each shell calls them.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv, runCli } from "./cli-harness.js";

let dir: string;
const scripts: Record<"bash" | "zsh", string> = { bash: "", zsh: "" };
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "certgate-completion-"));
  for (const shell of ["bash", "zsh"] as const) {
    const result = await runCli(["completion", shell], { env: cleanEnv() });
    assert.equal(result.status, 0, result.stderr);
    scripts[shell] = join(dir, `certgate.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** What bash completes for the command line `words` (the last one being completed). */
function bashComplete(words: string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const out = execFileSync(
    "bash",
    ["-c", `source "$1"; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _certgate; printf '%s\\n' "\${COMPREPLY[@]}"`, "bash", scripts.bash],
    { encoding: "utf8" },
  );
  return out.split("\n").filter((w) => w !== "");
}

/** What zsh's `_certgate` offers for `words`: compadd and _files stand in for the completion system's own. */
function zshComplete(words: string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(" ");
  const out = execFileSync(
    "zsh",
    ["-f", "-c", `compadd() { [[ "$1" == -- ]] && shift; print -rl -- "$@"; }; _files() { print -r -- '<files>'; }; source "$1"; words=(${quoted}); CURRENT=${words.length}; _certgate`, "zsh", scripts.zsh],
    { encoding: "utf8" },
  );
  // compadd gets every candidate; the shell would filter them by the typed prefix.
  const prefix = words[words.length - 1] ?? "";
  return out.split("\n").filter((w) => w !== "" && (w === "<files>" || w.startsWith(prefix)));
}

const cases: { words: string[]; includes: string[]; excludes?: string[] }[] = [
  { words: ["certgate", ""], includes: ["dbusers", "security", "customDbRoles", "config", "completion", "start", "init"] },
  { words: ["certgate", "dbusers", "c"], includes: ["create", "certs", "cert"], excludes: ["list", "delete"] },
  { words: ["certgate", "dbuser", "certs", "create", "--"], includes: ["--username", "--monthsUntilExpiration", "--out", "--projectId", "--output", "--profile", "--help"] },
  { words: ["certgate", "dbusers", "create", "--username", "alice", "--x509Type", ""], includes: ["NONE", "MANAGED", "CUSTOMER"], excludes: ["create", "--role"] },
  { words: ["certgate", "dbusers", "create", "--x509Type", "M"], includes: ["MANAGED"], excludes: ["CUSTOMER"] },
  { words: ["certgate", "security", "customerCerts", ""], includes: ["create", "describe", "disable"] },
  { words: ["certgate", "customDbRoles", "update", "r1", "--a"], includes: ["--append"] },
  { words: ["certgate", "dbusers", "import", "--format", ""], includes: ["csv", "json"] },
  { words: ["certgate", "completion", ""], includes: ["bash", "zsh"] },
];

test("bash: subcommands, aliases, flags of the command typed so far and a flag's choices", () => {
  for (const c of cases) {
    const got = bashComplete(c.words);
    for (const w of c.includes) assert.ok(got.includes(w), `${c.words.join(" ")} -> ${w} in ${got.join(" ")}`);
    for (const w of c.excludes ?? []) assert.ok(!got.includes(w), `${c.words.join(" ")} -> not ${w}`);
  }
  assert.deepEqual(bashComplete(["certgate", "security", "customerCerts", "create", "--casFile", ""]), [], "a file flag leaves it to bash's file names");
  const registered = execFileSync("bash", ["-c", 'source "$1"; complete -p certgate', "bash", scripts.bash], { encoding: "utf8" });
  assert.equal(registered.trim(), "complete -o default -F _certgate certgate");
});

test("zsh: the same candidates, file names for a file flag, and compdef registration after compinit", () => {
  for (const c of cases) {
    const got = zshComplete(c.words);
    for (const w of c.includes) assert.ok(got.includes(w), `${c.words.join(" ")} -> ${w} in ${got.join(" ")}`);
    for (const w of c.excludes ?? []) assert.ok(!got.includes(w), `${c.words.join(" ")} -> not ${w}`);
  }
  assert.deepEqual(zshComplete(["certgate", "security", "customerCerts", "create", "--casFile", ""]), ["<files>"]);
  const registered = execFileSync(
    "zsh",
    ["-f", "-c", `autoload -Uz compinit && compinit -u -d "$2"; source "$1"; print -r -- "$_comps[certgate]"`, "zsh", scripts.zsh, join(dir, "zcompdump")],
    { encoding: "utf8" },
  );
  assert.equal(registered.trim(), "_certgate");
});

test("an unknown shell is refused", async () => {
  const fish = await runCli(["completion", "fish"], { env: cleanEnv() });
  assert.equal(fish.status, 1);
  assert.match(fish.stderr, /error: command-argument value 'fish' is invalid for argument 'shell'\. Allowed choices are bash, zsh\./);
  assert.equal(fish.stdout, "");
});
