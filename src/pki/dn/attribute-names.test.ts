import { test } from "node:test";
import assert from "node:assert/strict";
import { isDottedOid, resolveAttributeName, shortNameOf } from "./attribute-names.js";

function oidOf(name: string): string | undefined {
  const lookup = resolveAttributeName(name);
  return "oid" in lookup ? lookup.oid : undefined;
}

test("every name in Atlas's list of supported DN fields resolves, except the two it reads unlike OpenSSL", () => {
  const atlas: Record<string, string> = {
    businesscategory: "2.5.4.15", c: "2.5.4.6", cn: "2.5.4.3", countryofcitizenship: "1.3.6.1.5.5.7.9.4",
    countryofresidence: "1.3.6.1.5.5.7.9.5", dateofbirth: "1.3.6.1.5.5.7.9.1", dc: "0.9.2342.19200300.100.1.25",
    dn: "2.5.4.46", e: "1.2.840.113549.1.9.1", emailaddress: "1.2.840.113549.1.9.1", gender: "1.3.6.1.5.5.7.9.3",
    generation: "2.5.4.44", givenname: "2.5.4.42", initials: "2.5.4.43", l: "2.5.4.7", name: "2.5.4.41",
    nameofbirth: "1.3.36.8.3.14", o: "2.5.4.10", ou: "2.5.4.11", placeofbirth: "1.3.6.1.5.5.7.9.2",
    postaladdress: "2.5.4.16", postalcode: "2.5.4.17", pseudonym: "2.5.4.65", serialnumber: "2.5.4.5", st: "2.5.4.8",
    street: "2.5.4.9", surname: "2.5.4.4", t: "2.5.4.12", telephonenumber: "2.5.4.20",
    unstructuredaddress: "1.2.840.113549.1.9.8", unstructuredname: "1.2.840.113549.1.9.2",
  };
  for (const [name, oid] of Object.entries(atlas)) assert.equal(oidOf(name), oid, name);
  assert.match((resolveAttributeName("sn") as { problem: string }).problem, /ambiguous/);
  assert.match((resolveAttributeName("uniqueidentifier") as { problem: string }).problem, /ambiguous/);
});

test("Atlas's 'uid' is OpenSSL's short name for uniqueIdentifier, and OpenSSL's meaning wins", () => {
  assert.equal(oidOf("uid"), "0.9.2342.19200300.100.1.44");
  assert.equal(oidOf("UID"), "0.9.2342.19200300.100.1.1");
  assert.equal(oidOf("userId"), "0.9.2342.19200300.100.1.1");
});

test("OpenSSL's exact short and long names resolve, whatever their case convention", () => {
  assert.equal(oidOf("SN"), "2.5.4.4");
  assert.equal(oidOf("GN"), "2.5.4.42");
  assert.equal(oidOf("organizationalUnitName"), "2.5.4.11");
  assert.equal(oidOf("jurisdictionC"), "1.3.6.1.4.1.311.60.2.1.3");
  assert.equal(oidOf("id-pda-dateOfBirth"), "1.3.6.1.5.5.7.9.1");
  assert.equal(oidOf("COMMONNAME"), "2.5.4.3");
});

test("unknown names are refused and dotted OIDs must be well formed", () => {
  assert.deepEqual(resolveAttributeName("colour"), { problem: "unknown attribute name 'colour'" });
  assert.equal(isDottedOid("1.2.840.113549.1.9.1"), true);
  assert.equal(isDottedOid("2.5.04.3"), false);
  assert.equal(isDottedOid("3.1"), false);
  assert.equal(isDottedOid("1"), false);
});

test("printing uses OpenSSL's short name, or the dotted OID when OpenSSL has none", () => {
  assert.equal(shortNameOf("2.5.4.5"), "serialNumber");
  assert.equal(shortNameOf("1.2.840.113549.1.9.1"), "emailAddress");
  assert.equal(shortNameOf("2.5.4.97"), "organizationIdentifier");
  assert.equal(shortNameOf("1.3.36.8.3.14"), "1.3.36.8.3.14");
});
