/** The non-Node clients of the matrix: where they are, and how the Go and C scenarios are built (offline). */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { SCRIPTS_DIR } from "./run-script.js";

const run = promisify(execFile);

/** Debian's python3 with python3-pymongo. */
export const PYTHON = "/usr/bin/python3";
/** The mongosh of the repository's dev dependencies. */
export const MONGOSH = fileURLToPath(new URL("../../../../node_modules/.bin/mongosh", import.meta.url));

/**
 * Builds a Go program of the scripts folder (the matrix scenario by default) in GOPATH mode against
 * Debian's golang-mongodb-mongo-driver-dev under /usr/share/gocode, without the network (GOPROXY=off).
 */
export async function buildGoScenario(dir: string, script = "go_scenario.go"): Promise<string> {
  const source = join(dir, "src", "scenario");
  mkdirSync(source, { recursive: true });
  copyFileSync(join(SCRIPTS_DIR, script), join(source, "main.go"));
  const binary = join(dir, "go-scenario");
  const env = { ...process.env, GOPATH: `${dir}:/usr/share/gocode`, GO111MODULE: "off", GOFLAGS: "", GOPROXY: "off" };
  await run("go", ["build", "-o", binary, "."], { cwd: source, env, timeout: 300_000 });
  return binary;
}

/** Compiles a C program of the scripts folder (the matrix scenario by default) against libmongoc (pkg-config libmongoc-1.0). */
export async function buildCScenario(dir: string, script = "c_scenario.c"): Promise<string> {
  const { stdout } = await run("pkg-config", ["--cflags", "--libs", "libmongoc-1.0"]);
  const binary = join(dir, "c-scenario");
  await run("cc", ["-Wall", "-Werror", "-o", binary, join(SCRIPTS_DIR, script), ...stdout.trim().split(/\s+/)], { timeout: 120_000 });
  return binary;
}
