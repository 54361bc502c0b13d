/**
 * The seed's LDAP rules for X.509 clients, end to end below the wire protocol: settings saved through
 * the core, GROUP database users, and the gateway's hook asking a real slapd (LDAPS, StartTLS, plain).
 */
import assert from "node:assert/strict";
import { createServer, connect, type Server, type Socket } from "node:net";
import { after, before, test } from "node:test";
import { createCore, type DatabaseUserRole } from "../../src/core/index.js";
import { LdapAuthorizer, LdapGroupResolver, MANAGED_X509_REFUSED, type GroupResolverOptions, type LdapRolesResult } from "../../src/ldap/index.js";
import { MasterKey } from "../../src/pki/master-key.js";
import { openStore } from "../../src/store/index.js";
import { makeCaPem } from "../api/openssl.js";
import { makeCoreFixture, type CoreFixture } from "../support/core-harness.js";
import { freePort, GROUPS, ldapsSettings as slapdSettings, PEOPLE, startTestSlapd, type TestSlapd } from "../support/slapd.js";

let slapd: TestSlapd;
before(async () => {
  slapd = await startTestSlapd();
});
after(async () => {
  await slapd.stop();
});

const BY_UID = { match: "(.+)", substitution: `uid={0},${PEOPLE}` };
const DBA_ROLES: DatabaseUserRole[] = [{ roleName: "readWriteAnyDatabase", databaseName: "admin" }];
const READER_ROLES: DatabaseUserRole[] = [{ roleName: "read", databaseName: "sales" }];

function ldapsSettings(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return slapdSettings(slapd, overrides);
}

interface Setup {
  f: CoreFixture;
  ask(subjectDn: string, x509Type?: "MANAGED" | "CUSTOMER", projectId?: string): Promise<LdapRolesResult>;
}

async function setup(settings: Record<string, unknown>, resolver: GroupResolverOptions = {}): Promise<Setup> {
  const f = await makeCoreFixture(await openStore({ sqlitePath: ":memory:" }));
  await f.core.userSecurity.saveLdap(f.owner, f.projectId, settings);
  for (const [group, roles] of [["dbas", DBA_ROLES], ["readers", READER_ROLES]] as const) {
    await f.core.databaseUsers.create(f.owner, f.projectId, { databaseName: "admin", username: `cn=${group},${GROUPS}`, ldapAuthType: "GROUP", roles: [...roles] });
  }
  const authorizer = new LdapAuthorizer(
    (projectId) => f.core.dataPlane.loadLdapAuthorization(projectId),
    new LdapGroupResolver({ timeouts: { connectMs: 2000, operationMs: 2000 }, ...resolver }),
  );
  return {
    f,
    ask: (subjectDn, x509Type = "CUSTOMER", projectId = f.projectId) => authorizer.resolveLdapRoles({ projectId, x509Type, subjectDn }),
  };
}

function granted(result: LdapRolesResult): DatabaseUserRole[] {
  assert.ok(result.applies, "LDAP authorization applies");
  assert.ok(result.ok, `expected roles, got a refusal: ${result.ok ? "" : result.reason}`);
  return [...result.roles].sort((a, b) => a.roleName.localeCompare(b.roleName));
}

function refusal(result: LdapRolesResult): { message: string; reason: string } {
  assert.ok(result.applies, "LDAP authorization applies");
  assert.ok(!result.ok, `expected a refusal, got roles ${result.ok ? JSON.stringify(result.roles) : ""}`);
  return result;
}

test("over LDAPS, a self-managed user gets the roles of the GROUP users named by its LDAP groups", async () => {
  const { ask } = await setup(ldapsSettings());
  const alice = await ask("CN=alice,OU=Engineering,O=Acme");
  assert.deepEqual(granted(alice), [...READER_ROLES, ...DBA_ROLES]);
  assert.ok(alice.applies && alice.ok);
  assert.equal(alice.userDn, `uid=alice,${PEOPLE}`);
  assert.deepEqual([...alice.groupDns].sort(), [`cn=dbas,${GROUPS}`, `cn=readers,${GROUPS}`]);
  assert.deepEqual(granted(await ask("CN=bob,O=Acme")), READER_ROLES);
  assert.deepEqual(granted(await ask("CN=carol,O=Acme")), [], "an LDAP user in no group gets no roles (mongod's rule)");
});

test("a client with an Atlas-managed certificate is refused while LDAP authorization is on", async () => {
  const { ask } = await setup(ldapsSettings());
  const refused = refusal(await ask("CN=alice", "MANAGED"));
  assert.equal(refused.message, MANAGED_X509_REFUSED);
});

