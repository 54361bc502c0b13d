import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCsv } from "./csv.js";

test("parseCsv: quoted commas, doubled quotes, line breaks inside quotes, CRLF, blank lines and a missing final newline", () => {
  const text = 'a,b,c\r\n"CN=x,O=y","say ""hi""","two\nlines"\n\n1,,3';
  assert.deepEqual(parseCsv(text), [
    ["a", "b", "c"],
    ["CN=x,O=y", 'say "hi"', "two\nlines"],
    ["1", "", "3"],
  ]);
  assert.deepEqual(parseCsv(""), []);
  assert.deepEqual(parseCsv("x\n"), [["x"]]);
  assert.throws(() => parseCsv('a\n"open'), /unterminated quoted field in row 2/);
});
