import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Long, type Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

let b: ScratchBackend;
beforeEach(() => {
  b = openScratchBackend();
  // The $lookup example of MongoDB's manual ("Perform a Single Equality Join with $lookup").
  b.run({
    insert: "orders",
    documents: [
      { _id: 1, item: "almonds", price: 12, quantity: 2 },
      { _id: 2, item: "pecans", price: 20, quantity: 1 },
      { _id: 3 },
    ],
  });
  b.run({
    insert: "inventory",
    documents: [
      { _id: 1, sku: "almonds", description: "product 1", instock: 120 },
      { _id: 2, sku: "bread", description: "product 2", instock: 80 },
      { _id: 3, sku: "cashews", description: "product 3", instock: 60 },
      { _id: 4, sku: "pecans", description: "product 4", instock: 70 },
      { _id: 5, sku: null, description: "Incomplete" },
      { _id: 6 },
    ],
  });
});
afterEach(() => b.dispose());

function firstBatch(reply: Document): Document[] {
  assert.equal(reply["ok"], 1, JSON.stringify(reply));
  return reply["cursor"].firstBatch as Document[];
}

describe("aggregate", () => {
  it("joins with $lookup as the manual's example shows", () => {
    const docs = firstBatch(b.run({ aggregate: "orders", pipeline: [{ $lookup: { from: "inventory", localField: "item", foreignField: "sku", as: "inventory_docs" } }], cursor: {} }));
    assert.deepEqual(
      docs.map((d) => [d["_id"], (d["inventory_docs"] as Document[]).map((i) => i["_id"])]),
      // Order 3 has no item: a missing localField matches foreign documents whose sku is null or missing.
      [[1, [1]], [2, [4]], [3, [5, 6]]],
    );
  });

  it("joins with a $lookup sub-pipeline and let variables", () => {
    const docs = firstBatch(
      b.run({
        aggregate: "orders",
        pipeline: [
          { $match: { item: { $exists: true } } },
          { $lookup: { from: "inventory", let: { want: "$quantity" }, pipeline: [{ $match: { $expr: { $gte: ["$instock", { $multiply: ["$$want", 50] }] } } }, { $project: { _id: 1 } }], as: "enough" } },
          { $project: { n: { $size: "$enough" } } },
        ],
        cursor: {},
      }),
    );
    assert.deepEqual(docs, [{ _id: 1, n: 1 }, { _id: 2, n: 4 }]);
  });

  it("reads other collections of the database in $unionWith and $graphLookup", () => {
    const union = firstBatch(b.run({ aggregate: "orders", pipeline: [{ $match: { _id: 1 } }, { $unionWith: { coll: "inventory", pipeline: [{ $match: { _id: 2 } }] } }, { $project: { _id: 1 } }], cursor: {} }));
    assert.deepEqual(union, [{ _id: 1 }, { _id: 2 }]);
    b.run({ insert: "people", documents: [{ _id: "a", boss: "b" }, { _id: "b", boss: "c" }, { _id: "c" }] });
    const chain = firstBatch(
      b.run({
        aggregate: "people",
        pipeline: [{ $match: { _id: "a" } }, { $graphLookup: { from: "people", startWith: "$boss", connectFromField: "boss", connectToField: "_id", as: "chain" } }],
        cursor: {},
      }),
    );
    assert.deepEqual((chain[0]?.["chain"] as Document[]).map((d) => d["_id"]).sort(), ["b", "c"]);
  });

  it("counts through a leading $match on _id and on an indexed field, as countDocuments does", () => {
    b.run({ createIndexes: "inventory", indexes: [{ key: { sku: 1 }, name: "sku_1" }] });
    const count = (match: Document): unknown =>
      firstBatch(b.run({ aggregate: "inventory", pipeline: [{ $match: match }, { $group: { _id: 1, n: { $sum: 1 } } }], cursor: {} }))[0]?.["n"];
    assert.deepEqual([count({ _id: 4 }), count({ sku: "pecans" }), count({ sku: "pecans", instock: { $gt: 100 } }), count({ _id: { $in: [1, 2, 99] } })], [1, 1, undefined, 2]);
  });

  it("groups and sorts", () => {
    b.run({ insert: "sales", documents: [{ k: "a", v: 1 }, { k: "b", v: 5 }, { k: "a", v: Long.fromNumber(2) }] });
    const docs = firstBatch(b.run({ aggregate: "sales", pipeline: [{ $group: { _id: "$k", total: { $sum: "$v" }, n: { $sum: 1 } } }, { $sort: { total: -1 } }], cursor: {} }));
    assert.deepEqual(docs, [{ _id: "b", total: 5, n: 1 }, { _id: "a", total: 3, n: 2 }]);
  });

  it("returns documents that pass through unchanged with their stored types", () => {
    b.run({ insert: "typed", documents: [{ _id: 1, n: Long.fromNumber(7) }] });
    const [doc] = firstBatch(b.run({ aggregate: "typed", pipeline: [{ $match: { n: { $gt: 5 } } }], cursor: {} }));
    assert.ok(doc?.["n"] instanceof Long);
  });

  it("batches results through a cursor", () => {
    b.run({ insert: "many", documents: Array.from({ length: 30 }, (_, i) => ({ _id: i })) });
    const reply = b.run({ aggregate: "many", pipeline: [{ $match: {} }], cursor: { batchSize: 10 } });
    assert.equal(firstBatch(reply).length, 10);
    const more = b.run({ getMore: reply["cursor"].id, collection: "many" });
    assert.deepEqual([more["cursor"].nextBatch.length, more["cursor"].id.toString()], [20, "0"]);
  });

  it("writes $out into the same database, replacing the target and keeping its indexes", () => {
    b.run({ createIndexes: "report", indexes: [{ key: { item: 1 }, name: "item_1", unique: true }] });
    b.run({ insert: "report", documents: [{ stale: true }] });
    const reply = b.run({ aggregate: "orders", pipeline: [{ $match: { price: { $gt: 0 } } }, { $project: { item: 1, total: { $multiply: ["$price", "$quantity"] } } }, { $out: "report" }], cursor: {} });
    assert.deepEqual(firstBatch(reply), []);
    assert.deepEqual(b.run({ find: "report", filter: {} })["cursor"].firstBatch, [
      { _id: 1, item: "almonds", total: 24 },
      { _id: 2, item: "pecans", total: 20 },
    ]);
    assert.equal(b.run({ listIndexes: "report", cursor: {} })["cursor"].firstBatch.length, 2);
  });

  it("writes $out into another database of the cluster", () => {
    b.run({ aggregate: "orders", pipeline: [{ $match: { _id: 1 } }, { $out: { db: "archive", coll: "orders" } }], cursor: {} });
    assert.equal(b.run({ count: "orders" }, { db: "archive" })["n"], 1);
  });

  it("leaves the $out target unchanged when the output breaks a unique index", () => {
    b.run({ createIndexes: "target", indexes: [{ key: { k: 1 }, name: "k_1", unique: true }] });
    b.run({ insert: "target", documents: [{ _id: "keep", k: "x" }] });
    const reply = b.run({ aggregate: "orders", pipeline: [{ $project: { k: "same" } }, { $out: "target" }], cursor: {} });
    assert.deepEqual([reply["ok"], reply["code"]], [0, 11000]);
    assert.deepEqual(b.run({ find: "target", filter: {} })["cursor"].firstBatch, [{ _id: "keep", k: "x" }]);
  });

  it("runs a database-level $documents pipeline", () => {
    const docs = firstBatch(b.run({ aggregate: 1, pipeline: [{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }], cursor: {} }));
    assert.deepEqual(docs, [{ x: 2 }]);
  });

  it("answers an empty result for a missing collection", () => {
    assert.deepEqual(firstBatch(b.run({ aggregate: "missing", pipeline: [{ $group: { _id: null, n: { $sum: 1 } } }], cursor: {} })), []);
  });

  it("refuses what it cannot run faithfully", () => {
    assert.equal(b.run({ aggregate: "orders", pipeline: [] })["errmsg"], "The 'cursor' option is required, except for aggregate with the explain argument");
    assert.equal(b.run({ aggregate: "orders", pipeline: [{ $merge: { into: "x" } }], cursor: {} })["code"], 40324);
    assert.equal(b.run({ aggregate: "orders", pipeline: [{ $out: "x" }, { $match: {} }], cursor: {} })["code"], 40324);
    assert.equal(b.run({ aggregate: "orders", pipeline: [{ $bogus: 1 }], cursor: {} })["codeName"], "BadValue");
    assert.equal(b.run({ aggregate: "orders", pipeline: [{ $match: { $where: "true" } }], cursor: {} })["ok"], 0);
  });
});
