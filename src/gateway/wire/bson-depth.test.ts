import assert from "node:assert/strict";
import { test } from "node:test";
import { serialize, type Document } from "bson";
import { decodeDocument } from "./bson-codec.js";
import { MAX_WIRE_BSON_DEPTH, nestingOverflowPath } from "./bson-depth.js";
import { WireError } from "./wire-error.js";

function nested(levels: number, leaf: unknown = 1, key = "a"): Document {
  let doc: unknown = leaf;
  for (let i = 0; i < levels; i++) doc = i % 2 === 0 ? { [key]: doc } : [doc];
  return { filter: doc };
}

test("a document with 200 nested levels below its root passes, 201 do not (mongod's maxBSONDepth)", () => {
  const atLimit = Buffer.from(serialize(nested(MAX_WIRE_BSON_DEPTH)));
  assert.equal(nestingOverflowPath(atLimit, 0, atLimit.length), undefined);
  assert.doesNotThrow(() => decodeDocument(atLimit));
  const over = Buffer.from(serialize(nested(MAX_WIRE_BSON_DEPTH + 1)));
  const path = nestingOverflowPath(over, 0, over.length);
  assert.equal(path?.length, MAX_WIRE_BSON_DEPTH + 1);
  assert.deepEqual(path?.slice(0, 3), ["filter", "a", "0"]);
  assert.throws(
    () => decodeDocument(over),
    (e: unknown) => e instanceof WireError && e.code === "BSON_TOO_DEEP" && e.message.startsWith("BSONObj exceeds maximum nested object depth in element with field name 'filter.a.0.a."),
  );
});

test("a million levels are refused by one scan, without recursion", () => {
  const levels = 1_000_000;
  const bytes = Buffer.alloc(levels * 7 + 5 + 1);
  // Hand-built: every level is an embedded document with an empty name holding the next level.
  let pos = 0;
  const write = (at: number, size: number) => bytes.writeInt32LE(size, at);
  for (let i = 0; i < levels; i++) {
    write(pos, bytes.length - pos - (levels - i) * 2 + 2);
    bytes[pos + 4] = 3;
    bytes[pos + 5] = 0;
    pos += 6;
  }
  const started = process.hrtime.bigint();
  const path = nestingOverflowPath(bytes, 0, bytes.length);
  assert.equal(path?.length, MAX_WIRE_BSON_DEPTH + 1);
  assert.ok(process.hrtime.bigint() - started < 1_000_000_000n);
});

test("values of every type are skipped over correctly", () => {
  const doc = { s: "x", n: 1.5, i: 2, b: true, z: null, r: /a/i, d: new Date(0), o: { p: [1, "y", { q: [] }] } };
  const bytes = Buffer.from(serialize({ ...doc, deep: nested(MAX_WIRE_BSON_DEPTH + 1)["filter"] }));
  assert.equal(nestingOverflowPath(bytes, 0, bytes.length)?.[0], "deep");
});
