import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

const LIMIT = 20_000;

describe("memory of blocking stages, as mongod bounds it (limit lowered for the test)", () => {
  let db: ScratchBackend;
  const aggregate = (pipeline: Document[], extra: Document = {}) => db.run({ aggregate: "big", pipeline, cursor: {}, ...extra });

  before(() => {
    db = openScratchBackend({ maxSortBytes: LIMIT });
    db.run({ insert: "big", documents: Array.from({ length: 200 }, (_, i) => ({ _id: i, k: i % 2, pad: "x".repeat(200) })) });
    db.run({ insert: "small", documents: [{ _id: 1, k: 0 }] });
  });
  after(() => db.dispose());

  it("a $group holding more than the limit fails with 292 unless allowDiskUse", () => {
    const pipeline = [{ $group: { _id: "$k", all: { $push: "$pad" } } }];
    const refused = aggregate(pipeline);
    assert.deepEqual([refused["code"], refused["codeName"], refused["errmsg"]], [
      292,
      "QueryExceededMemoryLimitNoDiskUseAllowed",
      "Exceeded memory limit for $group, but didn't allow external spilling; pass allowDiskUse:true to opt in",
    ]);
    const allowed = aggregate(pipeline, { allowDiskUse: true });
    assert.equal((allowed["cursor"] as Document)["firstBatch"].length, 2);
  });

  it("a $group that holds little passes over the same input", () => {
    const reply = aggregate([{ $group: { _id: "$k", n: { $sum: 1 } } }]);
    assert.equal((reply["cursor"] as Document)["firstBatch"].length, 2);
  });

  it("a $sort over more than the limit fails with mongod's sort message", () => {
    const refused = aggregate([{ $sort: { pad: 1, _id: -1 } }]);
    assert.deepEqual([refused["code"], refused["errmsg"]], [292, `Sort exceeded memory limit of ${LIMIT} bytes, but did not opt in to external sorting.`]);
    const found = db.run({ find: "big", filter: {}, sort: { _id: -1 } });
    assert.deepEqual([found["code"], found["errmsg"]], [292, `Sort exceeded memory limit of ${LIMIT} bytes, but did not opt in to external sorting.`]);
  });

  it("a $lookup whose foreign collection exceeds the limit fails with 292", () => {
    const refused = db.run({ aggregate: "small", pipeline: [{ $lookup: { from: "big", localField: "k", foreignField: "k", as: "j" } }], cursor: {} });
    assert.deepEqual([refused["code"], refused["errmsg"]], [292, "Exceeded memory limit for $lookup, but didn't allow external spilling; pass allowDiskUse:true to opt in"]);
    const allowed = db.run({ aggregate: "small", pipeline: [{ $lookup: { from: "big", localField: "k", foreignField: "k", as: "j" } }], cursor: {}, allowDiskUse: true });
    assert.equal(((allowed["cursor"] as Document)["firstBatch"][0] as Document)["j"].length, 100);
  });
});
