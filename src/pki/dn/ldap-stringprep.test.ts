import { test } from "node:test";
import assert from "node:assert/strict";
import { ldapStringprep, StringprepError } from "./ldap-stringprep.js";
import { PROHIBITED, UNASSIGNED_IN_UNICODE_3_2, inRanges } from "./rfc3454-tables.js";

function refuses(value: string, codePoint: number, pattern: RegExp): void {
  assert.throws(
    () => ldapStringprep(value),
    (error: unknown) => error instanceof StringprepError && error.codePoint === codePoint && pattern.test(error.message),
  );
}

test("controls map to nothing, except the whitespace controls which map to a space", () => {
  assert.equal(ldapStringprep("a\u0000b\u0001c\u001Fd\u007Fe\u0084f\u009F"), "abcdef");
  assert.equal(ldapStringprep("a\tb\nc\u000Bd\u000Ce\rf\u0085g"), "a b c d e f g");
});

test("invisible characters map to nothing", () => {
  assert.equal(ldapStringprep("s\u00ADo\u1806f\u034Ft\u180Bh\uFE00y\uFE0Fp\uFFFCh\u200Ben"), "softhyphen");
});

test("separators map to a space and spaces are kept as they are (no insignificant-space handling)", () => {
  assert.equal(ldapStringprep("a\u00A0b\u1680c\u2000d\u200Ae\u2028f\u2029g\u202Fh\u205Fi\u3000j"), "a b c d e f g h i j");
  assert.equal(ldapStringprep("  two  spaces  "), "  two  spaces  ");
});

test("NFKC folds compatibility characters and composes combining marks; case is kept", () => {
  assert.equal(ldapStringprep("ﬁle Ｆｕｌｌ"), "file Full");
  assert.equal(ldapStringprep("Jose\u0301"), "José");
  assert.equal(ldapStringprep("①²ℌ"), "12H");
  assert.equal(ldapStringprep("MiXeD"), "MiXeD");
});

test("format characters map to nothing, including the C.8 ones the prohibition table also lists", () => {
  assert.equal(ldapStringprep("a\u06DDb\u180Ec\u200Cd\u200Ee\u202Af\u2060g\u206Ah\uFEFFi\uFFF9j"), "abcdefghij");
  assert.equal(ldapStringprep(`x${String.fromCodePoint(0x1d173, 0xe0001, 0xe0041)}y`), "xy");
});

test("prohibited code points are refused: private use, non-characters, surrogates", () => {
  refuses("a\uE000", 0xe000, /prohibited/);
  refuses("\uFDD0", 0xfdd0, /prohibited/);
  refuses("\uFFFE", 0xfffe, /prohibited/);
  refuses(String.fromCodePoint(0x10fffd), 0x10fffd, /prohibited/);
  refuses("\uD800", 0xd800, /prohibited/);
});

test("U+FFFD passes: RFC 4518 prohibits it but ICU's profile, which mongod runs, does not", () => {
  assert.equal(ldapStringprep("bad \uFFFD"), "bad \uFFFD");
});

test("five CJK compatibility ideographs take their Unicode 3.2 decomposition, as in ICU's stringprep", () => {
  assert.equal(ldapStringprep("\u{2F868}\u{2F874}\u{2F91F}\u{2F95F}\u{2F9BF}"), "\u{2136A}\u5F33\u43AB\u7AAE\u4D57");
});

test("prohibition applies after NFKC: U+0340 (table C.8) normalizes to U+0300 first and passes", () => {
  assert.equal(ldapStringprep("a\u0340"), "\u00E0");
});

test("code points unassigned in Unicode 3.2 are refused even when Unicode assigned them later", () => {
  refuses("smile 😀", 0x1f600, /unassigned in Unicode 3\.2/);
  refuses("\u0221", 0x0221, /unassigned in Unicode 3\.2/);
  refuses("\u20B9", 0x20b9, /unassigned in Unicode 3\.2/);
  assert.equal(ldapStringprep("\u20AC\u0220"), "\u20AC\u0220");
});

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
