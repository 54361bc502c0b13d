import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Decimal128, Long, ObjectId } from "bson";
import { restoreTypes, toEval } from "./bson-eval.js";
import { mongodValueString } from "../../../mongod-text/mongod-bson-string.js";
import { upsertSeed } from "./apply-update.js";

describe("restoreTypes", () => {
  it("gives changed and unchanged numbers their original BSON types back", () => {
    const original = { l: Long.fromNumber(5), d: Decimal128.fromString("1.10"), big: Long.fromString("9007199254740993"), plain: 3 };
    const updated = { ...(toEval(original) as Record<string, unknown>), l: 6 };
    const restored = restoreTypes(updated, original) as Record<string, unknown>;
    assert.ok(restored["l"] instanceof Long && restored["l"].toString() === "6");
    assert.equal(restored["d"], original.d, "an untouched Decimal128 keeps its exact representation");
    assert.equal(restored["big"], original.big, "an untouched Long beyond 2^53 keeps its exact value");
    assert.equal(restored["plain"], 3);
  });

  it("keeps a fractional result of Long arithmetic a double", () => {
    assert.equal(restoreTypes(2.5, Long.fromNumber(5)), 2.5);
  });

  it("follows embedded documents and arrays", () => {
    const original = { a: { b: [Long.fromNumber(1)] } };
    const restored = restoreTypes({ a: { b: [2] } }, original) as { a: { b: unknown[] } };
    assert.ok(restored.a.b[0] instanceof Long);
  });
});

describe("mongodValueString", () => {
  const cases: Array<[unknown, string]> = [
    [{ name: "x" }, '{ name: "x" }'],
    [{ a: 1, b: null }, "{ a: 1, b: null }"],
    [{ _id: new ObjectId("64b7f3d2a1b2c3d4e5f60718") }, "{ _id: ObjectId('64b7f3d2a1b2c3d4e5f60718') }"],
    [{ t: [1, "a"] }, '{ t: [ 1, "a" ] }'],
    [{ n: Long.fromNumber(5), d: new Date(0) }, "{ n: 5, d: new Date(0) }"],
    [{}, "{}"],
  ];
  for (const [value, expected] of cases) it(expected, () => assert.equal(mongodValueString(value), expected));
});

describe("upsertSeed", () => {
  it("takes equalities, $eq and $and clauses, expanding dotted paths", () => {
    assert.deepEqual(upsertSeed({ a: 1, "b.c": "x", d: { $gt: 1 }, e: { $eq: 2 }, $and: [{ f: true }], $or: [{ g: 1 }] }), {
      a: 1,
      b: { c: "x" },
      e: 2,
      f: true,
    });
  });
});
