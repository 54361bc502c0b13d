import { test } from "node:test";
import assert from "node:assert/strict";
import { stringifyJson } from "./json.js";

test("bigint values are written as exact JSON integers", () => {
  const serial = 9223372036854775807n;
  assert.equal(stringifyJson({ _id: serial, n: 1 }), '{"_id":9223372036854775807,"n":1}');
});

test("bigint values inside arrays and with indentation", () => {
  assert.equal(stringifyJson([1n, 2], 1), "[\n 1,\n 2\n]");
});

test("a string that looks like the marker stays a string", () => {
  assert.equal(stringifyJson({ s: "bigint:5" }), '{"s":"bigint:5"}');
});
