import { test } from "node:test";
import assert from "node:assert/strict";
import { ldapStringprep, StringprepError } from "./ldap-stringprep.js";
import { PROHIBITED, UNASSIGNED_IN_UNICODE_3_2, inRanges } from "./rfc3454-tables.js";

/** Each step of the preparation, with values and what they become. */
const PREPARED: Array<{ rule: string; cases: Array<[value: string, prepared: string]> }> = [
  {
    rule: "controls map to nothing, except the whitespace controls which map to a space",
    cases: [["a\u0000b\u0001c\u001Fd\u007Fe\u0084f\u009F", "abcdef"], ["a\tb\nc\u000Bd\u000Ce\rf\u0085g", "a b c d e f g"]],
  },
  { rule: "invisible characters map to nothing", cases: [["s\u00ADo\u1806f\u034Ft\u180Bh\uFE00y\uFE0Fp\uFFFCh\u200Ben", "softhyphen"]] },
  {
    rule: "separators map to a space and spaces are kept as they are (no insignificant-space handling)",
    cases: [["a\u00A0b\u1680c\u2000d\u200Ae\u2028f\u2029g\u202Fh\u205Fi\u3000j", "a b c d e f g h i j"], ["  two  spaces  ", "  two  spaces  "]],
  },
  {
    rule: "NFKC folds compatibility characters and composes combining marks; case is kept",
    cases: [["ﬁle Ｆｕｌｌ", "file Full"], ["Jose\u0301", "José"], ["①²ℌ", "12H"], ["MiXeD", "MiXeD"]],
  },
  {
    rule: "format characters map to nothing, including the C.8 ones the prohibition table also lists",
    cases: [["a\u06DDb\u180Ec\u200Cd\u200Ee\u202Af\u2060g\u206Ah\uFEFFi\uFFF9j", "abcdefghij"], [`x${String.fromCodePoint(0x1d173, 0xe0001, 0xe0041)}y`, "xy"]],
  },
  { rule: "U+FFFD passes: RFC 4518 prohibits it but ICU's profile, which mongod runs, does not", cases: [["bad \uFFFD", "bad \uFFFD"]] },
  {
    rule: "five CJK compatibility ideographs take their Unicode 3.2 decomposition, as in ICU's stringprep",
    cases: [["\u{2F868}\u{2F874}\u{2F91F}\u{2F95F}\u{2F9BF}", "\u{2136A}\u5F33\u43AB\u7AAE\u4D57"]],
  },
  { rule: "prohibition applies after NFKC: U+0340 (table C.8) normalizes to U+0300 first and passes", cases: [["a\u0340", "\u00E0"]] },
  { rule: "code points Unicode 3.2 had already assigned pass (the refused ones below came later)", cases: [["\u20AC\u0220", "\u20AC\u0220"]] },
];

/** The code points preparation refuses, with a value holding one and the reason given. */
const REFUSED: Array<{ rule: string; reason: RegExp; cases: Array<[value: string, codePoint: number]> }> = [
  {
    rule: "prohibited code points are refused: private use, non-characters, surrogates",
    reason: /prohibited/,
    cases: [["a\uE000", 0xe000], ["\uFDD0", 0xfdd0], ["\uFFFE", 0xfffe], [String.fromCodePoint(0x10fffd), 0x10fffd], ["\uD800", 0xd800]],
  },
  {
    rule: "code points unassigned in Unicode 3.2 are refused even when Unicode assigned them later",
    reason: /unassigned in Unicode 3\.2/,
    cases: [["smile 😀", 0x1f600], ["\u0221", 0x0221], ["\u20B9", 0x20b9]],
  },
];

for (const { rule, cases } of PREPARED) {
  test(rule, () => {
    for (const [value, prepared] of cases) assert.equal(ldapStringprep(value), prepared, JSON.stringify(value));
  });
}

for (const { rule, reason, cases } of REFUSED) {
  test(rule, () => {
    for (const [value, codePoint] of cases) {
      assert.throws(
        () => ldapStringprep(value),
        (error: unknown) => error instanceof StringprepError && error.codePoint === codePoint && reason.test(error.message),
        JSON.stringify(value),
      );
    }
  });
}

test("the embedded tables are sorted, non-overlapping inclusive ranges", () => {
  for (const [name, ranges] of [["A.1", UNASSIGNED_IN_UNICODE_3_2], ["C", PROHIBITED]] as const) {
    assert.equal(ranges.length % 2, 0, name);
    for (let index = 0; index < ranges.length; index += 2) {
      assert.ok((ranges[index] as number) <= (ranges[index + 1] as number), `${name} range ${index / 2}`);
      if (index > 0) assert.ok((ranges[index] as number) > (ranges[index - 1] as number) + 1, `${name} gap before ${index / 2}`);
    }
  }
  assert.equal(UNASSIGNED_IN_UNICODE_3_2.length / 2, 396);
  assert.equal(inRanges(PROHIBITED, 0xf0000), true);
  assert.equal(inRanges(PROHIBITED, 0xe0001), false);
  assert.equal(inRanges(UNASSIGNED_IN_UNICODE_3_2, 0x0041), false);
  assert.equal(inRanges(UNASSIGNED_IN_UNICODE_3_2, 0xe0000), true);
});

test("preparation is idempotent", () => {
  for (const value of ["ﬁle Ｆｕｌｌ", "a\u00A0\tb", "Jose\u0301 ", "東京", "①"]) {
    const once = ldapStringprep(value);
    assert.equal(ldapStringprep(once), once);
  }
});