test("a self-managed user whose CN does not name an LDAP entry is refused", async () => {
  const mapped = await setup(ldapsSettings());
  assert.match(refusal(await mapped.ask("CN=dave,O=Acme")).reason, /uid=dave,ou=people,dc=example,dc=org" is not the DN of an entry/);
  assert.match(refusal(await mapped.ask("O=Acme,C=US")).reason, /no Common Name/);

  // Without rules the CN itself must be the DN (the seed's literal reading).
  const literal = await setup(ldapsSettings({ userToDNMapping: [] }));
  assert.match(refusal(await literal.ask("CN=alice,O=Acme")).reason, /"alice" is not the DN of an entry/);
  assert.deepEqual(granted(await literal.ask("CN=uid=bob\\,ou=people\\,dc=example\\,dc=org,O=Acme")), READER_ROLES);

  const onlyEngineering = await setup(ldapsSettings({ userToDNMapping: [{ match: "(.+)@eng", substitution: `uid={0},${PEOPLE}` }] }));
  assert.match(refusal(await onlyEngineering.ask("CN=alice,O=Acme")).reason, /no userToDNMapping rule maps "alice"/);
  assert.deepEqual(granted(await onlyEngineering.ask("CN=bob@eng,O=Acme")), READER_ROLES);
});

test("ldapQuery rules find the DN in the directory and escape the name into the filter", async () => {
  const byMail = { match: "(.+)", ldapQuery: `${PEOPLE}??one?(mail={0})` };
  const { ask } = await setup(ldapsSettings({ userToDNMapping: [byMail] }));
  assert.deepEqual(granted(await ask("CN=bob@example.org,O=Acme")), READER_ROLES);
  // Unescaped, (mail=a*) would select alice alone and map this certificate to her.
  assert.match(refusal(await ask("CN=a*,O=Acme")).reason, /returned 0 entries/);
  // A query matching several entries is skipped; the next rule applies.
  const fallback = await setup(ldapsSettings({ userToDNMapping: [{ match: "(.+)", ldapQuery: `${PEOPLE}??one?(objectClass=inetOrgPerson)` }, BY_UID] }));
  assert.deepEqual(granted(await fallback.ask("CN=bob,O=Acme")), READER_ROLES);
});

test("a group query template without attributes takes the DNs of the entries found", async () => {
  const { ask } = await setup(ldapsSettings({ authzQueryTemplate: `${GROUPS}??one?(member={USER})` }));
  assert.deepEqual(granted(await ask("CN=alice,O=Acme")), [...READER_ROLES, ...DBA_ROLES]);
});

test("StartTLS and plain LDAP work; TLS is verified against caCertificate", async () => {
  const startTls = await setup(ldapsSettings({ port: slapd.ldapPort, transportSecurity: "STARTTLS" }));
  assert.deepEqual(granted(await startTls.ask("CN=bob,O=Acme")), READER_ROLES);
  const plain = await setup(ldapsSettings({ port: slapd.ldapPort, transportSecurity: "NONE" }));
  assert.deepEqual(granted(await plain.ask("CN=bob,O=Acme")), READER_ROLES);
  const wrongCa = await setup(ldapsSettings({ caCertificate: makeCaPem("Some other CA") }));
  assert.match(refusal(await wrongCa.ask("CN=bob,O=Acme")).reason, /certificate/i);
  const systemCas = await setup(ldapsSettings({ caCertificate: "" }));
  assert.match(refusal(await systemCas.ask("CN=bob,O=Acme")).reason, /certificate/i);
  const badBind = await setup(ldapsSettings({ bindPassword: "wrong" }));
  assert.match(refusal(await badBind.ask("CN=bob,O=Acme")).reason, /bind as cn=reader,dc=example,dc=org refused/);
});

test("LDAP authorization off: the hook does not apply; GROUP users do not matter", async () => {
  const { f, ask } = await setup(ldapsSettings({ authorizationEnabled: false }));
  assert.deepEqual(await ask("CN=alice,O=Acme", "MANAGED"), { applies: false });
  await f.core.userSecurity.saveLdap(f.owner, f.projectId, { authorizationEnabled: true });
  assert.ok((await ask("CN=alice,O=Acme")).applies, "turning it on applies to the next client");
});

test("answers are cached for the TTL, then LDAP changes show", async () => {
  let now = 0;
  const { ask } = await setup(ldapsSettings(), { ttlMs: 1000, now: () => now });
  assert.deepEqual(granted(await ask("CN=bob,O=Acme")), READER_ROLES);
  slapd.modify(`dn: cn=dbas,${GROUPS}\nchangetype: modify\nadd: member\nmember: uid=bob,${PEOPLE}\n`);
  try {
    now = 999;
    assert.deepEqual(granted(await ask("CN=bob,O=Acme")), READER_ROLES, "still the cached answer");
    now = 1000;
    assert.deepEqual(granted(await ask("CN=bob,O=Acme")), [...READER_ROLES, ...DBA_ROLES], "looked up again after the TTL");
  } finally {
    slapd.modify(`dn: cn=dbas,${GROUPS}\nchangetype: modify\ndelete: member\nmember: uid=bob,${PEOPLE}\n`);
  }
});

/** A TCP server that accepts connections and never answers: an LDAP server that hangs. */
async function silentServer(port: number): Promise<{ server: Server; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }) };
}

