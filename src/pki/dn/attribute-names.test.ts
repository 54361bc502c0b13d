import { test } from "node:test";
import assert from "node:assert/strict";
import { isDottedOid, resolveAttributeName, shortNameOf } from "./attribute-names.js";

function oidOf(name: string): string | undefined {
  const lookup = resolveAttributeName(name);
  return "oid" in lookup ? lookup.oid : undefined;
}

/** Names and the attribute types they resolve to. */
const RESOLVED: Array<{ rule: string; oids: Record<string, string> }> = [
  {
    rule: "every name in Atlas's list of supported DN fields resolves, except the two it reads unlike OpenSSL",
    oids: {
      businesscategory: "2.5.4.15", c: "2.5.4.6", cn: "2.5.4.3", countryofcitizenship: "1.3.6.1.5.5.7.9.4",
      countryofresidence: "1.3.6.1.5.5.7.9.5", dateofbirth: "1.3.6.1.5.5.7.9.1", dc: "0.9.2342.19200300.100.1.25",
      dn: "2.5.4.46", e: "1.2.840.113549.1.9.1", emailaddress: "1.2.840.113549.1.9.1", gender: "1.3.6.1.5.5.7.9.3",
      generation: "2.5.4.44", givenname: "2.5.4.42", initials: "2.5.4.43", l: "2.5.4.7", name: "2.5.4.41",
      nameofbirth: "1.3.36.8.3.14", o: "2.5.4.10", ou: "2.5.4.11", placeofbirth: "1.3.6.1.5.5.7.9.2",
      postaladdress: "2.5.4.16", postalcode: "2.5.4.17", pseudonym: "2.5.4.65", serialnumber: "2.5.4.5", st: "2.5.4.8",
      street: "2.5.4.9", surname: "2.5.4.4", t: "2.5.4.12", telephonenumber: "2.5.4.20",
      unstructuredaddress: "1.2.840.113549.1.9.8", unstructuredname: "1.2.840.113549.1.9.2",
    },
  },
  {
    rule: "Atlas's 'uid' is OpenSSL's short name for uniqueIdentifier, and OpenSSL's meaning wins",
    oids: { uid: "0.9.2342.19200300.100.1.44", UID: "0.9.2342.19200300.100.1.1", userId: "0.9.2342.19200300.100.1.1" },
  },
  {
    rule: "OpenSSL's exact short and long names resolve, whatever their case convention",
    oids: {
      SN: "2.5.4.4", GN: "2.5.4.42", organizationalUnitName: "2.5.4.11", jurisdictionC: "1.3.6.1.4.1.311.60.2.1.3",
      "id-pda-dateOfBirth": "1.3.6.1.5.5.7.9.1", COMMONNAME: "2.5.4.3",
    },
  },
];

for (const { rule, oids } of RESOLVED) {
  test(rule, () => {
    for (const [name, oid] of Object.entries(oids)) assert.equal(oidOf(name), oid, name);
  });
}

test("the two names of Atlas's list that OpenSSL reads otherwise are refused as ambiguous", () => {
  for (const name of ["sn", "uniqueidentifier"]) assert.match((resolveAttributeName(name) as { problem: string }).problem, /ambiguous/, name);
});

test("unknown names are refused and dotted OIDs must be well formed", () => {
  assert.deepEqual(resolveAttributeName("colour"), { problem: "unknown attribute name 'colour'" });
  const wellFormed = { "1.2.840.113549.1.9.1": true, "2.5.04.3": false, "3.1": false, "1": false };
  for (const [text, expected] of Object.entries(wellFormed)) assert.equal(isDottedOid(text), expected, text);
});

test("printing uses OpenSSL's short name, or the dotted OID when OpenSSL has none", () => {
  const printed = { "2.5.4.5": "serialNumber", "1.2.840.113549.1.9.1": "emailAddress", "2.5.4.97": "organizationIdentifier", "1.3.36.8.3.14": "1.3.36.8.3.14" };
  for (const [oid, name] of Object.entries(printed)) assert.equal(shortNameOf(oid), name, oid);
});
