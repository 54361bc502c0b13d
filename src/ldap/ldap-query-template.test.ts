import assert from "node:assert/strict";
import { test } from "node:test";
import { AUTHZ_QUERY_TOKENS } from "./group-resolver.js";
import { escapeFilterValue } from "./ldap-filter-escape.js";
import { instantiateQuery, LdapTemplateError, parseQueryTemplate } from "./ldap-query-template.js";

test("RFC 4515 escaping turns filter metacharacters into hex escapes and leaves the rest", () => {
  const cases: [string, string][] = [
    ["alice", "alice"],
    ["a*b", "a\\2ab"],
    ["(uid=*)", "\\28uid=\\2a\\29"],
    ["back\\slash", "back\\5cslash"],
    ["nul\u0000byte", "nul\\00byte"],
    ["Lučić", "Lučić"],
  ];
  for (const [input, expected] of cases) assert.equal(escapeFilterValue(input), expected, input);
});

test("templates split into dn, attributes, scope and filter with RFC 4516 defaults", () => {
  const cases: [string, object][] = [
    ["{USER}?memberOf?base", { baseDn: "{USER}", attributes: ["memberOf"], scope: "base", filter: "(objectClass=*)" }],
    ["{USER}", { baseDn: "{USER}", attributes: [], scope: "base", filter: "(objectClass=*)" }],
    ["ou=groups,dc=example,dc=org??sub?(member={USER})", { baseDn: "ou=groups,dc=example,dc=org", attributes: [], scope: "sub", filter: "(member={USER})" }],
    ["ou=groups,dc=x?cn,description?ONE?(%26(objectClass=groupOfNames)(member={USER}))?ext", { baseDn: "ou=groups,dc=x", attributes: ["cn", "description"], scope: "one", filter: "(&(objectClass=groupOfNames)(member={USER}))" }],
  ];
  for (const [template, expected] of cases) assert.deepEqual({ ...parseQueryTemplate(template, AUTHZ_QUERY_TOKENS) }, expected, template);
});

test("templates that can never work are refused with the reason", () => {
  const cases: [string, RegExp][] = [
    ["{USER}?memberOf?deep", /scope must be base, one or sub/],
    ["{USER}?memberOf?base?(member={USER}", /not an RFC 4515 filter/],
    ["{NAME}?memberOf?base", /unknown token \{NAME\}/],
    ["{USER}?member of?base", /not an attribute description/],
    ["{USER}?memberOf?base?(cn=%zz)", /invalid %-escape/],
    ["a?b?base?(x=y)?e?f", /at most five components/],
  ];
  for (const [template, reason] of cases) {
    assert.throws(() => parseQueryTemplate(template, AUTHZ_QUERY_TOKENS), (e: unknown) => e instanceof LdapTemplateError && reason.test(e.message), template);
  }
  assert.throws(() => parseQueryTemplate("ou=x??one?(uid={USER})", "numbered"), LdapTemplateError, "ldapQuery rules take only {0}, {1}...");
});

test("substituted values are escaped for where they land and cannot change the query's shape", () => {
  const template = parseQueryTemplate("{USER}?memberOf?base?(|(member={USER})(uid={PROVIDED_USER}))", AUTHZ_QUERY_TOKENS);
  const query = instantiateQuery(template, { USER: "uid=a*,ou=p,dc=x", PROVIDED_USER: "x)(uid=*" });
  assert.equal(query.baseDn, "uid=a*,ou=p,dc=x", "a whole DN goes into the base as it is");
  assert.equal(query.filter, "(|(member=uid=a\\2a,ou=p,dc=x)(uid=x\\29\\28uid=\\2a))");
  const numbered = instantiateQuery(parseQueryTemplate("cn={0},ou=people,dc=x?mail?base?(mail={1}*)", "numbered"), { 0: "Doe, Jane", 1: "j?(" });
  assert.equal(numbered.baseDn, "cn=Doe\\, Jane,ou=people,dc=x", "a captured value inside a DN is RFC 4514-escaped");
  assert.equal(numbered.filter, "(mail=j?\\28*)");
  const split = instantiateQuery(parseQueryTemplate("{USER}?memberOf?base", AUTHZ_QUERY_TOKENS), { USER: "cn=a?b,dc=x", PROVIDED_USER: "" });
  assert.deepEqual(split.attributes, ["memberOf"], "a ? in the value does not shift the components");
  assert.equal(split.baseDn, "cn=a?b,dc=x");
});
