import { test } from "node:test";
import assert from "node:assert/strict";
import { Double } from "bson";
import { connectionStatusReply } from "./connection-status.js";
import { resolveRoles } from "./role-resolver.js";

const USER = { user: "CN=client,OU=KernelUser,O=MongoDB,L=New York City,ST=New York,C=US", db: "$external" };

test("unauthenticated: empty users and roles, ok 1.0", () => {
  assert.deepEqual(connectionStatusReply(null, false), { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: new Double(1) });
  assert.deepEqual(connectionStatusReply(null, true).authInfo.authenticatedUserPrivileges, []);
});

test("authenticated: the user, its roles transitively, and privileges only on request", () => {
  const resolved = resolveRoles([{ roleName: "readWrite", databaseName: "test" }, { roleName: "readAnyDatabase", databaseName: "admin" }]);
  const plain = connectionStatusReply({ user: USER, resolved }, false);
  assert.deepEqual(plain.authInfo.authenticatedUsers, [USER]);
  assert.deepEqual(plain.authInfo.authenticatedUserRoles, [
    { role: "readWrite", db: "test" },
    { role: "readAnyDatabase", db: "admin" },
  ]);
  assert.equal(plain.authInfo.authenticatedUserPrivileges, undefined);

  const withPrivileges = connectionStatusReply({ user: USER, resolved }, true);
  const privileges = withPrivileges.authInfo.authenticatedUserPrivileges ?? [];
  assert.deepEqual(privileges.map((p) => p.resource), [
    { db: "test", collection: "" },
    { db: "test", collection: "system.js" },
    { db: "", collection: "" },
    { cluster: true },
    { db: "", collection: "system.js" },
    { db: "", system_buckets: "" },
  ]);
  assert.deepEqual(privileges[3].actions, ["listDatabases"]);
  assert.deepEqual(privileges[2].actions, ["changeStream", "collStats", "dbHash", "dbStats", "find", "killCursors", "listCollections", "listIndexes", "listSearchIndexes", "planCacheRead"]);
  assert.ok(privileges[0].actions.includes("insert") && privileges[0].actions.includes("find"));
});

test("Atlas collection-scoped roles keep their collection", () => {
  const resolved = resolveRoles([{ roleName: "read", databaseName: "sales", collectionName: "orders" }]);
  const reply = connectionStatusReply({ user: USER, resolved }, true);
  assert.deepEqual(reply.authInfo.authenticatedUserRoles, [{ role: "read", db: "sales", collection: "orders" }]);
  assert.deepEqual(reply.authInfo.authenticatedUserPrivileges, [
    { resource: { db: "sales", collection: "orders" }, actions: ["collStats", "dbHash", "find", "listIndexes"] },
  ]);
});
