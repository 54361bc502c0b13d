import { test } from "node:test";
import assert from "node:assert/strict";
import { Binary, BSONRegExp, Code, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, UUID } from "bson";
import { doubleNice, mongodBsonString } from "./mongod-bson-string.js";

test("doubles print through %.16g plus mongod's '.0' rule, quirks included", () => {
  const cases: Array<[number, string]> = [
    [1, "1.0"],
    [1.5, "1.5"],
    [0.1, "0.1"],
    [-2.5, "-2.5"],
    [100, "100.0"],
    [1 / 3, "0.3333333333333333"],
    [0.0001, "0.0001"],
    [123456789012345680, "1.234567890123457e+17"],
    // %g writes a lower-case 'e', which mongod's check for '.', 'E' or 'N' does not see.
    [1e20, "1e+20.0"],
    [1e-5, "1e-05.0"],
    [NaN, "nan.0"],
    [Infinity, "inf.0"],
    [-0, "-0.0"],
  ];
  for (const [value, expected] of cases) assert.equal(doubleNice(value), expected, String(value));
});

test("every BSON type renders as mongod's toString does", () => {
  const doc = {
    s: "x",
    d: new Double(1),
    i: new Int32(2),
    l: Long.fromString("9223372036854775807"),
    dec: Decimal128.fromString("1.50"),
    t: true,
    n: null,
    oid: new ObjectId("66f1c0ffee00000000000001"),
    uuid: new UUID("2b1e0c4e-8f2a-4d7e-9a51-0f7e3c0c2b11"),
    bin: new Binary(Buffer.from([0x01, 0xab]), 0),
    date: new Date(1700000000000),
    ts: new Timestamp({ t: 1700000000, i: 7 }),
    re: new BSONRegExp("^a", "i"),
    code: new Code("function () {}"),
    min: new MinKey(),
    max: new MaxKey(),
    arr: [new Int32(1), "b"],
    empty: {},
    emptyArr: [],
  };
  assert.equal(
    mongodBsonString(doc),
    '{ s: "x", d: 1.0, i: 2, l: 9223372036854775807, dec: 1.50, t: true, n: null, ' +
      "oid: ObjectId('66f1c0ffee00000000000001'), uuid: UUID(\"2b1e0c4e-8f2a-4d7e-9a51-0f7e3c0c2b11\"), " +
      "bin: BinData(0, 01AB), date: new Date(1700000000000), ts: Timestamp(1700000000, 7), re: /^a/i, " +
      "code: function () {}, min: MinKey, max: MaxKey, arr: [ 1, \"b\" ], empty: {}, emptyArr: [] }",
  );
});

test("plain JS numbers print as the BSON type the serializer would choose", () => {
  assert.equal(mongodBsonString({ a: 1, b: 1.5, c: 2 ** 40 }), "{ a: 1, b: 1.5, c: 1099511627776.0 }");
});

test("long strings and binaries are cut as mongod cuts them when not printing in full", () => {
  const exact = "a".repeat(159);
  assert.equal(mongodBsonString({ s: exact }), `{ s: "${exact}" }`);
  assert.equal(mongodBsonString({ s: "a".repeat(160) }), `{ s: "${"a".repeat(150)}..." }`);
  const bytes = Buffer.alloc(81, 0xff);
  assert.equal(mongodBsonString({ b: new Binary(bytes, 0) }), `{ b: BinData(0, ${"FF".repeat(70)}...) }`);
});

test("nesting beyond 100 levels is elided", () => {
  let doc: object = { leaf: 1 };
  for (let i = 0; i < 105; i++) doc = { x: doc };
  const text = mongodBsonString(doc);
  assert.ok(text.includes("..."));
  assert.ok(!text.includes("leaf"));
});
