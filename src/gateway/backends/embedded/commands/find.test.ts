import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Decimal128, Long, ObjectId, type Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

// Datasets and expected results are the examples of MongoDB's manual pages
// "Query Documents", "Query on Embedded/Nested Documents", "Query an Array",
// "Query for Null or Missing Fields" and "Project Fields to Return from Query".
const INVENTORY = [
  { _id: 1, item: "journal", qty: 25, size: { h: 14, w: 21, uom: "cm" }, status: "A", tags: ["blank", "red"], dim_cm: [14, 21], instock: [{ warehouse: "A", qty: 5 }] },
  { _id: 2, item: "notebook", qty: 50, size: { h: 8.5, w: 11, uom: "in" }, status: "A", tags: ["red", "blank"], dim_cm: [14, 21], instock: [{ warehouse: "C", qty: 5 }] },
  { _id: 3, item: "paper", qty: 100, size: { h: 8.5, w: 11, uom: "in" }, status: "D", tags: ["red", "blank", "plain"], dim_cm: [14, 21], instock: [{ warehouse: "A", qty: 60 }] },
  { _id: 4, item: "planner", qty: 75, size: { h: 22.85, w: 30, uom: "cm" }, status: "D", tags: ["blank", "red"], dim_cm: [22.85, 30], instock: [{ warehouse: "A", qty: 40 }] },
  { _id: 5, item: "postcard", qty: 45, size: { h: 10, w: 15.25, uom: "cm" }, status: "A", tags: ["blue"], dim_cm: [10, 15.25], instock: [{ warehouse: "B", qty: 15 }, { warehouse: "C", qty: 35 }] },
];

const FILTER_CASES: Array<{ why: string; filter: Document; items: string[] }> = [
  { why: "empty filter selects everything", filter: {}, items: ["journal", "notebook", "paper", "planner", "postcard"] },
  { why: "equality", filter: { status: "D" }, items: ["paper", "planner"] },
  { why: "$in", filter: { status: { $in: ["A", "D"] } }, items: ["journal", "notebook", "paper", "planner", "postcard"] },
  { why: "implicit AND", filter: { status: "A", qty: { $lt: 30 } }, items: ["journal"] },
  { why: "$or", filter: { $or: [{ status: "A" }, { qty: { $lt: 30 } }] }, items: ["journal", "notebook", "postcard"] },
  { why: "AND with $or and a regex", filter: { status: "A", $or: [{ qty: { $lt: 30 } }, { item: /^p/ }] }, items: ["journal", "postcard"] },
  { why: "whole embedded document equality", filter: { size: { h: 14, w: 21, uom: "cm" } }, items: ["journal"] },
  { why: "embedded document equality is field-order sensitive", filter: { size: { w: 21, h: 14, uom: "cm" } }, items: [] },
  { why: "dotted path equality", filter: { "size.uom": "in" }, items: ["notebook", "paper"] },
  { why: "dotted path comparison", filter: { "size.h": { $lt: 15 } }, items: ["journal", "notebook", "paper", "postcard"] },
  { why: "several dotted conditions", filter: { "size.h": { $lt: 15 }, "size.uom": "in", status: "D" }, items: ["paper"] },
  { why: "exact array equality, order matters", filter: { tags: ["red", "blank"] }, items: ["notebook"] },
  { why: "$all ignores order", filter: { tags: { $all: ["red", "blank"] } }, items: ["journal", "notebook", "paper", "planner"] },
  { why: "scalar matches an array element", filter: { tags: "red" }, items: ["journal", "notebook", "paper", "planner"] },
  { why: "comparison on array elements", filter: { dim_cm: { $gt: 25 } }, items: ["planner"] },
  { why: "compound conditions may be met by different elements", filter: { dim_cm: { $gt: 15, $lt: 20 } }, items: ["journal", "notebook", "paper", "postcard"] },
  { why: "$elemMatch needs one element to meet all", filter: { dim_cm: { $elemMatch: { $gt: 22, $lt: 30 } } }, items: ["planner"] },
  { why: "array index path", filter: { "dim_cm.1": { $gt: 25 } }, items: ["planner"] },
  { why: "$size", filter: { tags: { $size: 3 } }, items: ["paper"] },
  { why: "$elemMatch on embedded documents", filter: { instock: { $elemMatch: { qty: { $gt: 10, $lte: 20 } } } }, items: ["postcard"] },
  { why: "dotted path into an array of documents", filter: { "instock.warehouse": "C" }, items: ["notebook", "postcard"] },
  { why: "_id equality uses the primary key", filter: { _id: 3 }, items: ["paper"] },
  { why: "_id $in uses the primary key", filter: { _id: { $in: [1, 5, 99] } }, items: ["journal", "postcard"] },
  { why: "_id equality plus another condition", filter: { _id: 3, status: "A" }, items: [] },
];