/** Forwards `port` to slapd's plain LDAP port: the hung server "comes back". */
async function proxyToSlapd(port: number): Promise<() => Promise<void>> {
  const sockets: Socket[] = [];
  const server = createServer((client) => {
    const upstream = connect({ host: "127.0.0.1", port: slapd.ldapPort });
    sockets.push(client, upstream);
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); });
}

test("a hung LDAP server fails closed without stalling other projects, trips its circuit, and recovers by itself", async () => {
  const port = await freePort();
  const hung = await silentServer(port);
  // The resolver's clock follows the wall clock (the timeouts are real) but can be moved past the open circuit.
  let skewMs = 0;
  const { f, ask } = await setup(ldapsSettings(), { timeouts: { connectMs: 600, operationMs: 600 }, circuitOpenMs: 400, now: () => Date.now() + skewMs });
  const other = await f.core.projects.create(f.owner, { name: "hung LDAP" });
  await f.core.userSecurity.saveLdap(f.owner, other.id, ldapsSettings({ port, transportSecurity: "NONE" }));
  await f.core.databaseUsers.create(f.owner, other.id, { databaseName: "admin", username: `cn=readers,${GROUPS}`, ldapAuthType: "GROUP", roles: [...READER_ROLES] });

  const started = Date.now();
  const stuck = ask("CN=bob,O=Acme", "CUSTOMER", other.id);
  assert.deepEqual(granted(await ask("CN=alice,O=Acme")), [...READER_ROLES, ...DBA_ROLES]);
  assert.ok(Date.now() - started < 500, "the healthy project answered while the other one waited");
  assert.match(refusal(await stuck).reason, /failed/);
  assert.ok(Date.now() - started >= 550, "the hung server was given its timeout");

  const fast = Date.now();
  assert.match(refusal(await ask("CN=bob,O=Acme", "CUSTOMER", other.id)).reason, /unavailable/);
  assert.ok(Date.now() - fast < 100, "while the circuit is open, refusals are immediate");

  await hung.close();
  const stopProxy = await proxyToSlapd(port);
  try {
    skewMs += 450;
    assert.deepEqual(granted(await ask("CN=bob,O=Acme", "CUSTOMER", other.id)), READER_ROLES, "recovered without a restart");
  } finally {
    await stopProxy();
  }
});

test("settings that cannot be read (bind password sealed under another master key) refuse the client", async () => {
  const { f } = await setup(ldapsSettings());
  const otherKey = createCore({ store: f.store, masterKey: MasterKey.random(), clock: f.clock });
  const authorizer = new LdapAuthorizer((projectId) => otherKey.dataPlane.loadLdapAuthorization(projectId));
  const result = await authorizer.resolveLdapRoles({ projectId: f.projectId, x509Type: "CUSTOMER", subjectDn: "CN=alice,O=Acme" });
  assert.match(refusal(result).reason, /LDAP settings cannot be read: .*failed authentication/);
});

/** A server that says yes to StartTLS and then never completes the TLS handshake. */
async function stallingStartTls(port: number): Promise<() => Promise<void>> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.once("data", (request: Buffer) => {
      // An ExtendedResponse (success) to the request's message id: SEQUENCE { INTEGER id, [APPLICATION 24] { ENUMERATED 0, "", "" } }.
      const id = request[4] as number;
      socket.write(Buffer.from([0x30, 0x0c, 0x02, 0x01, id, 0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); });
}

test("a server that stalls the StartTLS handshake is given up at the session deadline", { timeout: 10_000 }, async () => {
  const port = await freePort();
  const stop = await stallingStartTls(port);
  try {
    const { ask } = await setup(ldapsSettings({ port, transportSecurity: "STARTTLS" }), { timeouts: { connectMs: 200, operationMs: 200 } });
    const started = Date.now();
    assert.match(refusal(await ask("CN=bob,O=Acme")).reason, /did not complete the session within 1000 ms/);
    assert.ok(Date.now() - started < 3000, "refused at the deadline, not left waiting");
  } finally {
    await stop();
  }
});
