import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Long, ObjectId, UUID, type Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

let b: ScratchBackend;
beforeEach(() => {
  b = openScratchBackend();
});
afterEach(() => b.dispose());

function all(collection: string, filter: Document = {}): Document[] {
  return b.run({ find: collection, filter, sort: { _id: 1 } })["cursor"].firstBatch as Document[];
}

describe("insert", () => {
  it("generates an ObjectId _id and stores it first", () => {
    assert.deepEqual(b.run({ insert: "c", documents: [{ a: 1 }] }), { n: 1, ok: 1 });
    const [doc] = all("c");
    assert.ok(doc?.["_id"] instanceof ObjectId);
    assert.deepEqual(Object.keys(doc ?? {}), ["_id", "a"]);
  });

  it("moves a given _id to the front", () => {
    b.run({ insert: "c", documents: [{ a: 1, _id: "x" }] });
    assert.deepEqual(Object.keys(all("c")[0] ?? {}), ["_id", "a"]);
  });

  it("stops an ordered insert at the first error and reports its index", () => {
    const reply = b.run({ insert: "c", documents: [{ _id: 1 }, { _id: 1 }, { _id: 2 }] });
    assert.equal(reply["n"], 1);
    assert.deepEqual(reply["writeErrors"], [
      { index: 1, code: 11000, errmsg: "E11000 duplicate key error collection: test.c index: _id_ dup key: { _id: 1 }", keyPattern: { _id: 1 }, keyValue: { _id: 1 } },
    ]);
    assert.deepEqual(all("c").map((d) => d["_id"]), [1]);
  });

  it("goes on after an error when unordered", () => {
    const reply = b.run({ insert: "c", documents: [{ _id: 1 }, { _id: 1 }, { _id: 2 }], ordered: false });
    assert.equal(reply["n"], 2);
    assert.equal((reply["writeErrors"] as Document[])[0]?.["index"], 1);
    assert.deepEqual(all("c").map((d) => d["_id"]), [1, 2]);
  });

  it("treats 1, 1.0 and NumberLong(1) as the same _id", () => {
    const reply = b.run({ insert: "c", documents: [{ _id: 1 }, { _id: 1.0 }, { _id: Long.fromNumber(1) }], ordered: false });
    assert.equal(reply["n"], 1);
    assert.equal((reply["writeErrors"] as Document[]).length, 2);
  });

  it("refuses an array _id", () => {
    const reply = b.run({ insert: "c", documents: [{ _id: [1, 2] }] });
    assert.deepEqual((reply["writeErrors"] as Document[])[0], { index: 0, code: 53, errmsg: "The '_id' value cannot be of type array" });
  });

  it("refuses invalid namespaces", () => {
    assert.equal(b.run({ insert: "system.users", documents: [{}] })["codeName"], "InvalidNamespace");
    assert.equal(b.run({ insert: "a$b", documents: [{}] })["codeName"], "InvalidNamespace");
    assert.equal(b.run({ insert: "c", documents: [{}] }, { db: "bad.db" })["codeName"], "InvalidNamespace");
  });

  it("refuses transactions (it has none) and misplaced session fields as a replica-set member does", () => {
    const reply = b.run({ insert: "c", documents: [{}], txnNumber: Long.fromNumber(1), autocommit: false, startTransaction: true, lsid: { id: new UUID().toBinary() } });
    assert.deepEqual([reply["code"], reply["codeName"]], [115, "CommandNotSupported"]);
    const withoutSession = b.run({ insert: "c", documents: [{}], txnNumber: Long.fromNumber(1) });
    assert.deepEqual([withoutSession["code"], withoutSession["codeName"], withoutSession["errmsg"]], [72, "InvalidOptions", "Transaction number requires a session ID to also be specified"]);
    const autocommitAlone = b.run({ insert: "c", documents: [{}], autocommit: false, lsid: { id: new UUID().toBinary() } });
    assert.deepEqual([autocommitAlone["code"], autocommitAlone["errmsg"]], [72, "'autocommit' field requires a transaction number to also be specified"]);
    assert.equal(b.run({ find: "c", filter: {}, startTransaction: true })["code"], 72);
  });
});

