import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

let b: ScratchBackend;
beforeEach(() => {
  b = openScratchBackend();
});
afterEach(() => b.dispose());

function writeErrors(reply: Document): Document[] {
  assert.equal(reply["ok"], 1, JSON.stringify(reply));
  return (reply["writeErrors"] as Document[] | undefined) ?? [];
}

describe("unique indexes", () => {
  beforeEach(() => {
    const reply = b.run({ createIndexes: "users", indexes: [{ key: { name: 1 }, name: "name_1", unique: true }] });
    assert.deepEqual(reply, { numIndexesBefore: 1, numIndexesAfter: 2, createdCollectionAutomatically: true, ok: 1 });
  });

  it("refuses a duplicate on insert with mongod's message, keyPattern and keyValue", () => {
    b.run({ insert: "users", documents: [{ _id: 1, name: "x" }] });
    assert.deepEqual(writeErrors(b.run({ insert: "users", documents: [{ _id: 2, name: "x" }] })), [
      {
        index: 0,
        code: 11000,
        errmsg: 'E11000 duplicate key error collection: test.users index: name_1 dup key: { name: "x" }',
        keyPattern: { name: 1 },
        keyValue: { name: "x" },
      },
    ]);
    assert.deepEqual(b.run({ count: "users" })["n"], 1);
  });

  it("refuses a duplicate created by an update, and leaves the document unchanged", () => {
    b.run({ insert: "users", documents: [{ _id: 1, name: "x" }, { _id: 2, name: "y" }] });
    const errors = writeErrors(b.run({ update: "users", updates: [{ q: { _id: 2 }, u: { $set: { name: "x" } } }] }));
    assert.equal(errors[0]?.["code"], 11000);
    assert.deepEqual(b.run({ find: "users", filter: { _id: 2 } })["cursor"].firstBatch, [{ _id: 2, name: "y" }]);
  });

  it("allows a document to keep its own key through an update", () => {
    b.run({ insert: "users", documents: [{ _id: 1, name: "x" }] });
    assert.deepEqual(b.run({ update: "users", updates: [{ q: { _id: 1 }, u: { $set: { age: 3 } } }] }), { n: 1, nModified: 1, ok: 1 });
  });

  it("frees a key when its document is deleted or changed", () => {
    b.run({ insert: "users", documents: [{ _id: 1, name: "x" }, { _id: 2, name: "y" }] });
    b.run({ delete: "users", deletes: [{ q: { _id: 1 }, limit: 1 }] });
    b.run({ update: "users", updates: [{ q: { _id: 2 }, u: { $set: { name: "z" } } }] });
    assert.deepEqual(writeErrors(b.run({ insert: "users", documents: [{ name: "x" }, { name: "y" }] })), []);
  });

  it("treats a missing field as null, so only one document may lack it", () => {
    b.run({ insert: "users", documents: [{ _id: 1 }] });
    const errors = writeErrors(b.run({ insert: "users", documents: [{ _id: 2 }] }));
    assert.equal(errors[0]?.["errmsg"], "E11000 duplicate key error collection: test.users index: name_1 dup key: { name: null }");
  });

  it("refuses a duplicate from an upsert and from findAndModify", () => {
    b.run({ insert: "users", documents: [{ _id: 1, name: "x" }] });
    assert.equal(writeErrors(b.run({ update: "users", updates: [{ q: { _id: 5 }, u: { $set: { name: "x" } }, upsert: true }] }))[0]?.["code"], 11000);
    const reply = b.run({ findAndModify: "users", query: { _id: 6 }, update: { $set: { name: "x" } }, upsert: true });
    assert.deepEqual([reply["ok"], reply["code"], reply["keyValue"]], [0, 11000, { name: "x" }]);
    assert.equal(b.run({ count: "users" })["n"], 1);
  });

  it("indexes array elements (multikey) across documents", () => {
    b.run({ createIndexes: "tags", indexes: [{ key: { tags: 1 }, name: "tags_1", unique: true }] });
    assert.deepEqual(writeErrors(b.run({ insert: "tags", documents: [{ _id: 1, tags: ["a", "b", "a"] }] })), []);
    assert.equal(writeErrors(b.run({ insert: "tags", documents: [{ _id: 2, tags: ["c", "b"] }] }))[0]?.["keyValue"]?.tags, "b");
  });

  it("enforces compound unique keys on the combination", () => {
    b.run({ createIndexes: "pairs", indexes: [{ key: { a: 1, b: -1 }, name: "a_1_b_-1", unique: true }] });
    assert.deepEqual(writeErrors(b.run({ insert: "pairs", documents: [{ a: 1, b: 1 }, { a: 1, b: 2 }] })), []);
    assert.equal(
      writeErrors(b.run({ insert: "pairs", documents: [{ a: 1, b: 2 }] }))[0]?.["errmsg"],
      "E11000 duplicate key error collection: test.pairs index: a_1_b_-1 dup key: { a: 1, b: 2 }",
    );
  });

  it("skips documents without the field in a sparse index", () => {
    b.run({ createIndexes: "sparse", indexes: [{ key: { email: 1 }, name: "email_1", unique: true, sparse: true }] });
    assert.deepEqual(writeErrors(b.run({ insert: "sparse", documents: [{ _id: 1 }, { _id: 2 }, { email: "e" }] })), []);
  });

  it("fails to build over duplicate data and leaves no index behind", () => {
    b.run({ insert: "dups", documents: [{ k: 1 }, { k: 1 }] });
    const reply = b.run({ createIndexes: "dups", indexes: [{ key: { k: 1 }, name: "k_1", unique: true }] });
    assert.deepEqual([reply["ok"], reply["code"]], [0, 11000]);
    assert.deepEqual((b.run({ listIndexes: "dups", cursor: {} })["cursor"].firstBatch as Document[]).map((i) => i["name"]), ["_id_"]);
    assert.deepEqual(writeErrors(b.run({ insert: "dups", documents: [{ k: 1 }] })), []);
  });

  it("finds documents through a secondary index and still applies the whole filter", () => {
    b.run({ insert: "users", documents: [{ _id: 1, name: "x", age: 3 }, { _id: 2, name: "y", age: 3 }] });
    assert.deepEqual(b.run({ find: "users", filter: { name: "x", age: 3 } })["cursor"].firstBatch, [{ _id: 1, name: "x", age: 3 }]);
    assert.deepEqual(b.run({ find: "users", filter: { name: "x", age: 4 } })["cursor"].firstBatch, []);
    assert.equal(b.run({ find: "users", filter: { name: { $in: ["x", "y"] } } })["cursor"].firstBatch.length, 2);
  });
});

