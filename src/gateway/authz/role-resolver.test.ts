import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTION } from "./actions.js";
import { AuthzError } from "./authz-error.js";
import { resolveRoles, type CustomRole } from "./role-resolver.js";

function expectAuthzError(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof AuthzError && e.code === code && message.test(e.message));
}

test("inherited built-in roles are listed transitively, each once", () => {
  const { roles } = resolveRoles([{ roleName: "atlasAdmin", databaseName: "admin" }, { roleName: "readWriteAnyDatabase", databaseName: "admin" }]);
  const names = roles.map((r) => `${r.role}@${r.db}`);
  for (const expected of ["atlasAdmin@admin", "readWriteAnyDatabase@admin", "readAnyDatabase@admin", "dbAdminAnyDatabase@admin", "clusterMonitor@admin", "read@config", "read@local", "backup@admin", "__queryableBackup@admin", "enableSharding@admin"]) {
    assert.ok(names.includes(expected), `${expected} in ${names.join(", ")}`);
  }
  assert.equal(new Set(names).size, names.length);
});

test("dbOwner inherits readWrite, dbAdmin and userAdmin on its own database", () => {
  const { roles, privileges } = resolveRoles([{ roleName: "dbOwner", databaseName: "sales" }]);
  assert.deepEqual(roles.map((r) => `${r.role}@${r.db}`), ["dbOwner@sales", "readWrite@sales", "dbAdmin@sales", "userAdmin@sales"]);
  assert.ok(privileges.canNamespace("sales", "orders", ACTION.insert));
  assert.ok(privileges.canDatabase("sales", ACTION.createUser));
  assert.ok(!privileges.canNamespace("hr", "orders", ACTION.find));
});

test("admin-only roles granted elsewhere and unknown roles are refused by name", () => {
  expectAuthzError(() => resolveRoles([{ roleName: "readAnyDatabase", databaseName: "sales" }]), "UNKNOWN_ROLE", /readAnyDatabase@sales.*only be granted on admin/);
  expectAuthzError(() => resolveRoles([{ roleName: "superuser", databaseName: "admin" }]), "UNKNOWN_ROLE", /"superuser@admin" does not exist/);
});

test("only read and readWrite can be scoped to a collection", () => {
  expectAuthzError(() => resolveRoles([{ roleName: "dbAdmin", databaseName: "sales", collectionName: "orders" }]), "INVALID_SCOPE", /dbAdmin.*sales\.orders/);
  const { roles } = resolveRoles([{ roleName: "read", databaseName: "sales", collectionName: "orders" }]);
  assert.deepEqual(roles, [{ role: "read", db: "sales", collection: "orders" }]);
});

const reporting: CustomRole = {
  roleName: "reporting",
  actions: [
    { action: "FIND", resources: [{ db: "sales", collection: "orders" }, { db: "sales", collection: "customers" }] },
    { action: "COLL_STATS", resources: [{ db: "sales", collection: "" }] },
    { action: "SERVER_STATUS", resources: [{ cluster: true }] },
    { action: "OUT_TO_S3", resources: [{ db: "sales", collection: "" }] },
  ],
  inheritedRoles: [{ role: "read", db: "hr" }],
};

test("a custom role grants its actions on its resources and its inherited roles", () => {
  const { privileges, roles } = resolveRoles([{ roleName: "reporting", databaseName: "admin" }], [reporting]);
  assert.ok(privileges.canNamespace("sales", "orders", ACTION.find));
  assert.ok(privileges.canNamespace("sales", "customers", ACTION.find));
  assert.ok(!privileges.canNamespace("sales", "invoices", ACTION.find), "FIND was granted on two collections only");
  assert.ok(privileges.canNamespace("sales", "invoices", ACTION.collStats), "COLL_STATS on the whole database");
  assert.ok(privileges.canCluster(ACTION.serverStatus));
  assert.ok(privileges.canNamespace("hr", "staff", ACTION.find), "inherited read@hr");
  assert.deepEqual(roles.map((r) => `${r.role}@${r.db}`), ["reporting@admin", "read@hr"]);
});

test("custom roles inherit other custom roles, several levels deep", () => {
  const base: CustomRole = { roleName: "base", actions: [{ action: "INSERT", resources: [{ db: "logs", collection: "" }] }] };
  const middle: CustomRole = { roleName: "middle", inheritedRoles: [{ role: "base", db: "admin" }] };
  const top: CustomRole = { roleName: "top", inheritedRoles: [{ role: "middle", db: "admin" }, { role: "base", db: "admin" }] };
  const { privileges, roles } = resolveRoles([{ roleName: "top", databaseName: "admin" }], [base, middle, top]);
  assert.ok(privileges.canNamespace("logs", "app", ACTION.insert));
  assert.deepEqual(roles.map((r) => r.role), ["top", "middle", "base"]);
});

test("inheritance cycles are detected and the cycle is named", () => {
  const a: CustomRole = { roleName: "a", inheritedRoles: [{ role: "b", db: "admin" }] };
  const b: CustomRole = { roleName: "b", inheritedRoles: [{ role: "c", db: "admin" }] };
  const c: CustomRole = { roleName: "c", inheritedRoles: [{ role: "a", db: "admin" }] };
  expectAuthzError(() => resolveRoles([{ roleName: "a", databaseName: "admin" }], [a, b, c]), "ROLE_CYCLE", /a@admin -> b@admin -> c@admin -> a@admin/);
  const self: CustomRole = { roleName: "self", inheritedRoles: [{ role: "self", db: "admin" }] };
  expectAuthzError(() => resolveRoles([{ roleName: "self", databaseName: "admin" }], [self]), "ROLE_CYCLE", /self@admin -> self@admin/);
});

test("a diamond is not a cycle", () => {
  const leaf: CustomRole = { roleName: "leaf", actions: [{ action: "FIND", resources: [{ db: "d", collection: "" }] }] };
  const left: CustomRole = { roleName: "left", inheritedRoles: [{ role: "leaf", db: "admin" }] };
  const right: CustomRole = { roleName: "right", inheritedRoles: [{ role: "leaf", db: "admin" }] };
  const { privileges } = resolveRoles([{ roleName: "left", databaseName: "admin" }, { roleName: "right", databaseName: "admin" }], [leaf, left, right]);
  assert.ok(privileges.canNamespace("d", "c", ACTION.find));
});

test("unknown actions, built-in names and unknown inherited roles are refused", () => {
  const bad: CustomRole = { roleName: "bad", actions: [{ action: "TELEPORT", resources: [{ db: "d" }] }] };
  expectAuthzError(() => resolveRoles([{ roleName: "bad", databaseName: "admin" }], [bad]), "UNKNOWN_ACTION", /"bad" names unknown action "TELEPORT"/);
  expectAuthzError(() => resolveRoles([], [{ roleName: "read" }]), "INVALID_SCOPE", /custom role "read" has the name of a built-in role/);
  const orphan: CustomRole = { roleName: "orphan", inheritedRoles: [{ role: "ghost", db: "admin" }] };
  expectAuthzError(() => resolveRoles([{ roleName: "orphan", databaseName: "admin" }], [orphan]), "UNKNOWN_ROLE", /ghost@admin/);
});
