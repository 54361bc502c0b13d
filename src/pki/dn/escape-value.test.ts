import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeValue } from "./escape-value.js";

/** Each rule of mongod's escaping, with values and how it writes them. */
const RULES: Array<{ rule: string; cases: Array<[value: string, escaped: string]> }> = [
  { rule: "mongod's special characters get a backslash, = does not", cases: [[',+"\\<>;=', '\\,\\+\\"\\\\\\<\\>\\;=']] },
  { rule: "a leading space or # is escaped, a later # is not", cases: [[" lead", "\\ lead"], ["#1#2", "\\#1#2"]] },
  { rule: "non-ASCII characters become one upper-case \\XX per UTF-8 byte", cases: [["é東😀", "\\C3\\A9\\E6\\9D\\B1\\F0\\9F\\98\\80"]] },
  {
    rule: "a trailing space is escaped only when the escaped text is longer than two characters",
    cases: [["a ", "a "], [" ", "\\ "], ["ab ", "ab\\ "], ["  ", "\\ \\ "], ["é ", "\\C3\\A9\\ "], [", ", "\\,\\ "], ["x  ", "x \\ "]],
  },
  { rule: "controls are left as they are and the empty value stays empty", cases: [["a\u0007b", "a\u0007b"], ["", ""]] },
];

for (const { rule, cases } of RULES) {
  test(rule, () => {
    for (const [value, escaped] of cases) assert.equal(escapeValue(value), escaped, JSON.stringify(value));
  });
}