const SORT_CASES: Array<{ why: string; sort: Document; skip?: number; limit?: number; items: string[] }> = [
  { why: "ascending number", sort: { qty: 1 }, items: ["journal", "postcard", "notebook", "planner", "paper"] },
  { why: "compound, mixed directions", sort: { status: 1, qty: -1 }, items: ["notebook", "postcard", "journal", "paper", "planner"] },
  { why: "skip and limit apply after the sort", sort: { qty: -1 }, skip: 1, limit: 2, items: ["planner", "notebook"] },
  { why: "sort on a dotted path", sort: { "size.h": -1, _id: 1 }, items: ["planner", "journal", "postcard", "notebook", "paper"] },
];

const PROJECTION_CASES: Array<{ why: string; projection: Document; postcard: Document }> = [
  { why: "inclusion keeps _id", projection: { item: 1, status: 1 }, postcard: { _id: 5, item: "postcard", status: "A" } },
  { why: "inclusion without _id", projection: { item: 1, status: 1, _id: 0 }, postcard: { item: "postcard", status: "A" } },
  {
    why: "exclusion",
    projection: { status: 0, instock: 0, tags: 0, dim_cm: 0, qty: 0 },
    postcard: { _id: 5, item: "postcard", size: { h: 10, w: 15.25, uom: "cm" } },
  },
  { why: "embedded field inclusion", projection: { item: 1, "size.uom": 1 }, postcard: { _id: 5, item: "postcard", size: { uom: "cm" } } },
  { why: "field in an array of documents", projection: { "instock.qty": 1, _id: 0 }, postcard: { instock: [{ qty: 15 }, { qty: 35 }] } },
  { why: "$slice of the last element", projection: { item: 1, instock: { $slice: -1 } }, postcard: { _id: 5, item: "postcard", instock: [{ warehouse: "C", qty: 35 }] } },
];

function items(reply: Document): string[] {
  assert.equal(reply["ok"], 1, JSON.stringify(reply));
  return (reply["cursor"].firstBatch as Document[]).map((d) => d["item"] as string);
}

describe("find", () => {
  let b: ScratchBackend;
  before(() => {
    b = openScratchBackend();
    assert.equal(b.run({ insert: "inventory", documents: INVENTORY })["n"], 5);
  });
  after(() => b.dispose());

  for (const c of FILTER_CASES) {
    it(`filter: ${c.why}`, () => {
      assert.deepEqual(items(b.run({ find: "inventory", filter: c.filter })).sort(), c.items);
    });
  }
  for (const c of SORT_CASES) {
    it(`sort: ${c.why}`, () => {
      const reply = b.run({ find: "inventory", filter: {}, sort: c.sort, ...(c.skip ? { skip: c.skip } : {}), ...(c.limit ? { limit: c.limit } : {}) });
      assert.deepEqual(items(reply), c.items);
    });
  }
  for (const c of PROJECTION_CASES) {
    it(`projection: ${c.why}`, () => {
      const reply = b.run({ find: "inventory", filter: { item: "postcard" }, projection: c.projection });
      assert.deepEqual(reply["cursor"].firstBatch, [c.postcard]);
    });
  }

  it("projects the first matching element with the positional operator and $elemMatch", () => {
    const positional = b.run({ find: "inventory", filter: { _id: 5, "instock.qty": { $gt: 20 } }, projection: { "instock.$": 1 } });
    assert.deepEqual(positional["cursor"].firstBatch, [{ _id: 5, instock: [{ warehouse: "C", qty: 35 }] }]);
    const elemMatch = b.run({ find: "inventory", filter: { _id: 5 }, projection: { instock: { $elemMatch: { warehouse: "B" } } } });
    assert.deepEqual(elemMatch["cursor"].firstBatch, [{ _id: 5, instock: [{ warehouse: "B", qty: 15 }] }]);
  });

  it("keeps the stored field order in projections", () => {
    const reply = b.run({ find: "inventory", filter: { _id: 1 }, projection: { status: 1, item: 1 } });
    assert.deepEqual(Object.keys(reply["cursor"].firstBatch[0]), ["_id", "item", "status"]);
  });

  it("answers the reply shape of mongod, with a Long cursor id", () => {
    const reply = b.run({ find: "inventory", filter: { _id: 1 } });
    assert.deepEqual(Object.keys(reply), ["cursor", "ok"]);
    assert.deepEqual(Object.keys(reply["cursor"]), ["firstBatch", "id", "ns"]);
    assert.ok(reply["cursor"].id instanceof Long);
    assert.equal(reply["cursor"].id.toString(), "0");
    assert.equal(reply["cursor"].ns, "test.inventory");
  });

  it("returns an empty batch for a collection that does not exist", () => {
    assert.deepEqual(items(b.run({ find: "nothing", filter: { a: 1 } })), []);
  });

  it("refuses an unknown query operator with BadValue", () => {
    const reply = b.run({ find: "inventory", filter: { qty: { $bogus: 1 } } });
    assert.equal(reply["ok"], 0);
    assert.equal(reply["codeName"], "BadValue");
  });

  it("refuses a filter of the wrong type with TypeMismatch", () => {
    const reply = b.run({ find: "inventory", filter: "status" });
    assert.deepEqual([reply["code"], reply["errmsg"]], [14, "BSON field 'find.filter' is the wrong type 'string', expected type 'object'"]);
  });

  it("accepts the simple collation and refuses others rather than ignoring them", () => {
    assert.equal(b.run({ find: "inventory", filter: { _id: 1 }, collation: { locale: "simple" } })["ok"], 1);
    assert.equal(b.run({ find: "inventory", filter: {}, collation: { locale: "fr", strength: 1 } })["codeName"], "BadValue");
  });

  it("refuses a negative limit and a bad sort direction", () => {
    assert.equal(b.run({ find: "inventory", limit: -1 })["codeName"], "BadValue");
    assert.equal(b.run({ find: "inventory", sort: { qty: 2 } })["codeName"], "BadValue");
  });
});

