import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTION } from "./actions.js";
import { PrivilegeSet } from "./privilege-set.js";
import type { ResourcePattern } from "./resource.js";

type Target = { cluster: true } | { db: string } | { db: string; coll: string };

function can(pattern: ResourcePattern, target: Target): boolean {
  const set = PrivilegeSet.from([{ resource: pattern, actions: ["find"] }]);
  if ("cluster" in target) return set.canCluster(ACTION.find);
  if ("coll" in target) return set.canNamespace(target.db, target.coll, ACTION.find);
  return set.canDatabase(target.db, ACTION.find);
}

// mongod's resource search lists (resource_pattern_search_list.h), one row per pattern x target.
const MATCHES: Array<{ pattern: ResourcePattern; target: Target; expected: boolean; why: string }> = [
  { pattern: { kind: "anyResource" }, target: { cluster: true }, expected: true, why: "anyResource matches the cluster" },
  { pattern: { kind: "anyResource" }, target: { db: "local", coll: "system.replset" }, expected: true, why: "anyResource matches system collections in local" },
  { pattern: { kind: "cluster" }, target: { cluster: true }, expected: true, why: "cluster matches cluster" },
  { pattern: { kind: "cluster" }, target: { db: "admin" }, expected: false, why: "cluster is not a database" },
  { pattern: { kind: "anyNormal" }, target: { db: "sales" }, expected: true, why: "anyNormal matches an ordinary database" },
  { pattern: { kind: "anyNormal" }, target: { db: "local" }, expected: false, why: "anyNormal never reaches local" },
  { pattern: { kind: "anyNormal" }, target: { db: "config", coll: "settings" }, expected: false, why: "anyNormal never reaches config" },
  { pattern: { kind: "anyNormal" }, target: { db: "sales", coll: "orders" }, expected: true, why: "anyNormal matches normal collections" },
  { pattern: { kind: "anyNormal" }, target: { db: "sales", coll: "system.js" }, expected: false, why: "anyNormal does not reach system collections" },
  { pattern: { kind: "anyNormal" }, target: { cluster: true }, expected: false, why: "anyNormal is not the cluster" },
  { pattern: { kind: "database", db: "sales" }, target: { db: "sales", coll: "orders" }, expected: true, why: "a database grant covers its normal collections" },
  { pattern: { kind: "database", db: "sales" }, target: { db: "sales", coll: "system.profile" }, expected: false, why: "a database grant does not cover system collections" },
  { pattern: { kind: "database", db: "sales" }, target: { db: "salesx", coll: "orders" }, expected: false, why: "database names match exactly" },
  { pattern: { kind: "database", db: "local" }, target: { db: "local", coll: "oplog.rs" }, expected: true, why: "an explicit local grant covers local's normal collections" },
  { pattern: { kind: "database", db: "local" }, target: { db: "local", coll: "replset.election" }, expected: false, why: "local.replset.* are not normal collections" },
  { pattern: { kind: "collection", collection: "orders" }, target: { db: "any", coll: "orders" }, expected: true, why: "a collection-name grant spans databases" },
  { pattern: { kind: "collection", collection: "system.js" }, target: { db: "sales", coll: "system.js" }, expected: true, why: "collection-name grants reach system collections" },
  { pattern: { kind: "collection", collection: "orders" }, target: { db: "sales" }, expected: false, why: "a collection grant is not a database grant" },
  { pattern: { kind: "exactNamespace", db: "sales", collection: "orders" }, target: { db: "sales", coll: "orders" }, expected: true, why: "exact namespace" },
  { pattern: { kind: "exactNamespace", db: "sales", collection: "orders" }, target: { db: "sales", coll: "orders2" }, expected: false, why: "exact means exact" },
  { pattern: { kind: "exactNamespace", db: "sales", collection: "orders" }, target: { db: "sales" }, expected: false, why: "a namespace grant is not a database grant" },
  { pattern: { kind: "anySystemBuckets" }, target: { db: "iot", coll: "system.buckets.weather" }, expected: true, why: "any system buckets" },
  { pattern: { kind: "anySystemBuckets" }, target: { db: "iot", coll: "weather" }, expected: false, why: "bucket grants do not reach the view" },
  { pattern: { kind: "systemBucketsInDatabase", db: "iot" }, target: { db: "iot", coll: "system.buckets.weather" }, expected: true, why: "buckets in that database" },
  { pattern: { kind: "systemBucketsInDatabase", db: "iot" }, target: { db: "other", coll: "system.buckets.weather" }, expected: false, why: "buckets in another database" },
  { pattern: { kind: "systemBucketsInAnyDatabase", collection: "weather" }, target: { db: "x", coll: "system.buckets.weather" }, expected: true, why: "buckets of that name anywhere" },
  { pattern: { kind: "exactSystemBuckets", db: "iot", collection: "weather" }, target: { db: "iot", coll: "system.buckets.weather" }, expected: true, why: "exact buckets" },
  { pattern: { kind: "database", db: "iot" }, target: { db: "iot", coll: "system.buckets.weather" }, expected: false, why: "database grants do not reach buckets" },
  { pattern: { kind: "database", db: "" }, target: { db: "sales", coll: "orders" }, expected: false, why: "a database grant is placed by its kind: one on an empty name is no anyNormal" },
];

