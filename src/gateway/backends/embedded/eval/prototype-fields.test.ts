import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { EJSON, type Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

// `__proto__`, `constructor` and `prototype` are ordinary field names to MongoDB. Documents and
// commands come from the wire with them as own fields; nothing a client sends may change
// Object.prototype or any other shared object.

/** A value as the BSON decoder hands it over: `__proto__` keys are own fields (JSON.parse does the same). */
function wire(json: string): Document {
  return EJSON.parse(json, { relaxed: false }) as Document;
}

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

function assertPrototypeUntouched(): void {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeNames, "Object.prototype gained a property");
  assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
}

let b: ScratchBackend;
beforeEach(() => {
  b = openScratchBackend();
});
afterEach(async () => {
  await b.dispose();
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    if (!prototypeNames.includes(name)) delete (Object.prototype as Record<string, unknown>)[name];
  }
});

function all(filter: Document = {}): Document[] {
  return b.run({ find: "c", filter, sort: { _id: 1 } })["cursor"].firstBatch as Document[];
}

function ownProto(doc: Document | undefined): unknown {
  assert.ok(doc !== undefined);
  assert.ok(Object.hasOwn(doc, "__proto__"), "the document holds __proto__ as its own field");
  return Object.getOwnPropertyDescriptor(doc, "__proto__")?.value;
}

