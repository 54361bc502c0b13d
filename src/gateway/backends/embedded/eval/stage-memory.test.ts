import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Document } from "bson";
import { openScratchBackend, type ScratchBackend } from "../../../../../test/support/scratch-backend.js";
import { Aggregator as MingoAggregator } from "mingo";
import { queryOptions } from "./query-options.js";
import { runStages } from "./stage-memory.js";

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

  it("a $bucketAuto over more than the limit fails with 292 through the aggregate command unless allowDiskUse", () => {
    const pipeline = [{ $bucketAuto: { groupBy: "$_id", buckets: 2 } }];
    const refused = aggregate(pipeline);
    assert.deepEqual([refused["code"], refused["codeName"]], [292, "QueryExceededMemoryLimitNoDiskUseAllowed"]);
    const allowed = aggregate(pipeline, { allowDiskUse: true });
    assert.deepEqual((allowed["cursor"] as Document)["firstBatch"].map((b: Document) => Number(b["count"])), [100, 100]);
  });

  it("a $bucket collecting more than the limit fails with 292 through the aggregate command unless allowDiskUse", () => {
    const pipeline = [{ $bucket: { groupBy: "$_id", boundaries: [0, 100, 200], output: { pads: { $push: "$pad" } } } }];
    const refused = aggregate(pipeline);
    assert.deepEqual([refused["code"], refused["codeName"]], [292, "QueryExceededMemoryLimitNoDiskUseAllowed"]);
    const allowed = aggregate(pipeline, { allowDiskUse: true });
    assert.equal((allowed["cursor"] as Document)["firstBatch"].length, 2);
  });
});

/** Inputs of the read-while-accounting tests: documents of about 1 KB, each run sized in bytes. */
const READ_LIMIT_BYTES = 100_000;
const PAD = "x".repeat(1_000);

/** 2,000 documents of about 1 KB (2 MB in all), counting how many the pipeline has read. */
function counted(): { readonly docs: Iterable<Document>; read: number } {
  const state = {
    read: 0,
    docs: {
      *[Symbol.iterator]() {
        for (let i = 0; i < 2_000; i++) {
          state.read += 1;
          yield { _id: i, n: i, k: i % 2, tag: `t${i % 3}`, pad: PAD };
        }
      },
    },
  };
  return state;
}

/** Every document `stages` produce from `input`, under READ_LIMIT_BYTES unless "no limit". */
function drain(stages: Document[], input: Iterable<Document>, limit: number | "no limit" = READ_LIMIT_BYTES, options: Document = {}): Document[] {
  const out: Document[] = [];
  for (let it = runStages(stages, input, { ...queryOptions(), ...options }, limit === "no limit" ? undefined : limit), next = it.next(); next.done !== true; next = it.next()) out.push(next.value);
  return out;
}

describe("a $group's growing accumulators are accounted while it reads its input", () => {
  it("a $push of whole documents into two groups is stopped with 292 soon after passing the limit, not after reading everything", () => {
    const input = counted();
    assert.throws(() => drain([{ $group: { _id: "$k", all: { $push: "$$ROOT" } } }], input.docs), (err: Error & { codeName?: string }) => err.codeName === "QueryExceededMemoryLimitNoDiskUseAllowed");
    assert.ok(input.read < 150, `read ${input.read} of 2,000 documents before stopping`);
  });

  it("an $addToSet is charged for new members only, so a set of few values over a large input passes", () => {
    const input = counted();
    const groups = drain([{ $group: { _id: "$k", tags: { $addToSet: "$tag" }, n: { $sum: 1 } } }], input.docs);
    assert.equal(input.read, 2_000);
    assert.deepEqual(groups.map((g) => [g["_id"], Number(g["n"]), (g["tags"] as string[]).length]).sort(), [[0, 1000, 3], [1, 1000, 3]]);
    const big = counted();
    assert.throws(() => drain([{ $group: { _id: null, pads: { $addToSet: { $concat: ["$pad", { $toString: "$_id" }] } } } }], big.docs), (err: Error & { codeName?: string }) => err.codeName === "QueryExceededMemoryLimitNoDiskUseAllowed");
    assert.ok(big.read < 150, `read ${big.read} of 2,000 documents before stopping`);
  });

  it("evaluates each document's _id and each $push/$addToSet argument once, accounting included", () => {
    const calls = { id: 0, push: 0, set: 0 };
    const counting = (name: keyof typeof calls, arg: string) => ({ $function: { body: (v: unknown) => ((calls[name] += 1), v), args: [arg], lang: "js" } });
    const stage = { $group: { _id: counting("id", "$k"), ids: { $push: counting("push", "$_id") }, tags: { $addToSet: counting("set", "$tag") }, n: { $sum: 1 } } };
    const input = counted();
    const groups = drain([stage], input.docs, 1_000_000, { scriptEnabled: true });
    assert.deepEqual(calls, { id: 2_000, push: 2_000, set: 2_000 });
    assert.deepEqual(groups.map((g) => [g["_id"], (g["ids"] as unknown[]).length, (g["tags"] as unknown[]).length, Number(g["n"])]), [[0, 1_000, 3, 1_000], [1, 1_000, 3, 1_000]]);
  });

  it("groups and accumulates as mingo's own $group does", () => {
    const docs = Array.from({ length: 40 }, (_, i) => ({ _id: i, k: { a: i % 3 }, v: i % 4 === 0 ? undefined : i, tag: `t${i % 5}` }));
    const spec = {
      _id: "$k",
      pushed: { $push: "$v" },
      set: { $addToSet: "$tag" },
      missingSet: { $addToSet: "$nothing" },
      roots: { $push: "$$ROOT" },
      total: { $sum: "$v" },
      firstN: { $firstN: { input: "$_id", n: { $add: ["$$CURRENT.a", 1] } } },
    };
    const ours = drain([{ $group: spec }], docs, "no limit");
    const mingos = new MingoAggregator([{ $group: spec }], queryOptions()).run(docs);
    assert.deepEqual(ours, mingos);
    assert.deepEqual(drain([{ $group: spec }], docs), mingos);
  });

  it("a $group without $push or $addToSet reads everything and passes", () => {
    const input = counted();
    assert.equal(drain([{ $group: { _id: "$k", n: { $sum: 1 }, first: { $first: "$pad" } } }], input.docs).length, 2);
    assert.equal(input.read, 2_000);
  });
});

