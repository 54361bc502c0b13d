/** `certgate dbusers create|list|describe|update|delete` against a running server. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

let server: CertgateServer;
before(async () => {
  server = await startCertgate();
});
after(() => server?.stop());

const cli = (args: string[], input?: string) => runCli(args, { env: server.env, ...(input === undefined ? {} : { input }) });

test("create a MANAGED user with a built-in role argument and --role, then describe it as a table and as JSON", async () => {
  const created = await cli(["dbusers", "create", "readAnyDatabase", "--username", "alice", "--x509Type", "MANAGED", "--role", "readWrite@app"]);
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stdout, "Database user 'alice' successfully created.\n");
  assert.equal(created.stderr, "");

  const table = await cli(["dbusers", "describe", "alice"]);
  assert.equal(table.status, 0, table.stderr);
  const [header, row, ...rest] = table.stdout.trimEnd().split("\n");
  assert.match(header ?? "", /^USERNAME\s+DATABASE\s+X509 TYPE\s+ROLES\s+SCOPES$/);
  assert.match(row ?? "", /^alice\s+\$external\s+MANAGED\s+readAnyDatabase@admin, readWrite@app$/);
  assert.deepEqual(rest, []);

  const json = await cli(["dbusers", "get", "alice", "-o", "json"]);
  assert.equal(json.status, 0, json.stderr);
  const user = JSON.parse(json.stdout) as Record<string, unknown>;
  assert.equal(user.databaseName, "$external");
  assert.equal(user.x509Type, "MANAGED");
  assert.equal(user.groupId, server.projectId);
  assert.deepEqual(user.roles, [
    { databaseName: "admin", roleName: "readAnyDatabase" },
    { databaseName: "app", roleName: "readWrite" },
  ]);
});

test("a CUSTOMER user named by a DN with a collection role and scopes; list shows every user", async () => {
  const dn = "CN=bob, OU=eng,O=Acme";
  const created = await cli(["dbusers", "create", "-u", dn, "--x509Type", "CUSTOMER", "--role", "read@sales.orders,read@hr", "--scope", "c1,lake:DATA_LAKE", "-o", "json"]);
  assert.equal(created.status, 0, created.stderr);
  const user = JSON.parse(created.stdout) as { username: string; roles: unknown[]; scopes: unknown[] };
  assert.equal(user.username, "CN=bob,OU=eng,O=Acme", "the server stores the canonical DN");
  assert.equal(created.stderr, "", "a DN in RFC 2253 order gets no warning");

  const reversed = await cli(["dbusers", "create", "-u", "C=US, O=MongoDB, OU=Eng, CN=client2", "--x509Type", "CUSTOMER", "--role", "read@hr"]);
  assert.equal(reversed.status, 0, reversed.stderr);
  assert.match(reversed.stderr, /^Warning: This DN looks like OpenSSL's display order .* most specific part first: CN=client2,OU=Eng,O=MongoDB,C=US\. /);
  assert.equal((await cli(["dbusers", "delete", "C=US,O=MongoDB,OU=Eng,CN=client2", "--force"])).status, 0);
  assert.deepEqual(user.roles, [
    { collectionName: "orders", databaseName: "sales", roleName: "read" },
    { databaseName: "hr", roleName: "read" },
  ]);
  assert.deepEqual(user.scopes, [
    { name: "c1", type: "CLUSTER" },
    { name: "lake", type: "DATA_LAKE" },
  ]);

  const scram = await cli(["dbusers", "create", "--username", "carol", "--password", "s3cret-pass", "--role", "readWrite@app"]);
  assert.equal(scram.status, 0, scram.stderr);

  const list = await cli(["dbusers", "ls"]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^CN=bob,OU=eng,O=Acme\s+\$external\s+CUSTOMER\s+read@sales\.orders, read@hr\s+c1:CLUSTER, lake:DATA_LAKE$/m);
  assert.match(list.stdout, /^carol\s+admin\s+NONE\s+readWrite@app$/m);

  const json = await cli(["dbusers", "list", "-o", "json", "--limit", "1", "--page", "2"]);
  assert.equal(json.status, 0, json.stderr);
  const page = JSON.parse(json.stdout) as { results: unknown[]; totalCount: number };
  assert.equal(page.results.length, 1);
  assert.ok(page.totalCount >= 3);

  const described = await cli(["dbusers", "describe", dn, "--authDB", "$external", "-o", "json"]);
  assert.equal(described.status, 0, described.stderr);
  assert.equal((JSON.parse(described.stdout) as { username: string }).username, "CN=bob,OU=eng,O=Acme");
  const admin = await cli(["dbusers", "describe", "carol"]);
  assert.match(admin.stdout, /^carol\s+admin\s/m, "without --authDB a user only in admin is found too");
});

test("update replaces the roles; delete asks first and needs --force or a yes", async () => {
  assert.equal((await cli(["dbusers", "create", "--username", "dave", "--x509Type", "MANAGED", "--role", "read@a"])).status, 0);
  const updated = await cli(["dbusers", "update", "dave", "--role", "readWrite@b", "--description", "batch job"]);
  assert.equal(updated.status, 0, updated.stderr);
  assert.equal(updated.stdout, "Successfully updated database user 'dave'.\n");
  const after = JSON.parse((await cli(["dbusers", "describe", "dave", "-o", "json"])).stdout) as { roles: unknown[]; description: string };
  assert.deepEqual(after.roles, [{ databaseName: "b", roleName: "readWrite" }]);
  assert.equal(after.description, "batch job");

  const declined = await cli(["dbusers", "delete", "dave"], "n\n");
  assert.equal(declined.status, 1);
  assert.match(declined.stderr, /Are you sure you want to delete: dave \[y\/N\]/);
  assert.match(declined.stderr, /^Error: not confirmed: nothing was changed \(pass --force to skip the question\)$/m);
  assert.equal((await cli(["dbusers", "describe", "dave"])).status, 0, "still there");

  const confirmed = await cli(["dbusers", "delete", "dave"], "y\n");
  assert.equal(confirmed.status, 0, confirmed.stderr);
  assert.equal(confirmed.stdout, "DB user 'dave' deleted\n");

  assert.equal((await cli(["dbusers", "create", "--username", "erin", "--x509Type", "MANAGED", "--role", "read@a"])).status, 0);
  const forced = await cli(["dbusers", "rm", "erin", "--force"]);
  assert.equal(forced.stdout, "DB user 'erin' deleted\n");
  assert.equal((await cli(["dbusers", "create", "--username", "fay", "--x509Type", "MANAGED", "--role", "read@a"])).status, 0);
  const asJson = await cli(["dbusers", "delete", "fay", "--force", "-o", "json"]);
  assert.deepEqual(JSON.parse(asJson.stdout), { deleted: "fay", databaseName: "$external" });
  const gone = await cli(["dbusers", "describe", "erin"]);
  assert.equal(gone.status, 1);
  assert.equal(gone.stdout, "");
  assert.equal(gone.stderr, "Error: USERNAME_NOT_FOUND: No user with username erin exists.\n");
});

test("LDAP, AWS IAM and temporary SCRAM users: --ldapType, --awsIAMType and --deleteAfter reach the API", async () => {
  const ldap = await cli(["dbusers", "create", "-u", "CN=lara,OU=people,DC=example,DC=com", "--ldapType", "USER", "--role", "read@a", "-o", "json"]);
  assert.equal(ldap.status, 0, ldap.stderr);
  const ldapUser = JSON.parse(ldap.stdout) as Record<string, unknown>;
  assert.equal(ldapUser.ldapAuthType, "USER");
  assert.equal(ldapUser.databaseName, "$external");
  const group = await cli(["dbusers", "create", "-u", "CN=dbas,OU=groups,DC=example,DC=com", "--ldapType", "GROUP", "--role", "read@a", "-o", "json"]);
  assert.equal(group.status, 0, group.stderr);
  assert.equal((JSON.parse(group.stdout) as Record<string, unknown>).databaseName, "admin", "LDAP groups live in admin");
  const aws = await cli(["dbusers", "create", "-u", "arn:aws:iam::123456789012:user/app", "--awsIAMType", "USER", "--role", "read@a", "-o", "json"]);
  assert.equal(aws.status, 0, aws.stderr);
  assert.equal((JSON.parse(aws.stdout) as Record<string, unknown>).awsIAMType, "USER");

  const until = new Date(Date.now() + 2 * 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const temporary = await cli(["dbusers", "create", "-u", "temp", "--password", "long-enough-1", "--role", "read@a", "--deleteAfter", until, "-o", "json"]);
  assert.equal(temporary.status, 0, temporary.stderr);
  const temp = JSON.parse(temporary.stdout) as Record<string, unknown>;
  assert.equal(temp.deleteAfterDate, until);
  assert.equal(temp.password, undefined, "the password is never shown");
  const x509Temp = await cli(["dbusers", "create", "-u", "tx", "--x509Type", "MANAGED", "--role", "read@a", "--deleteAfter", until]);
  assert.equal(x509Temp.status, 1);
  assert.match(x509Temp.stderr, /^Error: ATLAS_X509_USER_CANNOT_BE_TEMPORARY: /);
});

test("a missing user is one error line, and with --output json the API's error body too", async () => {
  for (const args of [["dbusers", "describe", "nobody"], ["dbusers", "delete", "nobody", "--force"], ["dbusers", "update", "nobody", "--role", "read@a"]]) {
    const result = await cli(args);
    assert.equal(result.status, 1, args.join(" "));
    assert.equal(result.stderr, "Error: USERNAME_NOT_FOUND: No user with username nobody exists.\n", args.join(" "));
    assert.equal(result.stdout, "");
  }
  const json = await cli(["dbusers", "describe", "nobody", "-o", "json"]);
  assert.equal(json.status, 1);
  assert.deepEqual(JSON.parse(json.stdout), {
    detail: "No user with username nobody exists.",
    error: 404,
    errorCode: "USERNAME_NOT_FOUND",
    parameters: ["nobody"],
    reason: "Not Found",
  });
  assert.equal(json.stderr, "Error: USERNAME_NOT_FOUND: No user with username nobody exists.\n");
});

test("a role that doesn't exist and a duplicate user are refused by the server", async () => {
  const role = await cli(["dbusers", "create", "--username", "frank", "--x509Type", "MANAGED", "--role", "noSuchRole@app"]);
  assert.equal(role.status, 1);
  assert.equal(role.stderr, "Error: ATLAS_INVALID_ROLE: The specified role noSuchRole@app does not exist.\n");
  const wrongDb = await cli(["dbusers", "create", "--username", "frank", "--x509Type", "MANAGED", "--role", "readWriteAnyDatabase@app"]);
  assert.equal(wrongDb.status, 1);
  assert.match(wrongDb.stderr, /^Error: ATLAS_INVALID_ROLE_DATABASE: /);
  assert.equal((await cli(["dbusers", "create", "--username", "gina", "--x509Type", "MANAGED", "--role", "read@a"])).status, 0);
  const again = await cli(["dbusers", "create", "--username", "gina", "--x509Type", "MANAGED", "--role", "read@a"]);
  assert.equal(again.status, 1);
  assert.equal(again.stderr, "Error: USER_ALREADY_EXISTS: A user with username gina already exists.\n");
});

test("bad flags fail before any request, saying what is wrong", async () => {
  const cases: [string[], RegExp][] = [
    [["dbusers", "create", "--username", "h", "--role", "read@a", "--x509Type", "FOO"], /argument 'FOO' is invalid\. Allowed choices are NONE, MANAGED, CUSTOMER\./],
    [["dbusers", "create", "--username", "h", "--x509Type", "MANAGED"], /^Error: missing role for the user/m],
    [["dbusers", "create", "--x509Type", "MANAGED", "--role", "read@a"], /required option '-u, --username <username>' not specified/],
    [["dbusers", "create", "-u", "h", "--x509Type", "MANAGED", "--password", "longenough", "--role", "read@a"], /^Error: can't supply both \$external authentication and password$/m],
    [["dbusers", "create", "-u", "h", "--role", "read@a"], /^Error: a SCRAM user needs --password/m],
    [["dbusers", "create", "superUser", "-u", "h", "--x509Type", "MANAGED"], /^Error: "superUser" is not a built-in role/m],
    [["dbusers", "create", "-u", "h", "--x509Type", "MANAGED", "--role", "read@"], /^Error: --role "read@" is not roleName\[@dbName\[\.collection\]\]$/m],
    [["dbusers", "create", "-u", "h", "--x509Type", "MANAGED", "--role", "read@a", "--scope", "c:x:y"], /^Error: --scope "c:x:y" is not name\[:type\]$/m],
    [["dbusers", "list", "--colour"], /error: unknown option '--colour'/],
    [["dbusers", "list", "-o", "yaml"], /^Error: --output must be one of table, json, got "yaml"$/m],
    [["dbusers", "update", "alice"], /^Error: nothing to update/m],
    [["dbusers", "describe"], /error: missing required argument 'username'/],
    [["dbusers", "frobnicate"], /error: unknown command 'frobnicate'/],
  ];
  for (const [args, expected] of cases) {
    const result = await cli(args);
    assert.equal(result.status, 1, args.join(" "));
    assert.match(result.stderr, expected, args.join(" "));
    assert.equal(result.stdout, "", args.join(" "));
  }
  const users = JSON.parse((await cli(["dbusers", "list", "-o", "json"])).stdout) as { results: { username: string }[] };
  assert.ok(!users.results.some((u) => u.username === "h"), "no failed command created a user");
});

test("list --usernameContains filters as the web UI's search does: part of the name, any letter case, paged", async () => {
  for (const name of ["Search-Alpha", "search-beta", "unrelated"]) {
    const created = await cli(["dbusers", "create", "readAnyDatabase", "--username", name, "--x509Type", "MANAGED"]);
    assert.equal(created.status, 0, created.stderr);
  }
  const found = await cli(["dbusers", "list", "--usernameContains", "SEARCH-"]);
  assert.equal(found.status, 0, found.stderr);
  const names = found.stdout.trimEnd().split("\n").slice(1).map((line) => line.split(/\s+/)[0]);
  assert.deepEqual(names, ["Search-Alpha", "search-beta"]);

  const page = JSON.parse((await cli(["dbusers", "list", "--usernameContains", "search", "--limit", "1", "--page", "2", "-o", "json"])).stdout) as { results: { username: string }[]; totalCount: number };
  assert.deepEqual(page.results.map((u) => u.username), ["search-beta"]);
  assert.equal(page.totalCount, 2, "totalCount counts the matches");

  const none = await cli(["dbusers", "list", "--usernameContains", "zzz"]);
  assert.equal(none.status, 0, none.stderr);
  assert.equal(none.stdout, "No database user's name contains \"zzz\".\n");
  const past = await cli(["dbusers", "list", "--usernameContains", "search", "--page", "3", "--limit", "1"]);
  assert.equal(past.stdout, "No database users on page 3; the project has 2 matching.\n");
});
