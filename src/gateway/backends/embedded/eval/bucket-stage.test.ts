import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";

describe("$bucket files documents as mongod does", () => {
  let db: ScratchBackend;
  const buckets = (spec: Document): Document => db.run({ aggregate: "n", pipeline: [{ $bucket: spec }], cursor: {} });
  const firstBatch = (reply: Document): Document[] => (reply["cursor"] as Document)["firstBatch"] as Document[];
  const counts = (reply: Document) => firstBatch(reply).map((b) => [b["_id"], Number(b["count"])]);

  before(() => {
    db = openScratchBackend();
    db.run({ insert: "n", documents: Array.from({ length: 2_000 }, (_, i) => ({ _id: i, n: i })) });
  });
  after(() => db.dispose());

  it("a value equal to an inner boundary opens the bucket above it (ranges are [lower, upper))", () => {
    assert.deepEqual(counts(buckets({ groupBy: "$n", boundaries: [0, 500, 2_000] })), [
      [0, 500],
      [500, 1_500],
    ]);
    assert.deepEqual(counts(buckets({ groupBy: "$n", boundaries: [0, 1, 2, 3], default: "rest" })), [
      [0, 1],
      [1, 1],
      [2, 1],
      ["rest", 1_997],
    ]);
  });

  it("answers its buckets sorted by _id, the default bucket among them by its value, _id first", () => {
    const reply = buckets({ groupBy: "$n", boundaries: [1_000, 1_500], default: -1, output: { count: { $sum: 1 }, low: { $min: "$n" } } });
    assert.deepEqual(counts(reply), [
      [-1, 1_500],
      [1_000, 500],
    ]);
    assert.deepEqual(firstBatch(reply).map((b) => Object.keys(b)), [
      ["_id", "count", "low"],
      ["_id", "count", "low"],
    ]);
  });

  it("runs the same inside $facet", () => {
    const reply = db.run({ aggregate: "n", pipeline: [{ $facet: { byN: [{ $bucket: { groupBy: "$n", boundaries: [0, 500, 2_000] } }] } }], cursor: {} });
    const facet = firstBatch(reply)[0]?.["byN"] as Document[];
    assert.deepEqual(facet.map((b) => [b["_id"], Number(b["count"])]), [
      [0, 500],
      [500, 1_500],
    ]);
  });

  it("fails with mongod's 40066 when a document falls outside every bucket and there is no default", () => {
    const refused = buckets({ groupBy: "$n", boundaries: [0, 1_000] });
    assert.deepEqual([refused["ok"], refused["code"], refused["errmsg"]], [0, 40066, "$switch could not find a matching branch for an input, and no default was specified."]);
  });

  it("still refuses a malformed specification", () => {
    const refused = buckets({ groupBy: "$n", boundaries: [10, 5] });
    assert.equal(refused["ok"], 0);
    assert.equal(refused["code"], 2);
  });
});
