import { test } from "node:test";
import assert from "node:assert/strict";
import { PkiError } from "../pki-error.js";
import { canonicalizeDn, clusterMembershipKey, commonNameOf, dnEquals, parseDn, renderDn } from "./index.js";
import { ldapStringprep } from "./ldap-stringprep.js";

test("canonicalizeDn gives mongod's form for the reference's examples", () => {
  assert.equal(
    canonicalizeDn("CN=Lučić #1 \\<x\\>\\;, emailAddress=jane@example.com, CN=Jane Doe + OU=Sales, O=Acme\\, Inc., DC=example, DC=com"),
    "CN=Lu\\C4\\8Di\\C4\\87 #1 \\<x\\>\\;,emailAddress=jane@example.com,CN=Jane Doe+OU=Sales,O=Acme\\, Inc.,DC=example,DC=com",
  );
  assert.equal(canonicalizeDn("CN=client, OU=KernelUser, O=MongoDB, L=New York City, ST=New York, C=US"),
    "CN=client,OU=KernelUser,O=MongoDB,L=New York City,ST=New York,C=US");
  assert.equal(canonicalizeDn("CN=\\ lead,O=trail\\ "), "CN=\\ lead,O=trail\\ ");
  assert.equal(canonicalizeDn("CN=ﬁle Ｆｕｌｌ"), "CN=file Full");
  assert.equal(canonicalizeDn("CN=Before\\0AAfter,O=tabs\\09are\\09spaces\\E2\\80\\8B"), "CN=Before After,O=tabs are spaces");
});

test("canonicalizeDn writes OpenSSL's short names for aliases, long names and OIDs", () => {
  assert.equal(canonicalizeDn("e=j@x.org,T=Boss,givenname=Jane,surname=Doe,commonName=J,2.5.4.10=Org,oid.2.5.4.11=Unit"),
    "emailAddress=j@x.org,title=Boss,GN=Jane,SN=Doe,CN=J,O=Org,OU=Unit");
  assert.equal(canonicalizeDn("dateofbirth=#130131,1.2.3.4=x"), "id-pda-dateOfBirth=1,1.2.3.4=x");
});

test("canonicalizeDn refuses what mongod's preparation refuses, naming the attribute", () => {
  assert.throws(() => canonicalizeDn("CN=ok,O=smile 😀"), (error: unknown) =>
    error instanceof PkiError && error.code === "INVALID_DN" && /value of O: character U\+1F600 is unassigned/.test(error.message));
});

test("a canonical name reads back as itself (2000 random values of awkward characters)", () => {
  const alphabet = ["a", "Z", "0", " ", " ", "#", ",", "+", '"', "\\", "<", ">", ";", "=", "é", "東", "\u00A0", "\t", "ﬁ", "e\u0301", "\u0001", "Ω", "\u{20000}"];
  let seed = 12345;
  const random = (limit: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % limit;
  };
  for (let round = 0; round < 2000; round += 1) {
    let raw = "";
    for (let length = random(9); length > 0; length -= 1) raw += alphabet[random(alphabet.length)];
    const value = ldapStringprep(raw);
    const rendered = renderDn([[{ oid: "2.5.4.3", value }], [{ oid: "2.5.4.10", value: "x" }]]);
    assert.equal(parseDn(rendered)[0]?.[0]?.value, value, `value ${JSON.stringify(value)} from ${rendered}`);
    assert.equal(canonicalizeDn(rendered), rendered);
  }
});

test("dnEquals: spacing and escaping style do not matter", () => {
  assert.equal(dnEquals("CN=Jane Doe, O=Acme\\2C Inc.", "CN=Jane Doe,O=Acme\\, Inc."), true);
  assert.equal(dnEquals("cn=x,e=a@b.c", "CN=x,emailAddress=a@b.c"), true);
  assert.equal(dnEquals("CN=Jose\u0301", "CN=Jos\\C3\\A9"), true);
});

test("dnEquals: case, RDN order and multi-valued RDN order matter, as in mongod's string match", () => {
  assert.equal(dnEquals("CN=jane", "CN=Jane"), false);
  assert.equal(dnEquals("CN=a,O=b", "O=b,CN=a"), false);
  assert.equal(dnEquals("CN=a+OU=b", "OU=b+CN=a"), false);
  assert.equal(dnEquals("CN=a ", "CN=a"), false);
});

test("dnEquals: an invalid DN equals only the identical string", () => {
  assert.equal(dnEquals("CN=<", "CN=<"), true);
  assert.equal(dnEquals("CN=<", "CN=\\<"), false);
  assert.equal(dnEquals("foo=bar", "CN=bar"), false);
});

test("commonNameOf returns the first CN in printed order", () => {
  assert.equal(commonNameOf(parseDn("CN=leaf,OU=x,CN=outer")), "leaf");
  assert.equal(commonNameOf(parseDn("OU=x+CN=inner,O=y")), "inner");
  assert.equal(commonNameOf(parseDn("O=no common name")), undefined);
  assert.equal(commonNameOf(parseDn("CN=#3003020105,CN=text")), undefined);
});

test("clusterMembershipKey: the sorted DC/O/OU multiset, order of RDNs irrelevant", () => {
  const server = clusterMembershipKey(parseDn("CN=server,OU=Cluster,O=MongoDB,DC=example,DC=com"));
  assert.equal(server, "DC=com,DC=example,O=MongoDB,OU=Cluster");
  assert.equal(clusterMembershipKey(parseDn("DC=example,CN=other host,O=MongoDB,DC=com,OU=Cluster")), server);
  assert.equal(clusterMembershipKey(parseDn("CN=server,OU=Cluster+O=MongoDB,DC=example,DC=com,L=Anywhere")), server);
});

test("clusterMembershipKey: differences in any O, OU or DC value, or in their count, change the key", () => {
  const server = clusterMembershipKey(parseDn("OU=Cluster,O=MongoDB,DC=com"));
  assert.notEqual(clusterMembershipKey(parseDn("OU=Clients,O=MongoDB,DC=com")), server);
  assert.notEqual(clusterMembershipKey(parseDn("OU=Cluster,OU=Cluster,O=MongoDB,DC=com")), server);
  assert.notEqual(clusterMembershipKey(parseDn("OU=cluster,O=MongoDB,DC=com")), server);
  assert.equal(clusterMembershipKey(parseDn("OU=Ｃluster,O=MongoDB,DC=com")), server, "values are compared after preparation");
});

test("clusterMembershipKey is empty when the DN has no O, OU or DC", () => {
  assert.equal(clusterMembershipKey(parseDn("CN=x,C=US,L=Town")), "");
});

test("clusterMembershipKey sorts values by their UTF-8 bytes and escapes them", () => {
  // U+FE20 sorts before U+20000 by UTF-8 bytes (EF.. < F0..) but after it by UTF-16 code units.
  assert.equal(clusterMembershipKey(parseDn("O=\uFE20,O=\u{20000},O=a\\, b")), "O=a\\, b,O=\\EF\\B8\\A0,O=\\F0\\A0\\80\\80");
});
