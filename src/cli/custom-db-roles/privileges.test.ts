import { test } from "node:test";
import assert from "node:assert/strict";
import { parseInheritedRoles, parsePrivileges, privilegeText } from "./privileges.js";

test("parsePrivileges: no database is the cluster; one action per name with its distinct resources", () => {
  const actions = parsePrivileges(["find@shop.orders", "FIND@shop", "FIND@shop.orders", "LIST_SESSIONS", "INSERT@shop.a.b"]);
  assert.deepEqual(actions, [
    { action: "FIND", resources: [{ db: "shop", collection: "orders" }, { db: "shop" }] },
    { action: "LIST_SESSIONS", resources: [{ cluster: true }] },
    { action: "INSERT", resources: [{ db: "shop", collection: "a.b" }] },
  ]);
  assert.deepEqual(privilegeText(actions), ["FIND@shop.orders", "FIND@shop", "LIST_SESSIONS", "INSERT@shop.a.b"]);
  for (const bad of ["FIND@", "", "FI ND@x", "@db"]) assert.throws(() => parsePrivileges([bad]), /is not ACTION\[@DB\[\.COLLECTION\]\]/, bad);
});

test("parsePrivileges refuses actions the API would refuse: unknown names and unsuitable resources", () => {
  assert.throws(() => parsePrivileges(["FLY@shop"]), /FLY is not an action a custom role may grant/);
  assert.throws(() => parsePrivileges(["FIND"]), /FIND applies to a database or collection/);
  assert.throws(() => parsePrivileges(["LIST_SESSIONS@shop"]), /LIST_SESSIONS applies to the cluster only/);
  assert.deepEqual(parsePrivileges(["CREATE_SEARCH_INDEX@shop", "CHANGE_STREAM", "CHANGE_STREAM@shop"]), [
    { action: "CREATE_SEARCH_INDEX", resources: [{ db: "shop" }] },
    { action: "CHANGE_STREAM", resources: [{ cluster: true }, { db: "shop" }] },
  ]);
});

test("parsePrivileges and parseInheritedRoles append to what a role has, without duplicates and without changing it", () => {
  const current = [{ action: "FIND", resources: [{ db: "logs" }] }];
  assert.deepEqual(parsePrivileges(["FIND@logs", "FIND@logs.archive"], current), [{ action: "FIND", resources: [{ db: "logs" }, { db: "logs", collection: "archive" }] }]);
  assert.deepEqual(current, [{ action: "FIND", resources: [{ db: "logs" }] }], "the input is left alone");
  assert.deepEqual(parseInheritedRoles(["read@a", "clusterMonitor"], [{ role: "read", db: "a" }]), [
    { role: "read", db: "a" },
    { role: "clusterMonitor", db: "admin" },
  ]);
  for (const bad of ["@a", "read@", "read@a@b"]) assert.throws(() => parseInheritedRoles([bad]), /is not role\[@db\]/, bad);
});