describe("update", () => {
  beforeEach(() => {
    b.run({ insert: "c", documents: [{ _id: 1, n: Long.fromNumber(5), tags: ["a", "b"], grades: [80, 95, 100] }, { _id: 2, n: 7, tags: [] }] });
  });

  it("applies operators to the first match and reports n/nModified", () => {
    const reply = b.run({ update: "c", updates: [{ q: { _id: 1 }, u: { $set: { s: "x" }, $push: { tags: "c" } } }] });
    assert.deepEqual(reply, { n: 1, nModified: 1, ok: 1 });
    const doc = all("c", { _id: 1 })[0];
    assert.deepEqual([doc?.["s"], doc?.["tags"]], ["x", ["a", "b", "c"]]);
  });

  it("keeps a Long a Long through $inc", () => {
    b.run({ update: "c", updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } } }] });
    const n = all("c", { _id: 1 })[0]?.["n"];
    assert.ok(n instanceof Long);
    assert.equal(n.toString(), "6");
  });

  it("counts a no-op update as matched but not modified", () => {
    assert.deepEqual(b.run({ update: "c", updates: [{ q: { _id: 2 }, u: { $set: { n: 7 } } }] }), { n: 1, nModified: 0, ok: 1 });
  });

  it("updates every match with multi", () => {
    assert.deepEqual(b.run({ update: "c", updates: [{ q: {}, u: { $set: { seen: true } }, multi: true }] }), { n: 2, nModified: 2, ok: 1 });
  });

  it("replaces a document, keeping its _id", () => {
    b.run({ update: "c", updates: [{ q: { _id: 2 }, u: { only: "this" } }] });
    assert.deepEqual(all("c", { _id: 2 }), [{ _id: 2, only: "this" }]);
  });

  it("refuses a replacement that changes _id", () => {
    const reply = b.run({ update: "c", updates: [{ q: { _id: 2 }, u: { _id: 3 } }] });
    assert.equal((reply["writeErrors"] as Document[])[0]?.["code"], 66);
  });

  it("refuses multi with a replacement", () => {
    assert.equal(b.run({ update: "c", updates: [{ q: {}, u: { a: 1 }, multi: true }] })["codeName"], "FailedToParse");
  });

  it("upserts from the filter's equalities with $setOnInsert", () => {
    const reply = b.run({ update: "c", updates: [{ q: { _id: 9, "meta.kind": "new" }, u: { $set: { v: 1 }, $setOnInsert: { created: true } }, upsert: true }] });
    assert.deepEqual(reply, { n: 1, nModified: 0, upserted: [{ index: 0, _id: 9 }], ok: 1 });
    assert.deepEqual(all("c", { _id: 9 }), [{ _id: 9, meta: { kind: "new" }, v: 1, created: true }]);
  });

  it("ignores $setOnInsert when the upsert matched", () => {
    b.run({ update: "c", updates: [{ q: { _id: 2 }, u: { $set: { v: 1 }, $setOnInsert: { created: true } }, upsert: true }] });
    assert.equal(all("c", { _id: 2 })[0]?.["created"], undefined);
  });

  it("generates an ObjectId for an upsert without _id and creates the collection", () => {
    const reply = b.run({ update: "fresh", updates: [{ q: { k: "a" }, u: { $inc: { count: 1 } }, upsert: true }] });
    const upserted = (reply["upserted"] as Document[])[0];
    assert.ok(upserted?.["_id"] instanceof ObjectId);
    assert.deepEqual(all("fresh").map(({ k, count }) => ({ k, count })), [{ k: "a", count: 1 }]);
  });

  it("applies arrayFilters and the positional operator", () => {
    b.run({ update: "c", updates: [{ q: { _id: 1 }, u: { $set: { "grades.$[g]": 100 } }, arrayFilters: [{ g: { $gte: 95 } }] }] });
    assert.deepEqual(all("c", { _id: 1 })[0]?.["grades"], [80, 100, 100]);
    b.run({ update: "c", updates: [{ q: { _id: 1, grades: 80 }, u: { $set: { "grades.$": 82 } } }] });
    assert.deepEqual(all("c", { _id: 1 })[0]?.["grades"], [82, 100, 100]);
  });

  it("applies $pull with a condition, $addToSet, $rename, $unset and $currentDate", () => {
    b.run({ insert: "ops", documents: [{ _id: 1, items: [{ k: "a" }, { k: "b" }], set: [1, 2], old: "x", drop: true }] });
    b.run({ update: "ops", updates: [{ q: { _id: 1 }, u: { $pull: { items: { k: "a" } }, $addToSet: { set: 2 }, $rename: { old: "new" }, $unset: { drop: "" }, $currentDate: { at: true } } }] });
    const doc = all("ops")[0] ?? {};
    assert.deepEqual([doc["items"], doc["set"], doc["new"], "old" in doc, "drop" in doc], [[{ k: "b" }], [1, 2], "x", false, false]);
    assert.ok(doc["at"] instanceof Date);
  });

  it("applies a pipeline update", () => {
    b.run({ update: "c", updates: [{ q: { _id: 2 }, u: [{ $set: { double: { $multiply: ["$n", 2] } } }] }] });
    assert.equal(all("c", { _id: 2 })[0]?.["double"], 14);
  });

  it("reports an unknown update operator as a write error and changes nothing", () => {
    const reply = b.run({ update: "c", updates: [{ q: { _id: 2 }, u: { $frob: { a: 1 } } }] });
    assert.deepEqual(reply["writeErrors"], [
      { index: 0, code: 9, errmsg: "Unknown modifier: $frob. Expected a valid update modifier or pipeline-style update specified as an array" },
    ]);
    assert.deepEqual(all("c", { _id: 2 })[0], { _id: 2, n: 7, tags: [] });
  });

  it("returns documents in insertion order without a sort", () => {
    b.run({ insert: "order", documents: [{ _id: 3 }, { _id: 1 }, { _id: "b" }, { _id: 2 }] });
    b.run({ update: "order", updates: [{ q: { _id: 1 }, u: { $set: { grown: "x".repeat(1000) } } }] });
    const ids = (b.run({ find: "order", filter: {} })["cursor"].firstBatch as Document[]).map((d) => d["_id"]);
    assert.deepEqual(ids, [3, 1, "b", 2]);
  });
});