describe("index management", () => {
  it("lists indexes with _id_ first and the options given", () => {
    b.run({ createIndexes: "c", indexes: [{ key: { a: 1 }, name: "a_1" }, { key: { b: -1 }, name: "b_-1", unique: true }] });
    assert.deepEqual(b.run({ listIndexes: "c", cursor: {} })["cursor"].firstBatch, [
      { v: 2, key: { _id: 1 }, name: "_id_" },
      { v: 2, key: { a: 1 }, name: "a_1" },
      { v: 2, key: { b: -1 }, name: "b_-1", unique: true },
    ]);
  });

  it("treats an identical index as already there, and refuses clashing ones", () => {
    b.run({ createIndexes: "c", indexes: [{ key: { a: 1 }, name: "a_1" }] });
    assert.deepEqual(b.run({ createIndexes: "c", indexes: [{ key: { a: 1 }, name: "a_1" }] }), {
      numIndexesBefore: 2,
      numIndexesAfter: 2,
      createdCollectionAutomatically: false,
      note: "all indexes already exist",
      ok: 1,
    });
    assert.equal(b.run({ createIndexes: "c", indexes: [{ key: { b: 1 }, name: "a_1" }] })["codeName"], "IndexKeySpecsConflict");
    assert.equal(b.run({ createIndexes: "c", indexes: [{ key: { a: 1 }, name: "other" }] })["codeName"], "IndexOptionsConflict");
  });

  it("refuses index types it cannot serve", () => {
    assert.equal(b.run({ createIndexes: "c", indexes: [{ key: { t: "text" }, name: "t_text" }] })["codeName"], "CannotCreateIndex");
  });

  it("drops by name, key pattern and '*', but never _id_", () => {
    b.run({ createIndexes: "c", indexes: [{ key: { a: 1 }, name: "a_1" }, { key: { b: 1 }, name: "b_1" }, { key: { c: 1 }, name: "c_1" }] });
    assert.deepEqual(b.run({ dropIndexes: "c", index: "a_1" }), { nIndexesWas: 4, ok: 1 });
    assert.deepEqual(b.run({ dropIndexes: "c", index: { b: 1 } }), { nIndexesWas: 3, ok: 1 });
    assert.equal(b.run({ dropIndexes: "c", index: "_id_" })["errmsg"], "cannot drop _id index");
    assert.equal(b.run({ dropIndexes: "c", index: "nope" })["errmsg"], "index not found with name [nope]");
    assert.deepEqual(b.run({ dropIndexes: "c", index: "*" }), { nIndexesWas: 2, ok: 1 });
    assert.equal(b.run({ listIndexes: "c", cursor: {} })["cursor"].firstBatch.length, 1);
  });

  it("answers NamespaceNotFound for indexes of a missing collection", () => {
    assert.deepEqual([b.run({ listIndexes: "none", cursor: {} })["code"], b.run({ dropIndexes: "none", index: "*" })["code"]], [26, 26]);
  });
});
