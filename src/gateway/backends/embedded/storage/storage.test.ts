import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Decimal128, Double, Int32, Long, ObjectId } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";
import { canonicalKey } from "./canonical-key.js";
import { Catalog } from "./catalog.js";
import { candidateDocuments, scanCollection } from "./document-source.js";
import { SqliteStore } from "./sqlite-store.js";

describe("canonicalKey", () => {
  const same: Array<[string, unknown, unknown]> = [
    ["int and double", 1, 1.0],
    ["Int32 and JS number", new Int32(7), 7],
    ["Long and double", Long.fromNumber(42), new Double(42)],
    ["Decimal128 and number", Decimal128.fromString("2.5"), 2.5],
    ["-0 and 0", -0, 0],
    ["numbers inside documents", { a: new Int32(1) }, { a: 1.0 }],
    ["ObjectIds of the same hex", new ObjectId("64b7f3d2a1b2c3d4e5f60718"), new ObjectId("64b7f3d2a1b2c3d4e5f60718")],
  ];
  for (const [why, a, b] of same) it(`equal: ${why}`, () => assert.ok(canonicalKey(a).equals(canonicalKey(b))));
  const different: Array<[string, unknown, unknown]> = [
    ["number and string", 1, "1"],
    ["field order in documents", { a: 1, b: 2 }, { b: 2, a: 1 }],
    ["Longs beyond 2^53 that differ", Long.fromString("9007199254740993"), Long.fromString("9007199254740992")],
    ["null and the string 'null'", null, "null"],
  ];
  for (const [why, a, b] of different) it(`different: ${why}`, () => assert.ok(!canonicalKey(a).equals(canonicalKey(b))));
});

describe("access paths", () => {
  let scratch: ScratchBackend;
  let store: SqliteStore;
  let catalog: Catalog;
  const N = 600;

  before(() => {
    scratch = openScratchBackend();
    scratch.run({ insert: "c", documents: Array.from({ length: N }, (_, i) => ({ _id: i, k: `k${i % 100}` })) });
    scratch.run({ createIndexes: "c", indexes: [{ key: { k: 1 }, name: "k_1" }] });
    store = new SqliteStore(scratch.path);
    catalog = new Catalog(store);
  });
  after(async () => {
    store.close();
    await scratch.dispose();
  });

  const count = (filter: Record<string, unknown>): number => {
    const handle = catalog.find("test", "c");
    assert.ok(handle);
    return [...candidateDocuments(store, handle, filter).docs].length;
  };

  it("marks a filter answered entirely by the access path as exact", () => {
    const handle = catalog.find("test", "c");
    assert.ok(handle);
    const exact = (filter: Record<string, unknown>) => candidateDocuments(store, handle, filter).exact;
    assert.deepEqual([exact({ _id: 1 }), exact({ k: "k1" }), exact({ _id: 1, k: "k1" }), exact({ k: { $gt: "a" } })], [true, true, false, false]);
  });

  it("reads one row for _id equality instead of scanning", () => {
    assert.equal(count({ _id: 17 }), 1);
    assert.equal(count({ _id: { $eq: 17 }, k: "x" }), 1);
    assert.equal(count({ _id: 100000 }), 0);
  });

  it("reads only the listed rows for _id $in", () => {
    assert.equal(count({ _id: { $in: [1, 2, 3, 99999] } }), 3);
  });

  it("reads a secondary index's entries for equality on its field", () => {
    assert.equal(count({ k: "k7" }), N / 100);
    assert.equal(count({ k: { $in: ["k1", "k2"] } }), (2 * N) / 100);
  });

  it("scans for anything else, in chunks, in insertion order", () => {
    assert.equal(count({ k: { $gt: "k5" } }), N);
    assert.equal(count({ _id: /1/ }), N);
    const handle = catalog.find("test", "c");
    assert.ok(handle);
    const ids = [...scanCollection(store, handle.row.id)].map((s) => s.doc["_id"]);
    assert.deepEqual(ids, Array.from({ length: N }, (_, i) => i));
  });
});
