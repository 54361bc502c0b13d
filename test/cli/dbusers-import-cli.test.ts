/** `certgate dbusers import` from CSV and JSON files, with progress lines, against a running server. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

let server: CertgateServer;
before(async () => {
  server = await startCertgate();
});
after(() => server?.stop());

const cli = (args: string[]) => runCli(args, { env: server.env });

function file(name: string, text: string): string {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return path;
}

async function usernames(): Promise<string[]> {
  const list = await cli(["dbusers", "list", "-o", "json"]);
  return (JSON.parse(list.stdout) as { results: { username: string }[] }).results.map((u) => u.username).sort();
}

test("CSV: quoted DNs with commas, several roles per cell, progress on stderr for every user", async () => {
  const csv = [
    "username,x509Type,roles,scopes,description",
    'app-1,MANAGED,readWrite@app;read@reports,,"batch, nightly"',
    '"CN=svc,OU=ops,O=Acme",CUSTOMER,read@app.logs,c1,',
    "app-2,MANAGED,read@app,c1:CLUSTER c2,",
    "",
  ].join("\r\n");
  const result = await cli(["dbusers", "import", "--file", file("users.csv", csv)]);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, "[1/3] created app-1\n[2/3] created CN=svc,OU=ops,O=Acme\n[3/3] created app-2\n");
  assert.equal(result.stdout, "Imported 3 database user(s).\n");

  const svc = JSON.parse((await cli(["dbusers", "describe", "CN=svc,OU=ops,O=Acme", "-o", "json"])).stdout) as Record<string, unknown>;
  assert.equal(svc.x509Type, "CUSTOMER");
  assert.equal(svc.databaseName, "$external");
  assert.deepEqual(svc.roles, [{ collectionName: "logs", databaseName: "app", roleName: "read" }]);
  const app1 = JSON.parse((await cli(["dbusers", "describe", "app-1", "-o", "json"])).stdout) as Record<string, unknown>;
  assert.equal(app1.description, "batch, nightly");
  assert.deepEqual(app1.roles, [
    { databaseName: "app", roleName: "readWrite" },
    { databaseName: "reports", roleName: "read" },
  ]);
  const app2 = JSON.parse((await cli(["dbusers", "describe", "app-2", "-o", "json"])).stdout) as Record<string, unknown>;
  assert.deepEqual(app2.scopes, [
    { name: "c1", type: "CLUSTER" },
    { name: "c2", type: "CLUSTER" },
  ]);
});

test("JSON (what dbusers list -o json prints): failures don't stop the run, they are listed and exit 1", async () => {
  const users = [
    { username: "json-1", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
    { username: "app-1", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] },
    { username: "json-2", x509Type: "MANAGED", roles: [{ roleName: "noSuchRole", databaseName: "app" }] },
    { username: "json-3", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }], links: [{ href: "x", rel: "self" }], groupId: "ignored" },
  ];
  const result = await cli(["dbusers", "import", "-f", file("users.json", JSON.stringify({ results: users }))]);
  assert.equal(result.status, 1);
  assert.equal(
    result.stderr,
    [
      "[1/4] created json-1",
      "[2/4] failed app-1: USER_ALREADY_EXISTS: A user with username app-1 already exists.",
      "[3/4] failed json-2: ATLAS_INVALID_ROLE: The specified role noSuchRole@app does not exist.",
      "[4/4] created json-3",
      "",
    ].join("\n"),
  );
  assert.match(result.stdout, /^Imported 2 of 4 database user\(s\); 2 failed:\nUSERNAME\s+ERROR\napp-1\s+USER_ALREADY_EXISTS: .*\njson-2\s+ATLAS_INVALID_ROLE: .*\n$/);
  assert.deepEqual((await usernames()).filter((u) => u.startsWith("json-")), ["json-1", "json-3"]);

  const asJson = await cli(["dbusers", "import", "-f", file("again.json", JSON.stringify([users[0]])), "-o", "json"]);
  assert.equal(asJson.status, 1);
  assert.deepEqual(JSON.parse(asJson.stdout), [
    { username: "json-1", status: "failed", error: "USER_ALREADY_EXISTS: A user with username json-1 already exists." },
  ]);
});

test("rows the CLI can't turn into a user fail alone; bad files fail before any request", async () => {
  const csv = "username,x509Type,roles\nrow-ok,MANAGED,read@a\nrow-norole,MANAGED,\nrow-bad,MANAGED,read@\n";
  const partial = await cli(["dbusers", "import", "--file", file("partial.csv", csv)]);
  assert.equal(partial.status, 1);
  assert.equal(
    partial.stderr,
    "[1/3] created row-ok\n[2/3] failed row-norole: missing role for the user: pass --role roleName[@dbName] or a built-in role\n" +
      '[3/3] failed row-bad: --role "read@" is not roleName[@dbName[.collection]]\n',
  );

  const before = await usernames();
  const cases: [string[], string][] = [
    [["dbusers", "import", "--file", join(server.dir, "none.csv")], `Error: cannot read --file ${join(server.dir, "none.csv")}: ENOENT\n`],
    [["dbusers", "import", "--file", file("cols.csv", "username,colour\nx,red\n")], "Error: unknown CSV column(s) colour; the columns are username, x509Type, roles, scopes, description, password, ldapType, awsIAMType\n"],
    [["dbusers", "import", "--file", file("quote.csv", 'username,roles\n"x,read@a\n')], "Error: unterminated quoted field in row 2\n"],
    [["dbusers", "import", "--file", file("empty.csv", "username,roles\n")], `Error: ${join(server.dir, "empty.csv")} holds no users\n`],
    [["dbusers", "import", "--file", file("bad.json", "[{")], "Error: the file is not valid JSON: "],
    [["dbusers", "import", "--file", file("obj.json", '{"users":[]}')], "Error: the JSON file must hold an array of users (or an object with `results`)\n"],
    [["dbusers", "import", "--file", file("x.csv", "[]"), "--format", "xml"], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are csv, json.\n"],
  ];
  for (const [args, expected] of cases) {
    const result = await cli(args);
    assert.equal(result.status, 1, args.join(" "));
    assert.ok(result.stderr.startsWith(expected), `${args.join(" ")}: ${result.stderr}`);
  }
  assert.deepEqual(await usernames(), before);
});

test("the first GROUP_USERS_LIMIT_EXCEEDED stops the run with one clear message instead of one failure per remaining user", async () => {
  const existing = (await usernames()).length;
  const room = 100 - existing;
  assert.ok(room > 0 && room < 100, `the project holds ${existing} users`);
  const users = Array.from({ length: room + 40 }, (_, i) => ({ username: `limit-${String(i).padStart(3, "0")}`, x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] }));
  const result = await cli(["dbusers", "import", "-f", file("limit.json", JSON.stringify(users))]);
  assert.equal(result.status, 1);
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.filter((l) => l.includes("GROUP_USERS_LIMIT_EXCEEDED")).length, 1, result.stderr);
  assert.equal(lines.length, room + 2, "one line per created user, the failure, then the stop message");
  assert.match(lines[room] as string, new RegExp(`^\\[${room + 1}/${room + 40}\\] failed limit-\\d+: GROUP_USERS_LIMIT_EXCEEDED: `));
  assert.equal(lines[room + 1], "Stopped: the project has reached its database user limit, so the remaining 39 user(s) were not attempted. Delete users or import the rest into another project.");
  assert.match(result.stdout, new RegExp(`^Imported ${room} of ${room + 40} database user\\(s\\); 1 failed and 39 not attempted \\(user limit reached\\):\\n`));
  assert.equal((await usernames()).length, 100);
});