describe("fields named __proto__, constructor and prototype", () => {
  const upserts: Array<[string, string]> = [
    ["a dotted path", '{"__proto__.polluted": "yes"}'],
    ["$eq", '{"__proto__.polluted": {"$eq": "yes"}}'],
    ["$and", '{"$and": [{"__proto__.polluted": "yes"}]}'],
    ["an embedded document", '{"__proto__": {"polluted": "yes"}}'],
  ];
  for (const [how, filter] of upserts) {
    it(`an update upsert seeded from ${how} stores the field and leaves Object.prototype alone`, () => {
      const reply = b.run({ update: "c", updates: [{ q: wire(filter), u: { $set: { x: 1 } }, upsert: true }] });
      assertPrototypeUntouched();
      assert.equal(reply["ok"], 1, JSON.stringify(reply));
      assert.equal(reply["n"], 1);
      const [doc] = all();
      assert.deepEqual(ownProto(doc), { polluted: "yes" });
      assert.equal(doc?.["x"], 1);
      assert.equal(Object.getPrototypeOf(doc), Object.prototype);
      assert.equal(all(wire(filter)).length, 1, "the upserted document matches its own filter");
    });

    it(`a findAndModify upsert seeded from ${how} leaves Object.prototype alone`, () => {
      const reply = b.run({ findAndModify: "c", query: wire(filter), update: { $set: { x: 1 } }, upsert: true, new: true });
      assertPrototypeUntouched();
      assert.equal(reply["ok"], 1, JSON.stringify(reply));
      assert.deepEqual(ownProto(reply["value"] as Document), { polluted: "yes" });
    });
  }

  it("constructor.prototype paths are ordinary nested fields", () => {
    b.run({ update: "c", updates: [{ q: { "constructor.prototype.polluted": "yes" }, u: { $set: { x: 1 } }, upsert: true }] });
    assertPrototypeUntouched();
    const [doc] = all();
    assert.deepEqual(doc?.["constructor"], { prototype: { polluted: "yes" } });
  });

  it("stores, returns and matches the three names like any other field", () => {
    b.run({ insert: "c", documents: [wire('{"_id": 1, "__proto__": {"a": 1}, "constructor": "c", "prototype": [1]}'), { _id: 2, other: true }] });
    assertPrototypeUntouched();
    const [first] = all({ _id: 1 });
    assert.deepEqual(ownProto(first), { a: 1 });
    assert.deepEqual(Object.keys(first ?? {}), ["_id", "__proto__", "constructor", "prototype"]);
    assert.deepEqual(all(wire('{"__proto__.a": 1}')).map((d) => d["_id"]), [1]);
    assert.deepEqual(all(wire('{"__proto__": {"a": 1}}')).map((d) => d["_id"]), [1]);
    assert.deepEqual(all({ constructor: "c" }).map((d) => d["_id"]), [1]);
    assert.deepEqual(all({ constructor: { $exists: false } }).map((d) => d["_id"]), [2], "an inherited member is not a field");
    assert.deepEqual(all({ toString: { $exists: true } }), []);
    assert.deepEqual(all({ "prototype.0": 1 }).map((d) => d["_id"]), [1]);
    const projected = b.run({ find: "c", filter: { _id: 1 }, projection: wire('{"__proto__": 1, "constructor": 1}') })["cursor"].firstBatch as Document[];
    assert.deepEqual(Object.keys(projected[0] ?? {}), ["_id", "__proto__", "constructor"]);
  });

  it("updates fields named __proto__ with $set, $inc, $unset and $rename", () => {
    b.run({ insert: "c", documents: [{ _id: 1, a: { polluted: "yes" } }] });
    const run = (u: string) => assert.equal(b.run({ update: "c", updates: [{ q: { _id: 1 }, u: wire(u) }] })["nModified"], 1, u);
    run('{"$set": {"__proto__.polluted": "yes"}}');
    run('{"$inc": {"__proto__.n": 1}}');
    assertPrototypeUntouched();
    assert.deepEqual(ownProto(all()[0]), { polluted: "yes", n: 1 });
    run('{"$unset": {"__proto__": ""}}');
    assert.equal(Object.hasOwn(all()[0] ?? {}, "__proto__"), false);
    run('{"$rename": {"a": "__proto__"}}');
    assert.deepEqual(ownProto(all()[0]), { polluted: "yes" });
    run('{"$set": {"constructor": {"prototype": {"polluted": "yes"}}}}');
    assertPrototypeUntouched();
  });

  it("replaces a document with one holding __proto__", () => {
    b.run({ insert: "c", documents: [{ _id: 1 }] });
    b.run({ update: "c", updates: [{ q: { _id: 1 }, u: wire('{"__proto__": {"polluted": "yes"}}') }] });
    assertPrototypeUntouched();
    assert.deepEqual(ownProto(all()[0]), { polluted: "yes" });
  });

  it("groups and projects in aggregations without touching prototypes", () => {
    b.run({ insert: "c", documents: [wire('{"_id": 1, "k": "__proto__", "__proto__": {"polluted": "yes"}}'), { _id: 2, k: "constructor" }, { _id: 3, k: "toString" }] });
    const grouped = b.run({ aggregate: "c", pipeline: [{ $group: { _id: "$k", n: { $sum: 1 } } }, { $sort: { _id: 1 } }], cursor: {} })["cursor"].firstBatch as Document[];
    assert.deepEqual(grouped.map((d) => d["_id"]), ["__proto__", "constructor", "toString"]);
    const computed = b.run({ aggregate: "c", pipeline: [{ $match: { _id: 1 } }, { $project: wire('{"__proto__": 1, "copy": "$k"}') }], cursor: {} })["cursor"].firstBatch as Document[];
    assert.deepEqual(ownProto(computed[0]), { polluted: "yes" });
    assertPrototypeUntouched();
  });

  it("indexes a field named __proto__", () => {
    assert.equal(b.run({ createIndexes: "c", indexes: [{ key: wire('{"__proto__.polluted": 1}'), name: "p", unique: true }] })["ok"], 1);
    b.run({ insert: "c", documents: [wire('{"_id": 1, "__proto__": {"polluted": "yes"}}')] });
    const dup = b.run({ insert: "c", documents: [wire('{"_id": 2, "__proto__": {"polluted": "yes"}}')] });
    assert.equal((dup["writeErrors"] as Document[])[0]?.["code"], 11000);
    assertPrototypeUntouched();
  });
});
