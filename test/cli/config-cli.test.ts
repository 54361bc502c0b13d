/**
 * Where the administration commands find the server, key and project: `certgate config` profiles
 * (file mode 0600), `--profile`, the CERTGATE_* variables over the profile, flags over both.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

let server: CertgateServer;
before(async () => {
  server = await startCertgate();
});
after(() => server?.stop());

/** An environment with no CERTGATE_* variables and a config directory of its own. */
function bareEnv(name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cleanEnv({ XDG_CONFIG_HOME: join(server.dir, name), ...extra });
}

test("config init with flags writes a 0600 profile; commands then need no variables", async () => {
  const env = bareEnv("flags");
  const init = await runCli(
    ["config", "init", "--apiUrl", `${server.url}/api/atlas/v1.0`, "--publicApiKey", server.publicKey, "--privateApiKey", server.privateKey, "--projectId", server.projectId],
    { env },
  );
  assert.equal(init.status, 0, init.stderr);
  const path = join(server.dir, "flags", "certgate", "config.json");
  assert.equal(init.stdout, `Profile 'default' saved to ${path}.\n`);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), {
    profiles: { default: { apiUrl: `${server.url}/api/atlas/v1.0`, publicApiKey: server.publicKey, privateApiKey: server.privateKey, projectId: server.projectId } },
  });

  const created = await runCli(["dbusers", "create", "-u", "via-profile", "--x509Type", "MANAGED", "--role", "read@a"], { env });
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stdout, "Database user 'via-profile' successfully created.\n");

  const described = await runCli(["config", "describe"], { env });
  assert.equal(described.status, 0, described.stderr);
  assert.match(described.stdout, /^SETTING\s+VALUE$/m);
  assert.match(described.stdout, new RegExp(`^publicApiKey\\s+${server.publicKey}$`, "m"));
  assert.match(described.stdout, new RegExp(`^privateApiKey\\s+\\*+${server.privateKey.slice(-4)}$`, "m"));
  assert.ok(!described.stdout.includes(server.privateKey), "the private key is masked");
});

test("config init asks for what the flags don't give, from piped stdin; named profiles with --profile", async () => {
  const env = bareEnv("prompts");
  const init = await runCli(["config", "init", "--profile", "lab", "-o", "json"], {
    env,
    input: `${server.url}\n${server.publicKey}\n${server.privateKey}\n${server.projectId}\n`,
  });
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stderr, /API URL \(e\.g\. http:\/\/localhost:8080\): Public API key: Private API key: Default project id: /);

  const noDefault = await runCli(["dbusers", "list"], { env });
  assert.equal(noDefault.status, 1);
  assert.equal(noDefault.stderr, "Error: no API URL: set CERTGATE_API_URL (e.g. http://localhost:8080) or run `certgate config init`\n");

  const withProfile = await runCli(["dbusers", "list", "-P", "lab"], { env });
  assert.equal(withProfile.status, 0, withProfile.stderr);
  assert.doesNotThrow(() => JSON.parse(withProfile.stdout), "the profile's output format is json");
  const viaVariable = await runCli(["dbusers", "list", "-o", "table"], { env: { ...env, CERTGATE_PROFILE: "lab" } });
  assert.match(viaVariable.stdout, /^USERNAME\s+DATABASE/, "--output wins over the profile");

  // Answering with Enter keeps the current values.
  const keep = await runCli(["config", "init", "--profile", "lab", "--projectId", "111111111111111111111111"], { env, input: "\n\n\n" });
  assert.equal(keep.status, 0, keep.stderr);
  assert.match(keep.stderr, new RegExp(`API URL \\(e\\.g\\. http://localhost:8080\\) \\[${server.url.replace(/[.]/g, "\\.")}\\]: `));
  assert.match(keep.stderr, /Private API key \[keep current\]: /);
  assert.ok(!keep.stderr.includes(server.privateKey));
  const moved = await runCli(["dbusers", "list", "-P", "lab"], { env });
  assert.equal(moved.status, 1);
  assert.match(moved.stderr, /^Error: GROUP_NOT_FOUND: No group with ID 111111111111111111111111 exists\.$/m);

  const list = await runCli(["config", "list"], { env });
  assert.equal(list.stdout, "PROFILE\nlab\n");
  const listJson = await runCli(["config", "ls", "-o", "json"], { env });
  assert.deepEqual(JSON.parse(listJson.stdout), ["lab"]);
  const deleted = await runCli(["config", "delete", "lab"], { env });
  assert.equal(deleted.stdout, "Profile 'lab' deleted.\n");
  assert.equal((await runCli(["config", "list"], { env })).stdout, "PROFILE\n");

  const ended = await runCli(["config", "init", "--apiUrl", server.url], { env, input: "only-one-answer\n" });
  assert.equal(ended.status, 1);
  assert.match(ended.stderr, /Error: no answer to "Private API key": stdin ended \(pass the value as a flag instead\)\n$/);
});

