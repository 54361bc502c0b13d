import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyNamespace, parseResource, resourceDocument, type ResourcePattern } from "./resource.js";

test("namespaces are classified as mongod's NamespaceString does", () => {
  const cases: Array<[string, string, string]> = [
    ["sales", "orders", "normal"],
    ["sales", "system.js", "system"],
    ["sales", "system.profile", "system"],
    ["sales", "system.buckets.weather", "systemBuckets"],
    ["sales", "system.buckets.", "system"], // no collection after the prefix: an ordinary system collection
    ["local", "replset.election", "special"],
    ["local", "oplog.rs", "normal"],
    ["sales", "replset.x", "normal"], // the replset rule applies to local only
    ["config", "system.sessions", "system"],
  ];
  for (const [db, coll, expected] of cases) assert.equal(classifyNamespace(db, coll), expected, `${db}.${coll}`);
});

test("resource documents parse to patterns and render back unchanged", () => {
  const cases: Array<[object, ResourcePattern]> = [
    [{ anyResource: true }, { kind: "anyResource" }],
    [{ cluster: true }, { kind: "cluster" }],
    [{ db: "", collection: "" }, { kind: "anyNormal" }],
    [{ db: "sales", collection: "" }, { kind: "database", db: "sales" }],
    [{ db: "", collection: "orders" }, { kind: "collection", collection: "orders" }],
    [{ db: "sales", collection: "orders" }, { kind: "exactNamespace", db: "sales", collection: "orders" }],
    [{ db: "", system_buckets: "" }, { kind: "anySystemBuckets" }],
    [{ db: "iot", system_buckets: "" }, { kind: "systemBucketsInDatabase", db: "iot" }],
    [{ db: "", system_buckets: "weather" }, { kind: "systemBucketsInAnyDatabase", collection: "weather" }],
    [{ db: "iot", system_buckets: "weather" }, { kind: "exactSystemBuckets", db: "iot", collection: "weather" }],
  ];
  for (const [doc, pattern] of cases) {
    assert.deepEqual(parseResource(doc), pattern);
    assert.deepEqual(resourceDocument(pattern), doc);
  }
});

test("malformed resources are refused with the reason", () => {
  assert.throws(() => parseResource({ collection: "x" }), /needs a string "db"/);
  assert.throws(() => parseResource({ db: "a", collection: 5 }), /non-string "collection"/);
  assert.throws(() => parseResource("sales"), /must be a document/);
});