describe("delete", () => {
  beforeEach(() => {
    b.run({ insert: "c", documents: [{ _id: 1, k: "x" }, { _id: 2, k: "x" }, { _id: 3, k: "y" }] });
  });

  it("deletes one match with limit 1 and all with limit 0", () => {
    assert.deepEqual(b.run({ delete: "c", deletes: [{ q: { k: "x" }, limit: 1 }] }), { n: 1, ok: 1 });
    assert.deepEqual(b.run({ delete: "c", deletes: [{ q: {}, limit: 0 }] }), { n: 2, ok: 1 });
    assert.deepEqual(all("c"), []);
  });

  it("refuses a limit other than 0 or 1", () => {
    const reply = b.run({ delete: "c", deletes: [{ q: {}, limit: 2 }] });
    assert.equal((reply["writeErrors"] as Document[])[0]?.["errmsg"], "The limit field in delete objects must be 0 or 1. Got 2");
  });

  it("deletes nothing from a missing collection", () => {
    assert.deepEqual(b.run({ delete: "nope", deletes: [{ q: {}, limit: 0 }] }), { n: 0, ok: 1 });
  });
});

describe("findAndModify", () => {
  beforeEach(() => {
    b.run({ insert: "c", documents: [{ _id: 1, q: 5, s: "a" }, { _id: 2, q: 9, s: "a" }] });
  });

  it("returns the document before the update by default, after it with new", () => {
    const pre = b.run({ findAndModify: "c", query: { s: "a" }, sort: { q: -1 }, update: { $inc: { q: 1 } } });
    assert.deepEqual(pre, { lastErrorObject: { n: 1, updatedExisting: true }, value: { _id: 2, q: 9, s: "a" }, ok: 1 });
    const post = b.run({ findAndModify: "c", query: { _id: 1 }, update: { $set: { s: "b" } }, new: true, fields: { s: 1 } });
    assert.deepEqual(post["value"], { _id: 1, s: "b" });
  });

  it("upserts and reports the new _id", () => {
    const reply = b.run({ findAndModify: "c", query: { _id: 7 }, update: { $set: { q: 0 } }, upsert: true, new: true });
    assert.deepEqual(reply, { lastErrorObject: { n: 1, updatedExisting: false, upserted: 7 }, value: { _id: 7, q: 0 }, ok: 1 });
  });

  it("removes and returns the removed document", () => {
    const reply = b.run({ findAndModify: "c", query: { _id: 1 }, remove: true });
    assert.deepEqual(reply, { lastErrorObject: { n: 1 }, value: { _id: 1, q: 5, s: "a" }, ok: 1 });
    assert.equal(all("c").length, 1);
  });

  it("answers value null when nothing matches", () => {
    assert.deepEqual(b.run({ findAndModify: "c", query: { _id: 99 }, update: { $set: { x: 1 } } }), {
      lastErrorObject: { n: 0, updatedExisting: false },
      value: null,
      ok: 1,
    });
  });

  it("refuses contradictory options", () => {
    assert.equal(b.run({ findAndModify: "c", query: {}, remove: true, update: { $set: { x: 1 } } })["codeName"], "FailedToParse");
    assert.equal(b.run({ findAndModify: "c", query: {} })["errmsg"], "Either an update or remove=true must be specified");
  });
});

