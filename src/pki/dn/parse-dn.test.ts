import { test } from "node:test";
import assert from "node:assert/strict";
import { PkiError } from "../pki-error.js";
import { parseDn } from "./parse-dn.js";

function attributes(text: string): [string, string][][] {
  return parseDn(text).map((rdn) => rdn.map((attribute) => [attribute.oid, attribute.value]));
}

function rejects(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseDn(text),
    (error: unknown) => error instanceof PkiError && error.code === "INVALID_DN" && pattern.test(error.message),
    `${JSON.stringify(text)} should fail with ${pattern}`,
  );
}

test("RDNs come back in printed order with OIDs and unescaped values", () => {
  assert.deepEqual(attributes("CN=Jane Doe+OU=Sales,O=Acme\\, Inc.,DC=example"), [
    [["2.5.4.3", "Jane Doe"], ["2.5.4.11", "Sales"]],
    [["2.5.4.10", "Acme, Inc."]],
    [["0.9.2342.19200300.100.1.25", "example"]],
  ]);
});

test("spaces after commas, around '=' and around '+' are not part of names or values", () => {
  assert.deepEqual(attributes("  CN = foo ,  OU=bar +  O=baz"), attributes("CN=foo ,OU=bar +O=baz"));
  assert.deepEqual(attributes("CN=foo, OU=bar"), [[["2.5.4.3", "foo"]], [["2.5.4.11", "bar"]]]);
});

test("unescaped trailing spaces are dropped, escaped ones and the spaces before them kept", () => {
  assert.deepEqual(attributes("CN=Jane Doe , OU=Sales  + O=x   "), [[["2.5.4.3", "Jane Doe"]], [["2.5.4.11", "Sales"], ["2.5.4.10", "x"]]]);
});

/** How the first attribute's value reads back from DNs that escape or space it. */
const VALUES: Array<{ rule: string; cases: Array<[dn: string, value: string]> }> = [
  {
    rule: "escaped trailing spaces and the spaces before them are kept; an all-space value is empty",
    cases: [["CN=ab\\ ", "ab "], ["CN=x \\ ", "x  "], ["CN=x\\20 ", "x "], ["CN=\\ lead", " lead"], ["CN=\\ \\ ", "  "], ["CN=   ", ""]],
  },
  {
    rule: "mongod's two-character quirk reads back: one plain ASCII character and a space keep the space",
    cases: [["CN=a ", "a "], ["CN=a ,O=b", "a "], ["CN=a  ", "a"], ["CN=é ", "é"], ["CN=\\, ", ","]],
  },
  {
    rule: "\\XX escapes decode as UTF-8 bytes and mix with raw UTF-8",
    cases: [["CN=Lu\\C4\\8Di\\c4\\87", "Lučić"], ["CN=Lučić", "Lučić"], ["CN=\\E6\\9D\\B1京", "東京"], ["CN=a\\20b\\2C", "a b,"]],
  },
  {
    rule: "every special character can be escaped; = and a non-leading # need not be",
    cases: [['CN=\\,\\+\\"\\\\\\<\\>\\;\\#\\=\\ x', ',+"\\<>;#= x'], ["CN=a=b#c", "a=b#c"]],
  },
];

for (const { rule, cases } of VALUES) {
  test(rule, () => {
    for (const [dn, value] of cases) assert.equal(parseDn(dn)[0]?.[0]?.value, value, dn);
  });
}