for (const row of MATCHES) {
  test(`matching: ${row.why}`, () => {
    assert.equal(can(row.pattern, row.target), row.expected);
  });
}

test("actions are unioned per resource and listed once per resource", () => {
  const set = PrivilegeSet.from([
    { resource: { kind: "database", db: "sales" }, actions: ["find"] },
    { resource: { kind: "cluster" }, actions: ["listDatabases"] },
    { resource: { kind: "database", db: "sales" }, actions: ["insert", "find"] },
  ]);
  assert.deepEqual(set.privileges(), [
    { resource: { kind: "database", db: "sales" }, actions: ["find", "insert"] },
    { resource: { kind: "cluster" }, actions: ["listDatabases"] },
  ]);
  assert.ok(set.canNamespace("sales", "orders", ACTION.insert));
  assert.ok(!set.canNamespace("sales", "orders", ACTION.remove));
});

test("hasAnyOnDatabase follows what listDatabases would show", () => {
  const exact = PrivilegeSet.from([{ resource: { kind: "exactNamespace", db: "sales", collection: "orders" }, actions: ["find"] }]);
  assert.ok(exact.hasAnyOnDatabase("sales"));
  assert.ok(!exact.hasAnyOnDatabase("hr"));
  const byName = PrivilegeSet.from([{ resource: { kind: "collection", collection: "logs" }, actions: ["find"] }]);
  assert.ok(byName.hasAnyOnDatabase("anything"), "a collection-name grant may match in every database");
  const anyNormal = PrivilegeSet.from([{ resource: { kind: "anyNormal" }, actions: ["find"] }]);
  assert.ok(anyNormal.hasAnyOnDatabase("sales"));
  assert.ok(!anyNormal.hasAnyOnDatabase("local"));
  const cluster = PrivilegeSet.from([{ resource: { kind: "cluster" }, actions: ["serverStatus"] }]);
  assert.ok(!cluster.hasAnyOnDatabase("sales"), "cluster actions are not database privileges");
});

test("hasAnyOnNamespace drives listCollections' authorizedCollections filter", () => {
  const set = PrivilegeSet.from([{ resource: { kind: "exactNamespace", db: "sales", collection: "orders" }, actions: ["collStats"] }]);
  assert.ok(set.hasAnyOnNamespace("sales", "orders"));
  assert.ok(!set.hasAnyOnNamespace("sales", "customers"));
});

test("a privilege without actions grants nothing and registers no resource", () => {
  const set = PrivilegeSet.from([{ resource: { kind: "exactNamespace", db: "sales", collection: "orders" }, actions: [] }]);
  assert.ok(!set.hasAnyOnDatabase("sales"));
  assert.deepEqual(set.privileges(), []);
});
