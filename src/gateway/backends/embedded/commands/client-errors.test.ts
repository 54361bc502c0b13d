import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Binary, type Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

// A client's malformed command gets mongod's specific code, never InternalError (the scratch
// backend rethrows anything that would have rendered as InternalError).

let b: ScratchBackend;
beforeEach(() => {
  b = openScratchBackend();
  b.run({ insert: "c", documents: [{ _id: 1, s: "a" }] });
});
afterEach(() => b.dispose());

function nest(levels: number, leaf: Document, wrap: (inner: Document) => Document): Document {
  let doc = leaf;
  for (let i = 0; i < levels; i++) doc = wrap(doc);
  return doc;
}

function failure(reply: Document): [unknown, unknown, unknown] {
  assert.equal(reply["ok"], 0, JSON.stringify(reply));
  return [reply["code"], reply["codeName"], reply["errmsg"]];
}

describe("mongod's codes for malformed commands", () => {
  it("an invalid regular expression is 51091", () => {
    const [code, codeName, errmsg] = failure(b.run({ find: "c", filter: { s: { $regex: "(" } } }));
    assert.equal(code, 51091);
    assert.equal(codeName, "Location51091");
    assert.match(String(errmsg), /^Regular expression is invalid: /);
  });

  it("a pipeline update stage without exactly one field is 40323 (findAndModify, update, aggregate)", () => {
    assert.deepEqual(failure(b.run({ findAndModify: "c", query: {}, update: [{}] })).slice(0, 2), [40323, "Location40323"]);
    const update = b.run({ update: "c", updates: [{ q: {}, u: [{ $set: { a: 1 }, $unset: "b" }] }] });
    assert.equal((update["writeErrors"] as Document[])[0]?.["code"], 40323);
    assert.deepEqual(failure(b.run({ aggregate: "c", pipeline: [{}], cursor: {} })).slice(0, 2), [40323, "Location40323"]);
    assert.deepEqual(failure(b.run({ aggregate: "c", pipeline: [5], cursor: {} })).slice(0, 2), [14, "TypeMismatch"]);
  });

  it("an update operator whose operand is not a document is FailedToParse (found by the wire fuzzer)", () => {
    const [code, codeName, errmsg] = failure(b.run({ findAndModify: "c", query: { a: 1 }, update: { $inc: null }, new: true, upsert: true }));
    assert.deepEqual([code, codeName], [9, "FailedToParse"]);
    assert.equal(errmsg, "Modifiers operate on fields but we found type null instead. For example: {$mod: {<field>: ...}} not {$inc: null}");
    const update = b.run({ update: "c", updates: [{ q: {}, u: { $set: 5 }, upsert: true }] });
    assert.equal((update["writeErrors"] as Document[])[0]?.["code"], 9);
  });

  it("endSessions with an id that is not a UUID is TypeMismatch", () => {
    assert.deepEqual(failure(b.run({ endSessions: [{ id: 5 }] })), [
      14,
      "TypeMismatch",
      "BSON field 'EndSessionsCmdFromClient.endSessions.id' is the wrong type 'int', expected type 'binData'",
    ]);
    assert.deepEqual(failure(b.run({ endSessions: [{ id: null }] })).slice(0, 2), [14, "TypeMismatch"]);
    assert.deepEqual(failure(b.run({ endSessions: [{}] })).slice(0, 2), [40414, "Location40414"]);
    assert.deepEqual(failure(b.run({ endSessions: [{ id: new Binary(Buffer.alloc(3), 0) }] })).slice(0, 2), [14, "TypeMismatch"]);
    assert.equal(b.run({ endSessions: [{ id: new Binary(Buffer.alloc(16), 4) }] })["ok"], 1);
  });

  it("a filter nested 5,000 levels is Overflow, through $and, $or, $not and $elemMatch", () => {
    const wrappers: Array<(inner: Document) => Document> = [
      (inner) => ({ $and: [inner] }),
      (inner) => ({ $or: [inner, { s: "z" }] }),
      (inner) => ({ a: { $elemMatch: inner } }),
    ];
    for (const wrap of wrappers) {
      const [code, codeName] = failure(b.run({ find: "c", filter: nest(5000, { s: "a" }, wrap) }));
      assert.deepEqual([code, codeName], [15, "Overflow"]);
    }
    const pipeline = [{ $match: nest(5000, { s: "a" }, (inner) => ({ $and: [inner] })) }];
    assert.deepEqual(failure(b.run({ aggregate: "c", pipeline, cursor: {} })).slice(0, 2), [15, "Overflow"]);
  });
});

describe("mongod's storage depth limit (180 levels)", () => {
  const deep = (levels: number): Document => ({ _id: levels, d: nest(levels - 1, { x: 1 }, (inner) => ({ d: inner })) });

  it("stores 180 levels and refuses 181 on insert", () => {
    assert.equal(b.run({ insert: "c", documents: [deep(179)] })["n"], 1);
    const refused = b.run({ insert: "c", documents: [deep(180)] });
    assert.deepEqual((refused["writeErrors"] as Document[])[0], { index: 0, code: 15, errmsg: "cannot insert document because it exceeds 180 levels of nesting" });
  });

  it("does not count empty embedded documents and arrays", () => {
    assert.equal(b.run({ insert: "c", documents: [{ _id: "e", d: nest(178, { x: {}, y: [] }, (inner) => ({ d: inner })) }] })["n"], 1);
  });

  it("refuses an update whose result would nest too deeply, leaving the document as it was", () => {
    const reply = b.run({ update: "c", updates: [{ q: { _id: 1 }, u: { $set: { d: nest(180, { x: 1 }, (inner) => ({ d: inner })) } } }] });
    assert.deepEqual((reply["writeErrors"] as Document[])[0], { index: 0, code: 15, errmsg: "Document exceeds maximum nesting depth of 180" });
    const [doc] = b.run({ find: "c", filter: { _id: 1 } })["cursor"].firstBatch as Document[];
    assert.deepEqual(doc, { _id: 1, s: "a" });
  });
});
