/** `certgate security ldap save|get|verify|verify status|delete` against a running server and a real slapd. */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PEOPLE, startTestSlapd, type TestSlapd } from "../support/slapd.js";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

let server: CertgateServer;
let slapd: TestSlapd;
before(async () => {
  [server, slapd] = await Promise.all([startCertgate(), startTestSlapd()]);
});
after(async () => {
  await server?.stop();
  await slapd?.stop();
});

const cli = (args: string[], input?: string) => runCli(args, { env: server.env, ...(input === undefined ? {} : { input }) });

function serverArgs(password = slapd.readerPassword): string[] {
  const caFile = join(server.dir, "ldap-ca.pem");
  writeFileSync(caFile, slapd.caPem);
  return ["--hostname", "127.0.0.1", "--port", String(slapd.ldapsPort), "--bindUsername", slapd.readerDn, "--bindPassword", password, "--caCertificate", caFile];
}

test("save, get and delete the LDAP settings; the bind password is never printed", async () => {
  const empty = await cli(["security", "ldap", "get"]);
  assert.equal(empty.status, 0, empty.stderr);
  assert.equal(empty.stdout, `LDAP is not configured for project ${server.projectId}.\n`);

  const saved = await cli(["security", "ldap", "save", ...serverArgs(), "--authorizationEnabled", "--authenticationEnabled", "--mappingMatch", "(.+)", "--mappingSubstitution", `uid={0},${PEOPLE}`]);
  assert.equal(saved.status, 0, saved.stderr);
  assert.match(saved.stdout, /^HOSTNAME\s+PORT\s+AUTHENTICATION\s+AUTHORIZATION\s+BIND USER\s+MAPPING RULES\n127\.0\.0\.1\s+\d+\s+true\s+true\s+cn=reader,dc=example,dc=org\s+1\n$/);

  const json = await cli(["security", "ldap", "get", "-o", "json"]);
  assert.equal(json.status, 0, json.stderr);
  const ldap = (JSON.parse(json.stdout) as { ldap: Record<string, unknown> }).ldap;
  assert.deepEqual(ldap.userToDNMapping, [{ match: "(.+)", substitution: `uid={0},${PEOPLE}` }]);
  assert.equal(ldap.caCertificate, slapd.caPem);
  assert.ok(!json.stdout.includes(slapd.readerPassword), "the password is not shown");

  const refused = await cli(["security", "ldap", "save", ...serverArgs(), "--mappingMatch", "("]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /--mappingMatch needs exactly one of --mappingSubstitution and --mappingLdapQuery/);
  const invalid = await cli(["security", "ldap", "save", ...serverArgs(), "--mappingMatch", "(", "--mappingSubstitution", "x"]);
  assert.equal(invalid.status, 1);
  assert.match(invalid.stderr, /^Error: .*ldap\.userToDNMapping\[0\]\.match/m);

  const noPassword = serverArgs().slice(0, -4).concat(serverArgs().slice(-2));
  const kept = await cli(["security", "ldap", "save", ...noPassword, "--authorizationEnabled", "--mappingMatch", "(.+)", "--mappingSubstitution", `uid={0},${PEOPLE}`]);
  assert.equal(kept.status, 0, `save without --bindPassword keeps the stored one: ${kept.stderr}`);
  const noPasswordVerify = await cli(["security", "ldap", "verify", ...noPassword]);
  assert.equal(noPasswordVerify.status, 1);
  assert.match(noPasswordVerify.stderr, /required option '--bindPassword' not specified/);

  const deleted = await cli(["security", "ldap", "delete", "--force"]);
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.equal(deleted.stdout, `userToDNMapping of project ${server.projectId} was deleted.\n`);
  const after = JSON.parse((await cli(["security", "ldap", "get", "-o", "json"])).stdout) as { ldap: Record<string, unknown> };
  assert.equal(after.ldap.userToDNMapping, undefined);
  assert.equal(after.ldap.hostname, "127.0.0.1");
});

test("verify prints each check, fails with exit code 1 on a bad bind, and verify status reads the outcome back", async () => {
  const ok = await cli(["security", "ldap", "verify", ...serverArgs(), "--authzQueryTemplate", "{USER}?memberOf?base"]);
  assert.equal(ok.status, 0, ok.stderr);
  const requestId = /^([a-f0-9]{24})\s/m.exec(ok.stdout)?.[1];
  assert.ok(requestId, ok.stdout);
  assert.match(ok.stdout, new RegExp(`^${requestId}\\s+${server.projectId}\\s+SUCCESS$`, "m"));
  for (const check of ["CONNECT", "AUTHENTICATE", "PARSE_AUTHZ_QUERY", "QUERY_SERVER"]) assert.match(ok.stdout, new RegExp(`^${check}\\s+OK$`, "m"));

  const bad = await cli(["security", "ldap", "verify", ...serverArgs("wrong")]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /\sFAILED\n/);
  assert.match(bad.stdout, /^VALIDATION\s+STATUS\s+REASON\nCONNECT\s+OK\nAUTHENTICATE\s+FAIL\s+bind as \S.* refused: .*LDAP result 49\)\n$/m);
  assert.doesNotMatch(ok.stdout, /REASON/, "no reason column when every check passed");

  const status = await cli(["security", "ldap", "verify", "status", requestId, "-o", "json"]);
  assert.equal(status.status, 0, status.stderr);
  const job = JSON.parse(status.stdout) as { requestId: string; status: string };
  assert.deepEqual([job.requestId, job.status], [requestId, "SUCCESS"]);
});