describe("$bucket and $bucketAuto are accounted while they read their input", () => {
  const LIMIT_BYTES = READ_LIMIT_BYTES;
  const isMemoryLimit = (message: string) => (err: Error & { codeName?: string; code?: number }) =>
    err.code === 292 && err.codeName === "QueryExceededMemoryLimitNoDiskUseAllowed" && err.message === message;
  const GROUP_MESSAGE = "Exceeded memory limit for $group, but didn't allow external spilling; pass allowDiskUse:true to opt in";

  it("a $bucket pushing whole documents is stopped with 292 soon after passing the limit, not after reading everything", () => {
    const input = counted();
    const stage = { $bucket: { groupBy: "$n", boundaries: [0, 1_000, 2_000], output: { all: { $push: "$$ROOT" } } } };
    assert.throws(() => drain([stage], input.docs), isMemoryLimit(GROUP_MESSAGE));
    assert.ok(input.read < 150, `read ${input.read} of 2,000 documents before stopping`);
  });

  it("a $bucket whose default bucket collects the documents is stopped the same way", () => {
    const input = counted();
    const stage = { $bucket: { groupBy: "$n", boundaries: [5_000, 6_000], default: "other", output: { pads: { $addToSet: { $concat: ["$pad", { $toString: "$_id" }] } } } } };
    assert.throws(() => drain([stage], input.docs), isMemoryLimit(GROUP_MESSAGE));
    assert.ok(input.read < 150, `read ${input.read} of 2,000 documents before stopping`);
  });

  it("a $bucket that only counts reads everything and passes, with its buckets right", () => {
    const input = counted();
    const buckets = drain([{ $bucket: { groupBy: "$n", boundaries: [0, 499.5, 2_000] } }], input.docs);
    assert.equal(input.read, 2_000);
    assert.deepEqual(buckets.map((b) => [b["_id"], Number(b["count"])]), [[0, 500], [499.5, 1_500]]);
  });

  it("a $bucketAuto holds its whole input to sort it, so it is stopped with the sort's 292 once that passes the limit", () => {
    const input = counted();
    assert.throws(() => drain([{ $bucketAuto: { groupBy: "$n", buckets: 4 } }], input.docs), isMemoryLimit(`Sort exceeded memory limit of ${LIMIT_BYTES} bytes, but did not opt in to external sorting.`));
    assert.ok(input.read < 150, `read ${input.read} of 2,000 documents before stopping`);
  });

  it("with allowDiskUse (no limit) both stages read everything and answer", () => {
    const auto = drain([{ $bucketAuto: { groupBy: "$n", buckets: 4 } }], counted().docs, "no limit");
    assert.deepEqual(auto.map((b) => Number(b["count"])), [500, 500, 500, 500]);
    const pushed = drain([{ $bucket: { groupBy: "$n", boundaries: [0, 999.5, 2_000], output: { all: { $push: "$_id" } } } }], counted().docs, "no limit");
    assert.deepEqual(pushed.map((b) => (b["all"] as unknown[]).length), [1_000, 1_000]);
  });
});