/** DNs refused, with the problem each names. */
const REFUSED: Array<{ rule: string; cases: Array<[dn: string, problem: RegExp]> }> = [
  {
    rule: "the reference's bad examples are refused with the position of the problem",
    cases: [["CN=#12345", /even number of hex digits.*position 4/], ["CN=\\B", /second hex digit at position 4/], ["CN=<", /'<' must be escaped as '\\<' at position 4/]],
  },
  {
    rule: "unescaped specials, bad escapes and dangling backslashes are refused",
    cases: [
      ['CN=say "hi"', /'"' must be escaped as '."' at position 8/],
      ["CN=a;b", /';' must be escaped as '.;' at position 5/],
      ["CN=a>", /'>' must be escaped as '.>' at position 5/],
      ["CN=a\\q", /'\\q' is not a valid escape at position 5/],
      ["CN=a\\", /lone '\\' at position 5/],
      ["CN=\\C3", /not valid UTF-8/],
      ["CN=\\4G", /second hex digit at position 4/],
    ],
  },
  {
    rule: "empty DNs, empty RDNs and trailing separators are refused",
    cases: [
      ["", /the DN is empty/],
      ["   ", /the DN is empty/],
      ["CN=a,", /ends with ',' instead of another attribute/],
      ["CN=a+", /ends with '\+' instead of another attribute/],
      ["CN=a,,O=b", /attribute names must begin with a letter or digit, not ',' at position 6/],
      [",CN=a", /not ',' at position 1/],
    ],
  },
  {
    rule: "missing '=' and malformed attribute names are refused",
    cases: [
      ["CN", /expected '=' after attribute name 'CN' at position 3/],
      ["CN foo=bar", /expected '=' after attribute name 'CN'/],
      ["C_N=x", /attribute name 'C_' contains the invalid character '_' at position 2/],
      ["=x", /begin with a letter or digit, not '='/],
      ["2.5.4.x=y", /invalid character 'x'/],
    ],
  },
  {
    rule: "unknown and ambiguous attribute names are refused by name",
    cases: [
      ["foo=bar", /unknown attribute name 'foo' at position 1/],
      ["CN=a,bogus=b", /unknown attribute name 'bogus' at position 6/],
      ["sn=123", /ambiguous attribute name 'sn'.*SN \(surname\) or serialNumber/],
      ["uniqueidentifier=x", /ambiguous attribute name 'uniqueidentifier'/],
      ["Uid=x", /ambiguous attribute name 'Uid': write UID or uid/],
      ["2.5.04.3=x", /unknown attribute name '2.5.04.3'/],
    ],
  },
  { rule: "text that is not valid Unicode is refused", cases: [["CN=\uD800", /not valid Unicode/]] },
];

for (const { rule, cases } of REFUSED) {
  test(rule, () => {
    for (const [dn, problem] of cases) rejects(dn, problem);
  });
}

test("Atlas aliases and lower-case names map to OpenSSL's attribute types", () => {
  const typed = "cn=a,E=b,e=c,T=d,t=e,surname=f,givenname=g,serialnumber=h,dc=i,dn=j,generation=k,emailaddress=l,st=m,c=NL";
  assert.deepEqual(
    parseDn(typed).map((rdn) => rdn[0]?.oid),
    ["2.5.4.3", "1.2.840.113549.1.9.1", "1.2.840.113549.1.9.1", "2.5.4.12", "2.5.4.12", "2.5.4.4", "2.5.4.42", "2.5.4.5",
      "0.9.2342.19200300.100.1.25", "2.5.4.46", "2.5.4.44", "1.2.840.113549.1.9.1", "2.5.4.8", "2.5.4.6"],
  );
});

test("OpenSSL's exact names keep OpenSSL's meaning: SN is surname, UID userId, uid uniqueIdentifier", () => {
  assert.deepEqual(parseDn("SN=a,UID=b,uid=c,serialNumber=d,GN=e").map((rdn) => rdn[0]?.oid), [
    "2.5.4.4", "0.9.2342.19200300.100.1.1", "0.9.2342.19200300.100.1.44", "2.5.4.5", "2.5.4.42",
  ]);
});

test("dotted OIDs, with or without the RFC 2253 'OID.' prefix, are taken as they are", () => {
  assert.deepEqual(attributes("1.2.3.4=x,OID.2.5.4.3=y,oid.1.3.6.1.4.1.55555.1=z"), [
    [["1.2.3.4", "x"]], [["2.5.4.3", "y"]], [["1.3.6.1.4.1.55555.1", "z"]],
  ]);
});

test("a #-hex value is read like the same bytes in a certificate", () => {
  assert.deepEqual(parseDn("1.2.3.4=#3003020105")[0]?.[0], { oid: "1.2.3.4", value: "#3003020105", derHex: true });
  assert.deepEqual(parseDn("1.2.3.4=#0c0c637573746f6d2076616c7565")[0]?.[0], { oid: "1.2.3.4", value: "custom value" });
  assert.deepEqual(parseDn("CN=#0900 , O=x").map((rdn) => rdn[0]?.value), ["#0900", "x"]);
  rejects("CN=#0C05AB", /not one DER value/);
  rejects("CN=#020105", /INTEGER, which OpenSSL does not accept in a name/);
  rejects("CN=#1E02E900", /BMPString bytes are not valid UTF-8/);
  rejects("CN=#30zz", /non-hex character 'z'/);
});

test("empty values are accepted, as certificates may carry them", () => {
  assert.deepEqual(attributes("CN=,O=x"), [[["2.5.4.3", ""]], [["2.5.4.10", "x"]]]);
  assert.deepEqual(attributes("CN="), [[["2.5.4.3", ""]]]);
});
