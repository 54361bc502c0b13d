import { test } from "node:test";
import assert from "node:assert/strict";
import { parseExactJson, stringifyExactJson } from "./exact-json.js";

test("integers beyond 2^53 stay exact as bigint and are written back digit for digit; other numbers stay numbers", () => {
  const parsed = parseExactJson('{"_id":8666507145723444099,"n":1440,"f":1.5,"neg":-9223372036854775807,"list":[9007199254740993]}') as Record<string, unknown>;
  assert.equal(parsed._id, 8666507145723444099n);
  assert.equal(parsed.n, 1440);
  assert.equal(parsed.f, 1.5);
  assert.equal(parsed.neg, -9223372036854775807n);
  assert.deepEqual(parsed.list, [9007199254740993n]);
  assert.equal(stringifyExactJson(parsed, 0), '{"_id":8666507145723444099,"n":1440,"f":1.5,"neg":-9223372036854775807,"list":[9007199254740993]}');
  assert.equal(stringifyExactJson({ a: [1n] }), '{\n  "a": [\n    1\n  ]\n}');
});
