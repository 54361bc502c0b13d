import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJson, stringifyJson } from "./json.js";

test("bigint values are written as exact JSON integers", () => {
  const serial = 9223372036854775807n;
  assert.equal(stringifyJson({ _id: serial, n: 1 }), '{"_id":9223372036854775807,"n":1}');
});

test("bigint values inside arrays and with indentation", () => {
  assert.equal(stringifyJson([1n, 2], 1), "[\n 1,\n 2\n]");
  assert.equal(stringifyJson({ a: [1n] }, 2), '{\n  "a": [\n    1\n  ]\n}');
});

test("a string is always written as a string, whatever it contains", () => {
  assert.equal(stringifyJson({ s: "bigint:5" }), '{"s":"bigint:5"}');
  // The marker the previous implementation used to smuggle bigints through JSON.stringify.
  assert.equal(stringifyJson({ s: "\u0000bigint:42" }), '{"s":"\\u0000bigint:42"}');
  assert.deepEqual(parseJson(stringifyJson({ s: "\u0000bigint:42" })), { s: "\u0000bigint:42" });
});

test("what JSON.stringify drops or nulls is dropped or nulled the same way", () => {
  const value = { d: new Date(0), u: undefined, n: NaN, list: [undefined, 1] };
  assert.equal(stringifyJson(value), JSON.stringify(value));
});

test("integers beyond 2^53 are read back exactly as bigint; other numbers stay numbers", () => {
  const parsed = parseJson('{"_id":8666507145723444099,"n":1440,"f":1.5,"neg":-9223372036854775807,"list":[9007199254740993]}') as Record<string, unknown>;
  assert.equal(parsed._id, 8666507145723444099n);
  assert.equal(parsed.n, 1440);
  assert.equal(parsed.f, 1.5);
  assert.equal(parsed.neg, -9223372036854775807n);
  assert.deepEqual(parsed.list, [9007199254740993n]);
  assert.equal(stringifyJson(parsed), '{"_id":8666507145723444099,"n":1440,"f":1.5,"neg":-9223372036854775807,"list":[9007199254740993]}');
});
