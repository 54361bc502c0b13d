/** `certgate customDbRoles create|list|describe|update|delete` against a running server. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runCli, startCertgate, type CertgateServer } from "./cli-harness.js";

let server: CertgateServer;
before(async () => {
  server = await startCertgate();
});
after(() => server?.stop());

const cli = (args: string[], input?: string) => runCli(args, { env: server.env, ...(input === undefined ? {} : { input }) });

test("create from --privilege and --inheritedRole in the Atlas CLI's notation; list and describe show it", async () => {
  const created = await cli([
    "customDbRoles", "create", "orderReader",
    "--privilege", "FIND@shop.orders,find@shop.returns", "--privilege", "INSERT@shop", "--privilege", "LIST_SESSIONS",
    "--inheritedRole", "read@catalog",
  ]);
  assert.equal(created.status, 0, created.stderr);
  assert.equal(created.stdout, "Custom database role 'orderReader' successfully created.\n");

  const json = await cli(["customDbRoles", "describe", "orderReader", "-o", "json"]);
  assert.equal(json.status, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), {
    actions: [
      { action: "FIND", resources: [{ cluster: false, collection: "orders", db: "shop" }, { cluster: false, collection: "returns", db: "shop" }] },
      { action: "INSERT", resources: [{ cluster: false, collection: "", db: "shop" }] },
      { action: "LIST_SESSIONS", resources: [{ cluster: true, collection: "", db: "" }] },
    ],
    inheritedRoles: [{ db: "catalog", role: "read" }],
    roleName: "orderReader",
  });

  const list = await cli(["customDbRoles", "ls"]);
  assert.equal(list.status, 0, list.stderr);
  const lines = list.stdout.trimEnd().split("\n");
  assert.match(lines[0] ?? "", /^NAME\s+PRIVILEGES\s+INHERITED ROLES$/);
  assert.match(lines[1] ?? "", /^orderReader\s+FIND@shop\.orders, FIND@shop\.returns, INSERT@shop, LIST_SESSIONS\s+read@catalog$/);
  const listJson = JSON.parse((await cli(["customDbRoles", "list", "-o", "json"])).stdout) as { roleName: string }[];
  assert.deepEqual(listJson.map((r) => r.roleName), ["orderReader"], "a bare array, as Atlas returns it");
});

test("update replaces, --append adds; a user holding the role keeps it from being deleted", async () => {
  assert.equal((await cli(["customDbRoles", "create", "auditor", "--privilege", "FIND@logs"])).status, 0);
  const appended = await cli(["customDbRoles", "update", "auditor", "--privilege", "FIND@logs.archive,UPDATE@logs", "--append"]);
  assert.equal(appended.status, 0, appended.stderr);
  assert.equal(appended.stdout, "Custom database role 'auditor' successfully updated.\n");
  let role = JSON.parse((await cli(["customDbRoles", "get", "auditor", "-o", "json"])).stdout) as { actions: unknown[] };
  assert.deepEqual(role.actions, [
    { action: "FIND", resources: [{ cluster: false, collection: "", db: "logs" }, { cluster: false, collection: "archive", db: "logs" }] },
    { action: "UPDATE", resources: [{ cluster: false, collection: "", db: "logs" }] },
  ]);
  assert.equal((await cli(["customDbRoles", "update", "auditor", "--privilege", "REMOVE@logs"])).status, 0);
  role = JSON.parse((await cli(["customDbRoles", "get", "auditor", "-o", "json"])).stdout) as { actions: unknown[] };
  assert.deepEqual(role.actions, [{ action: "REMOVE", resources: [{ cluster: false, collection: "", db: "logs" }] }]);

  assert.equal((await cli(["dbusers", "create", "-u", "ivy", "--x509Type", "MANAGED", "--role", "auditor@admin"])).status, 0);
  const inUse = await cli(["customDbRoles", "delete", "auditor", "--force"]);
  assert.equal(inUse.status, 1);
  assert.match(inUse.stderr, /^Error: ATLAS_CUSTOM_ROLE_IN_USE_BY_USERS: /);
  assert.equal(inUse.stderr.split("\n").length, 2);

  assert.equal((await cli(["dbusers", "delete", "ivy", "--force"])).status, 0);
  const declined = await cli(["customDbRoles", "delete", "auditor"], "no\n");
  assert.equal(declined.status, 1);
  assert.match(declined.stderr, /^Error: not confirmed/m);
  const deleted = await cli(["customDbRoles", "rm", "auditor"], "y\n");
  assert.equal(deleted.status, 0, deleted.stderr);
  assert.equal(deleted.stdout, "Custom database role 'auditor' deleted\n");
  assert.equal((await cli(["customDbRoles", "create", "temp", "--privilege", "FIND@t"])).status, 0);
  assert.deepEqual(JSON.parse((await cli(["customDbRoles", "delete", "temp", "--force", "-o", "json"])).stdout), { deleted: "temp" });
  const gone = await cli(["customDbRoles", "describe", "auditor"]);
  assert.equal(gone.status, 1);
  assert.equal(gone.stderr, "Error: ATLAS_CUSTOM_ROLE_NOT_FOUND: The specified custom db role auditor does not exist.\n");
});

test("failures: duplicate name, unknown action, bad notation, nothing given", async () => {
  assert.equal((await cli(["customDbRoles", "create", "dup", "--privilege", "FIND@a"])).status, 0);
  const cases: [string[], RegExp][] = [
    [["customDbRoles", "create", "dup", "--privilege", "FIND@a"], /^Error: ATLAS_CUSTOM_ROLE_NAME_ALREADY_EXISTS: A custom role with the name dup already exists\.$/m],
    [["customDbRoles", "create", "odd", "--privilege", "FLY@a"], /^Error: --privilege "FLY@a": FLY is not an action a custom role may grant$/m],
    [["customDbRoles", "create", "odd", "--privilege", "LIST_SESSIONS@a"], /^Error: --privilege "LIST_SESSIONS@a": LIST_SESSIONS applies to the cluster only; leave out @DB$/m],
    [["customDbRoles", "create", "odd", "--privilege", "FIND@"], /^Error: --privilege "FIND@" is not ACTION\[@DB\[\.COLLECTION\]\]$/m],
    [["customDbRoles", "create", "odd", "--inheritedRole", "read@a@b"], /^Error: --inheritedRole "read@a@b" is not role\[@db\]$/m],
    [["customDbRoles", "create", "odd"], /^Error: a role needs --privilege or --inheritedRole$/m],
    [["customDbRoles", "update", "dup"], /^Error: nothing to update: pass --privilege or --inheritedRole$/m],
    [["customDbRoles", "update", "missing", "--privilege", "FIND@a", "--append"], /^Error: ATLAS_CUSTOM_ROLE_NOT_FOUND: /m],
    [["customDbRoles", "create"], /error: missing required argument 'roleName'/],
  ];
  for (const [args, expected] of cases) {
    const result = await cli(args);
    assert.equal(result.status, 1, args.join(" "));
    assert.match(result.stderr, expected, args.join(" "));
    assert.equal(result.stdout, "", args.join(" "));
  }
  const names = (JSON.parse((await cli(["customDbRoles", "list", "-o", "json"])).stdout) as { roleName: string }[]).map((r) => r.roleName);
  assert.ok(!names.includes("odd"));
});
