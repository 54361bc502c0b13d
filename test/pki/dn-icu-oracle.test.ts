/**
 * certgate's RFC 4518 preparation against the real thing: ICU's `USPREP_RFC4518_LDAP` profile, the one
 * mongod calls (`icuX509DNPrep`, USPREP_DEFAULT so unassigned code points fail). A small C program is
 * compiled at test time against the system ICU (Debian's libicu-dev and gcc) and prepares every code
 * point of planes 0-2 and 14, a sample of the other planes, and a few thousand awkward strings; the
 * results must equal ldapStringprep's, refusals included.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ldapStringprep } from "../../src/pki/dn/ldap-stringprep.js";

const run = promisify(execFile);

const ORACLE_C = String.raw`
#include <stdio.h>
#include <string.h>
#include <unicode/usprep.h>
#include <unicode/ustring.h>
static UStringPrepProfile *profile;
/* Prepares UTF-16 input; writes the UTF-8 result as hex, or "E" when ICU refuses it. */
static void prepare(const UChar *in, int32_t len) {
  UChar out[1024]; char utf8[4096]; UErrorCode status = U_ZERO_ERROR; int32_t n, m;
  n = usprep_prepare(profile, in, len, out, 1024, USPREP_DEFAULT, NULL, &status);
  if (U_FAILURE(status)) { printf("E\n"); return; }
  u_strToUTF8(utf8, sizeof utf8, &m, out, n, &status);
  for (int32_t i = 0; i < m; i++) printf("%02X", (unsigned char)utf8[i]);
  printf("-\n");
}
int main(int argc, char **argv) {
  UErrorCode status = U_ZERO_ERROR;
  profile = usprep_openByType(USPREP_RFC4518_LDAP, &status);
  if (U_FAILURE(status)) { fprintf(stderr, "usprep_openByType: %s\n", u_errorName(status)); return 1; }
  if (argc > 1 && strcmp(argv[1], "codepoints") == 0) {
    for (UChar32 cp = 0; cp <= 0x10FFFF; cp++) { UChar in[2]; int32_t len = 0; UBool e = 0; U16_APPEND(in, len, 2, cp, e); prepare(in, len); }
    return 0;
  }
  char line[8192];
  while (fgets(line, sizeof line, stdin)) {
    char bytes[4096]; int32_t n = 0; UChar in[4096]; int32_t len = 0;
    for (char *p = line; p[0] && p[0] != '\n' && p[1]; p += 2) { unsigned v; sscanf(p, "%2X", &v); bytes[n++] = (char)v; }
    status = U_ZERO_ERROR;
    u_strFromUTF8(in, 4096, &len, bytes, n, &status);
    if (U_FAILURE(status)) { printf("BADINPUT\n"); continue; }
    prepare(in, len);
  }
  return 0;
}
`;

let dir = "";
let oracle = "";

function mine(value: string): string {
  try {
    return `${Buffer.from(ldapStringprep(value), "utf8").toString("hex").toUpperCase()}-`;
  } catch {
    return "E";
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "certgate-icu-"));
  await writeFile(join(dir, "oracle.c"), ORACLE_C);
  oracle = join(dir, "oracle");
  await run("gcc", ["-O1", "-o", oracle, join(dir, "oracle.c"), "-licuuc"]);
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test("every code point of planes 0-2 and 14, and every 97th of the others, is prepared exactly as ICU does", async () => {
  const { stdout } = await run(oracle, ["codepoints"], { maxBuffer: 64 * 1024 * 1024 });
  const results = stdout.split("\n");
  assert.equal(results.length, 0x110001, "one line per code point");
  const mismatches: string[] = [];
  let checked = 0;
  for (let cp = 0; cp <= 0x10ffff; cp += 1) {
    const plane = cp >> 16;
    if (plane !== 0 && plane !== 1 && plane !== 2 && plane !== 14 && cp % 97 !== 0) continue;
    checked += 1;
    // A lone surrogate is what ICU was given for U+D800-DFFF; JS strings can hold one too.
    const actual = mine(String.fromCodePoint(cp));
    if (actual !== results[cp]) mismatches.push(`U+${cp.toString(16).toUpperCase()}: ICU ${results[cp]}, certgate ${actual}`);
  }
  assert.deepEqual(mismatches.slice(0, 20), []);
  assert.ok(checked > 200_000, `checked ${checked} code points`);
});

test("3000 random strings of awkward characters and some fixed ones are prepared exactly as ICU does", async () => {
  const alphabet = [
    "a", "Z", " ", "\t", "\n", "\u0085", "\u00A0", "\u00AD", "\u200B", "\u200D", "\u2060", "\uFEFF", "e", "\u0301", "\u0340",
    "ﬁ", "Ｆ", "①", "Å", "\u212B", "한", "\u1100", "\u1161", "\u11A8", "東", "\u{2F868}", "\u{20000}", "\uFE0F", "\u0000",
    "\uFFFD", "\u{E0041}", "\u{1D173}", "😀", "\uE000", "ǅ", "ß", "\u03D3", "\u0958",
  ];
  const fixed = ["", " ", "  two  ", "ﬁle Ｆｕｌｌ", "Before\nAfter", "tabs\tare\tspaces\u200B", "Jose\u0301", "\u1100\u1161\u11A8"];
  const strings = [...fixed];
  let seed = 20260101;
  const random = (limit: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % limit;
  };
  while (strings.length < fixed.length + 3000) {
    let value = "";
    for (let length = 1 + random(10); length > 0; length -= 1) value += alphabet[random(alphabet.length)];
    strings.push(value);
  }
  const input = strings.map((value) => Buffer.from(value, "utf8").toString("hex")).join("\n");
  const child = run(oracle, [], { maxBuffer: 16 * 1024 * 1024 });
  child.child.stdin?.end(`${input}\n`);
  const results = (await child).stdout.split("\n");
  const mismatches = strings
    .map((value, index) => ({ value, icu: results[index], certgate: mine(value) }))
    .filter((row) => row.value !== "" && row.icu !== row.certgate);
  assert.deepEqual(mismatches.slice(0, 10), []);
  assert.equal(mine(""), "-");
});
