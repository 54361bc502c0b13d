import assert from "node:assert/strict";
import { test } from "node:test";
import type { LdapQuery } from "./ldap-query-template.js";
import { compileMatch, mapUserToDn, UnsafePatternError, type UserToDnRule } from "./user-to-dn-mapping.js";

const ENGINEERING: UserToDnRule = { match: "(.+)@ENGINEERING\\.EXAMPLE\\.COM", substitution: "cn={0},ou=engineering,dc=example,dc=com" };
const DBA: UserToDnRule = { match: "(.+)@DBA\\.EXAMPLE\\.COM", substitution: "cn={0},ou=dba,dc=example,dc=com" };
const TWO_GROUPS: UserToDnRule = { match: "([^.]+)\\.([^.]+)", substitution: "uid={1},ou={0},dc=example,dc=com" };

/** Substitution rules never search; a search here means the mapping ran a rule it should not have. */
async function noSearch(query: LdapQuery): Promise<string[]> {
  throw new Error(`unexpected search of ${query.baseDn}`);
}

test("substitution rules: first matching rule wins, {N} is the N-th capture group, matches are whole-name", async () => {
  const cases: { name: string; rules: UserToDnRule[]; dn?: string; rule?: number | null }[] = [
    { name: "alice@ENGINEERING.EXAMPLE.COM", rules: [ENGINEERING, DBA], dn: "cn=alice,ou=engineering,dc=example,dc=com", rule: 0 },
    { name: "bob@DBA.EXAMPLE.COM", rules: [ENGINEERING, DBA], dn: "cn=bob,ou=dba,dc=example,dc=com", rule: 1 },
    { name: "bob@DBA.EXAMPLE.COM", rules: [{ match: "(.+)", substitution: "uid={0}" }, DBA], dn: "uid=bob@DBA.EXAMPLE.COM", rule: 0 },
    { name: "sales.ann", rules: [TWO_GROUPS], dn: "uid=ann,ou=sales,dc=example,dc=com", rule: 0 },
    { name: "x alice@ENGINEERING.EXAMPLE.COM.y", rules: [{ match: "alice@ENGINEERING\\.EXAMPLE\\.COM", substitution: "cn=a" }] },
    { name: "carol@SALES.EXAMPLE.COM", rules: [ENGINEERING, DBA] },
    { name: "uid=alice,ou=people,dc=example,dc=org", rules: [], dn: "uid=alice,ou=people,dc=example,dc=org", rule: null },
    { name: "Alice@engineering.example.com", rules: [ENGINEERING] },
  ];
  for (const c of cases) {
    const mapped = await mapUserToDn(c.name, c.rules, noSearch);
    if (c.dn === undefined) {
      assert.equal(mapped.ok, false, `${c.name} must not map`);
      if (!mapped.ok) assert.match(mapped.reason, /no userToDNMapping rule maps/);
    } else {
      assert.deepEqual(mapped, { ok: true, dn: c.dn, rule: c.rule }, c.name);
    }
  }
});

test("an invalid match expression is a SyntaxError when compiled", () => {
  assert.throws(() => compileMatch("(unclosed"), SyntaxError);
  assert.equal(compileMatch("a|b").test("ab"), false, "alternatives are anchored as a whole");
  assert.equal(compileMatch("a|b").test("b"), true);
});

test("a match that could backtrack exponentially is refused, and a stored one is never run", async () => {
  for (const pattern of ["(a+)+$", "(\\w+\\s?)*$", "(.*)*x", "(a|aa)+$", "(?:a|ab)*c"]) assert.throws(() => compileMatch(pattern), UnsafePatternError, pattern);
  for (const pattern of ["(.+)@ENGINEERING\\.EXAMPLE\\.COM", "([^.]+)\\.([^.]+)", "CN=([^,]+),OU=(.+)"]) assert.doesNotThrow(() => compileMatch(pattern), pattern);
  // On V8's backtracking engine `^(?:(a+)+$)$` takes minutes on this name; refused, it costs nothing.
  const mapped = await mapUserToDn(`${"a".repeat(40)}!`, [{ match: "(a+)+$", substitution: "cn={0}" }], noSearch);
  assert.equal(mapped.ok, false);
  if (!mapped.ok) assert.match(mapped.reason, /rule 1 was not run: its match could backtrack exponentially/);
  // `(a|aa)+` passes safe-regex2 (no nested quantifier) and is just as exponential: 1.6^n ways to split n a's.
  const alternated = await mapUserToDn(`${"a".repeat(60)}!`, [{ match: "(a|aa)+", substitution: "cn={0}" }], noSearch);
  assert.equal(alternated.ok, false);
  if (!alternated.ok) assert.match(alternated.reason, /rule 1 was not run: its match could backtrack exponentially/);
});
