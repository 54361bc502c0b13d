import assert from "node:assert/strict";
import { test } from "node:test";
import { Binary, BSONRegExp, Code, DBRef, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, serialize, Timestamp, type Document } from "bson";
import { BSON_TYPE, findFields, integerKeyField, numberField, stringField } from "./bson-fields.js";
import { WireError } from "./wire-error.js";

const bytes = (document: Document): Buffer => Buffer.from(serialize(document));

test("findFields skips every BSON type to reach the fields after it, at any offset", () => {
  const document = {
    double: new Double(1.5),
    text: "héllo",
    nested: { a: [1, 2, { b: "c" }] },
    array: ["x", new Int32(3)],
    binary: new Binary(Buffer.from([1, 2, 3]), 4),
    objectId: new ObjectId(),
    flag: true,
    date: new Date(0),
    nothing: null,
    regex: new BSONRegExp("^a.*", "i"),
    code: new Code("function () {}"),
    codeWithScope: new Code("x", { x: 1 }),
    int32: new Int32(-7),
    timestamp: new Timestamp({ t: 5, i: 9 }),
    int64: Long.fromString("-9007199254740993"),
    decimal: Decimal128.fromString("1.25"),
    min: new MinKey(),
    max: new MaxKey(),
    ref: new DBRef("coll", new ObjectId()),
    last: "end",
  };
  const prefix = Buffer.from([9, 9, 9]);
  const buffer = Buffer.concat([prefix, bytes(document)]);
  const found = findFields(buffer, prefix.length, ["last", "int32", "int64", "double", "text", "missing"]);
  assert.equal(stringField(buffer, found.get("last")), "end");
  assert.equal(stringField(buffer, found.get("text")), "héllo");
  assert.equal(numberField(buffer, found.get("int32")), -7);
  assert.equal(numberField(buffer, found.get("double")), 1.5);
  assert.equal(integerKeyField(buffer, found.get("int64")), "-9007199254740993");
  assert.equal(found.get("missing"), undefined);
  assert.equal(found.get("int64")?.type, BSON_TYPE.int64);
});

test("a field's position covers its whole value, so a sub-document can be read in turn", () => {
  const buffer = bytes({ ok: 1, cursor: { firstBatch: [{ _id: 1 }], id: Long.fromNumber(42), ns: "db.c" } });
  const cursor = findFields(buffer, 0, ["cursor"]).get("cursor");
  assert.equal(cursor?.type, BSON_TYPE.document);
  const inner = findFields(buffer, cursor?.start ?? -1, ["id", "ns"]);
  assert.equal(integerKeyField(buffer, inner.get("id")), "42");
  assert.equal(stringField(buffer, inner.get("ns")), "db.c");
  assert.equal(cursor?.end, cursor === undefined ? -1 : cursor.start + buffer.readInt32LE(cursor.start));
});

test("a repeated name reports its last value, as a decoder keeps it", () => {
  // Two "ok" elements: int32 0, then double 1.
  const element = (type: number, name: string, value: Buffer): Buffer => Buffer.concat([Buffer.from([type]), Buffer.from(`${name}\0`), value]);
  const int32 = Buffer.alloc(4);
  const double = Buffer.alloc(8);
  double.writeDoubleLE(1);
  const elements = Buffer.concat([element(0x10, "ok", int32), element(0x01, "ok", double)]);
  const document = Buffer.alloc(4 + elements.length + 1);
  document.writeInt32LE(document.length, 0);
  elements.copy(document, 4);
  assert.equal(numberField(document, findFields(document, 0, ["ok"]).get("ok")), 1);
});

test("integer keys accept int32, int64 and whole doubles only; numbers of other types read as undefined", () => {
  const buffer = bytes({ a: new Int32(5), b: new Double(6), c: new Double(6.5), d: "7", e: Decimal128.fromString("8") });
  const found = findFields(buffer, 0, ["a", "b", "c", "d", "e"]);
  assert.deepEqual(
    ["a", "b", "c", "d", "e"].map((name) => integerKeyField(buffer, found.get(name))),
    ["5", "6", undefined, undefined, undefined],
  );
  assert.equal(numberField(buffer, found.get("e")), undefined);
  assert.equal(stringField(buffer, found.get("a")), undefined);
});

test("malformed documents throw WireError instead of reading past their end", () => {
  const good = bytes({ ok: 1, text: "abc" });
  const cases: Array<[string, Buffer]> = [
    ["declared length beyond the buffer", Buffer.concat([good.subarray(0, 4), good.subarray(4, good.length - 2)])],
    ["no terminating NUL", (() => { const b = Buffer.from(good); b[b.length - 1] = 1; return b; })()],
    ["unknown element type", (() => { const b = Buffer.from(good); b[4] = 0x42; return b; })()],
    ["string length past the end", (() => { const b = Buffer.from(good); b.writeInt32LE(1000, good.indexOf("text") + 5); return b; })()],
    ["too short", Buffer.from([3, 0, 0])],
  ];
  for (const [name, buffer] of cases) assert.throws(() => findFields(buffer, 0, ["text"]), WireError, name);
});