describe("count and distinct", () => {
  beforeEach(() => {
    b.run({ insert: "c", documents: [{ _id: 1, t: ["a", "b"], n: 1 }, { _id: 2, t: "a", n: 1.0 }, { _id: 3, t: "c", n: Long.fromNumber(2) }] });
  });

  it("counts with query, skip and limit", () => {
    assert.deepEqual(b.run({ count: "c", query: { t: "a" } }), { n: 2, ok: 1 });
    assert.deepEqual(b.run({ count: "c", skip: 1, limit: 1 }), { n: 1, ok: 1 });
    assert.deepEqual(b.run({ count: "missing" }), { n: 0, ok: 1 });
  });

  it("lists distinct values, expanding arrays and unifying numeric types", () => {
    assert.deepEqual(b.run({ distinct: "c", key: "t" })["values"], ["a", "b", "c"]);
    assert.equal((b.run({ distinct: "c", key: "n" })["values"] as unknown[]).length, 2);
    assert.deepEqual(b.run({ distinct: "c", key: "t", query: { _id: { $gt: 1 } } })["values"], ["a", "c"]);
  });
});

describe("document validation", () => {
  beforeEach(() => {
    assert.deepEqual(b.run({ create: "v", validator: { qty: { $gte: 0 } } }), { ok: 1 });
  });

  it("refuses an invalid insert with DocumentValidationFailure and accepts a valid one", () => {
    const reply = b.run({ insert: "v", documents: [{ _id: 1, qty: 5 }, { _id: 2, qty: -1 }], ordered: false });
    assert.equal(reply["n"], 1);
    assert.deepEqual(reply["writeErrors"], [{ index: 1, code: 121, errmsg: "Document failed validation", errInfo: { failingDocumentId: 2 } }]);
  });

  it("refuses an update that would make a document invalid, unless validation is bypassed", () => {
    b.run({ insert: "v", documents: [{ _id: 1, qty: 5 }] });
    assert.equal(writeErrorsOf(b.run({ update: "v", updates: [{ q: { _id: 1 }, u: { $set: { qty: -5 } } }] }))[0]?.["code"], 121);
    assert.deepEqual(b.run({ update: "v", updates: [{ q: { _id: 1 }, u: { $set: { qty: -5 } } }], bypassDocumentValidation: true }), { n: 1, nModified: 1, ok: 1 });
  });

  it("lets updates of already-invalid documents through under moderate, not under strict", () => {
    b.run({ create: "m", validator: { qty: { $gte: 0 } }, validationLevel: "moderate" });
    b.run({ insert: "m", documents: [{ _id: 1, qty: -1 }], bypassDocumentValidation: true });
    b.run({ insert: "v", documents: [{ _id: 1, qty: -1 }], bypassDocumentValidation: true });
    assert.deepEqual(b.run({ update: "m", updates: [{ q: { _id: 1 }, u: { $set: { note: "x" } } }] }), { n: 1, nModified: 1, ok: 1 });
    assert.equal(writeErrorsOf(b.run({ update: "v", updates: [{ q: { _id: 1 }, u: { $set: { note: "x" } } }] }))[0]?.["code"], 121);
  });

  it("accepts every write with validationAction warn", () => {
    b.run({ create: "w", validator: { qty: { $gte: 0 } }, validationAction: "warn" });
    assert.deepEqual(b.run({ insert: "w", documents: [{ qty: -1 }] }), { n: 1, ok: 1 });
  });

  it("refuses $jsonSchema validators it could not enforce", () => {
    assert.equal(b.run({ create: "j", validator: { $jsonSchema: { required: ["a"] } } })["codeName"], "CommandNotSupported");
  });
});

function writeErrorsOf(reply: Document): Document[] {
  return (reply["writeErrors"] as Document[] | undefined) ?? [];
}