test("variables win over the profile and --projectId wins over both", async () => {
  const dir = join(server.dir, "precedence", "certgate");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "config.json"),
    JSON.stringify({ profiles: { default: { apiUrl: "http://127.0.0.1:1", publicApiKey: server.publicKey, privateApiKey: "wrong", projectId: "222222222222222222222222" } } }),
  );
  const env = bareEnv("precedence");
  const fromProfile = await runCli(["dbusers", "list"], { env });
  assert.equal(fromProfile.status, 1);
  assert.equal(fromProfile.stderr, "Error: cannot reach certgate at http://127.0.0.1:1: ECONNREFUSED\n");

  const withUrl = await runCli(["dbusers", "list"], { env: { ...env, CERTGATE_API_URL: server.url } });
  assert.equal(withUrl.status, 1);
  assert.match(withUrl.stderr, /^Error: [A-Z_]+: /, "the profile's wrong private key is refused");
  const withKey = { ...env, CERTGATE_API_URL: server.url, CERTGATE_PRIVATE_API_KEY: server.privateKey };
  const projectFromProfile = await runCli(["dbusers", "list"], { env: withKey });
  assert.equal(projectFromProfile.stderr, "Error: GROUP_NOT_FOUND: No group with ID 222222222222222222222222 exists.\n");
  const projectFromVariable = await runCli(["dbusers", "list"], { env: { ...withKey, CERTGATE_PROJECT_ID: server.projectId } });
  assert.equal(projectFromVariable.status, 0, projectFromVariable.stderr);
  const projectFromFlag = await runCli(["dbusers", "list", "--projectId", server.projectId], { env: withKey });
  assert.equal(projectFromFlag.status, 0, projectFromFlag.stderr);
});

test("missing or broken settings are one clear line", async () => {
  const env = bareEnv("missing", { CERTGATE_API_URL: server.url });
  const cases: [NodeJS.ProcessEnv, string[], string][] = [
    [env, ["dbusers", "list"], "Error: no API key: set CERTGATE_PUBLIC_API_KEY and CERTGATE_PRIVATE_API_KEY or run `certgate config init`\n"],
    [{ ...env, CERTGATE_PUBLIC_API_KEY: server.publicKey, CERTGATE_PRIVATE_API_KEY: server.privateKey }, ["dbusers", "list"], "Error: no project: pass --projectId, set CERTGATE_PROJECT_ID or add projectId to the profile\n"],
    [{ ...env, CERTGATE_API_URL: "localhost:8080", CERTGATE_PUBLIC_API_KEY: "a", CERTGATE_PRIVATE_API_KEY: "b", CERTGATE_PROJECT_ID: server.projectId }, ["dbusers", "list"], 'Error: the API URL "localhost:8080" must start with http:// or https://\n'],
    [env, ["dbusers", "list", "--profile", "nope"], `Error: no profile "nope" in ${join(server.dir, "missing", "certgate", "config.json")}; create it with \`certgate config init --profile nope\`\n`],
    [env, ["config", "describe", "nope"], `Error: no profile "nope" in ${join(server.dir, "missing", "certgate", "config.json")}\n`],
    [env, ["config", "init", "--apiUrl", "ftp://x", "--publicApiKey", "a", "--privateApiKey", "b", "--projectId", "c"], 'Error: the API URL must start with http:// or https://, got "ftp://x"\n'],
  ];
  for (const [caseEnv, args, expected] of cases) {
    const result = await runCli(args, { env: caseEnv });
    assert.equal(result.status, 1, args.join(" "));
    assert.equal(result.stderr, expected, args.join(" "));
    assert.equal(result.stdout, "");
  }
  const brokenDir = join(server.dir, "broken", "certgate");
  mkdirSync(brokenDir, { recursive: true });
  writeFileSync(join(brokenDir, "config.json"), "{not json");
  const broken = await runCli(["dbusers", "list"], { env: bareEnv("broken") });
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, new RegExp(`^Error: ${join(brokenDir, "config.json")} is not valid JSON: `));
});