describe("find with BSON types", () => {
  let b: ScratchBackend;
  const ref = new ObjectId();
  before(() => {
    b = openScratchBackend();
    b.run({
      insert: "typed",
      documents: [
        { _id: "long", n: Long.fromString("10"), ref },
        { _id: "int", n: 3 },
        { _id: "big", n: Long.fromString("9007199254740993") },
        { _id: "decimal", d: Decimal128.fromString("1.5"), at: new Date("2024-01-02T00:00:00Z") },
      ],
    });
    b.run({ insert: "ids", documents: [{ _id: 5, v: "five" }, { _id: new ObjectId("64b7f3d2a1b2c3d4e5f60718"), v: "oid" }] });
  });
  after(() => b.dispose());

  const ids = (reply: Document): string[] => (reply["cursor"].firstBatch as Document[]).map((d) => String(d["_id"])).sort();

  it("matches an ObjectId by value, not by reference", () => {
    assert.deepEqual(ids(b.run({ find: "typed", filter: { ref: new ObjectId(ref.toHexString()) } })), ["long"]);
  });

  it("compares Long with int across types", () => {
    assert.deepEqual(ids(b.run({ find: "typed", filter: { n: { $gt: 5 } } })), ["big", "long"]);
    assert.deepEqual(ids(b.run({ find: "typed", filter: { n: 10 } })), ["long"]);
  });

  it("returns Long and Decimal128 values with their exact types and values", () => {
    const docs = b.run({ find: "typed", filter: {}, sort: { _id: 1 } })["cursor"].firstBatch as Document[];
    const byId = new Map(docs.map((d) => [d["_id"] as string, d]));
    assert.ok(byId.get("long")?.["n"] instanceof Long);
    assert.equal(byId.get("big")?.["n"].toString(), "9007199254740993");
    assert.ok(byId.get("decimal")?.["d"] instanceof Decimal128);
    assert.equal(byId.get("decimal")?.["d"].toString(), "1.5");
  });

  it("compares Decimal128 and Date values", () => {
    assert.deepEqual(ids(b.run({ find: "typed", filter: { d: { $gt: 1, $lt: 2 } } })), ["decimal"]);
    assert.deepEqual(ids(b.run({ find: "typed", filter: { at: { $gte: new Date("2024-01-01T00:00:00Z") } } })), ["decimal"]);
  });

  it("finds an _id whatever numeric type the filter uses", () => {
    assert.deepEqual(b.run({ find: "ids", filter: { _id: Long.fromNumber(5) } })["cursor"].firstBatch, [{ _id: 5, v: "five" }]);
    assert.deepEqual(b.run({ find: "ids", filter: { _id: 5.0 } })["cursor"].firstBatch, [{ _id: 5, v: "five" }]);
    assert.equal(b.run({ find: "ids", filter: { _id: new ObjectId("64b7f3d2a1b2c3d4e5f60718") } })["cursor"].firstBatch[0].v, "oid");
  });
});

describe("find with a bounded sort", () => {
  it("refuses a sort holding more than the limit, and still serves unsorted and smaller reads", async () => {
    const b = openScratchBackend({ maxSortBytes: 64 * 1024 });
    try {
      b.run({ insert: "big", documents: Array.from({ length: 100 }, (_, i) => ({ _id: i, pad: "x".repeat(1000) })) });
      const refused = b.run({ find: "big", filter: {}, sort: { _id: -1 } });
      assert.deepEqual([refused["code"], refused["codeName"]], [292, "QueryExceededMemoryLimitNoDiskUseAllowed"]);
      assert.equal(b.run({ find: "big", filter: {}, batchSize: 1000 })["cursor"].firstBatch.length, 100);
      assert.equal(b.run({ find: "big", filter: { _id: { $lt: 10 } }, sort: { _id: -1 } })["cursor"].firstBatch[0]._id, 9);
    } finally {
      await b.dispose();
    }
  });
});
