/**
 * The group cache against a real slapd: a cached answer hides a directory change until it expires,
 * unless the caller demands an answer asked after a given time (`freshSince`, what the gateway's
 * periodic re-check does); callers of one round share a single LDAP round trip.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { LdapGroupResolver, type LdapAuthzConfig } from "../../src/ldap/index.js";
import { GROUPS, PEOPLE, startTestSlapd, type TestSlapd } from "../support/slapd.js";

let slapd: TestSlapd;
let config: LdapAuthzConfig;
before(async () => {
  slapd = await startTestSlapd();
  config = {
    server: { hostname: "127.0.0.1", port: slapd.ldapPort, transport: "NONE", bindUsername: slapd.readerDn, bindPassword: slapd.readerPassword },
    userToDnMapping: [{ match: "(.+)", substitution: `uid={0},${PEOPLE}` }],
    authzQueryTemplate: "{USER}?memberOf?base",
  };
});
after(async () => {
  await slapd.stop();
});

async function groupsOf(resolver: LdapGroupResolver, name: string, freshSince?: number): Promise<string[]> {
  const answer = await resolver.lookup(config, name, { freshSince });
  assert.ok(answer.ok, `lookup of ${name} failed: ${answer.ok ? "" : answer.reason}`);
  return answer.groupDns.map((g) => g.toLowerCase()).sort();
}

test("a cached answer hides a group change until the caller asks for one newer than the change", async () => {
  // A TTL far beyond the test: only freshSince can make the resolver ask again.
  const resolver = new LdapGroupResolver({ ttlMs: 600_000 });
  assert.deepEqual(await groupsOf(resolver, "carol"), []);
  slapd.modify(`dn: cn=readers,${GROUPS}\nchangetype: modify\nadd: member\nmember: uid=carol,${PEOPLE}\n`);
  assert.deepEqual(await groupsOf(resolver, "carol"), [], "the cached answer is reused without freshSince");
  const round = Date.now();
  assert.deepEqual(await groupsOf(resolver, "carol", round), [`cn=readers,${GROUPS}`], "freshSince reaches LDAP");
  // An answer asked in this round satisfies later callers of the same round, and those without freshSince.
  slapd.modify(`dn: cn=readers,${GROUPS}\nchangetype: modify\ndelete: member\nmember: uid=carol,${PEOPLE}\n`);
  assert.deepEqual(await groupsOf(resolver, "carol", round), [`cn=readers,${GROUPS}`]);
  assert.deepEqual(await groupsOf(resolver, "carol"), [`cn=readers,${GROUPS}`]);
  assert.deepEqual(await groupsOf(resolver, "carol", Date.now()), [], "the next round sees the removal");
});

test("concurrent lookups of one round share a round trip; a later round does not join an older one", async () => {
  let now = Date.now();
  const resolver = new LdapGroupResolver({ ttlMs: 600_000, now: () => now });
  const round = now;
  const first = resolver.lookup(config, "bob", { freshSince: round });
  const second = resolver.lookup(config, "bob", { freshSince: round });
  assert.equal(second, first, "the second caller of the round gets the first caller's lookup");
  const unbounded = resolver.lookup(config, "bob");
  assert.equal(unbounded, first, "a caller without freshSince joins the lookup in flight");
  now += 1;
  const later = resolver.lookup(config, "bob", { freshSince: now });
  assert.notEqual(later, first, "a lookup started before the later round cannot answer it");
  const answers = await Promise.all([first, later]);
  for (const answer of answers) assert.deepEqual(answer.ok && answer.groupDns.map((g) => g.toLowerCase()), [`cn=readers,${GROUPS}`]);
});

test("the TTL still bounds an answer's reuse for callers without freshSince", async () => {
  let now = Date.now();
  const resolver = new LdapGroupResolver({ ttlMs: 1000, now: () => now });
  assert.deepEqual(await groupsOf(resolver, "bob"), [`cn=readers,${GROUPS}`]);
  slapd.modify(`dn: cn=dbas,${GROUPS}\nchangetype: modify\nadd: member\nmember: uid=bob,${PEOPLE}\n`);
  now += 999;
  assert.deepEqual(await groupsOf(resolver, "bob"), [`cn=readers,${GROUPS}`]);
  now += 1;
  assert.deepEqual(await groupsOf(resolver, "bob"), [`cn=dbas,${GROUPS}`, `cn=readers,${GROUPS}`]);
});
