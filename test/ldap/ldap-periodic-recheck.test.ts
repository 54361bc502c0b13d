/**
 * The gateway's periodic LDAP re-check, end to end: a real `certgate start` with
 * CERTGATE_LDAP_RECHECK_SECONDS=1, a real slapd changed with `ldapmodify` only (no change in the
 * project after the setup), and the Node driver holding one open connection per user.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { MongoClient } from "mongodb";
import { startCertgate, type CertgateProcess } from "../gateway/support/certgate-process.js";
import { customerClient, customerRoot, type ClientPem } from "../gateway/support/customer-pki.js";
import { refusal, X509DriverClients } from "../gateway/support/x509-driver-clients.js";
import { eventually } from "../gateway/support/eventually.js";
import { GROUPS, ldapsSettings, PEOPLE, startTestSlapd, type TestSlapd } from "../support/slapd.js";

/** Within this, a 1 s re-check must have shown a directory change (a few intervals, for slow machines). */
const WITHIN_MS = 5000;

describe("gateway: LDAP authorization re-checked periodically on open connections", () => {
  let slapd: TestSlapd;
  let cg: CertgateProcess;
  let port: number;
  const certs: Record<"alice" | "bob" | "carol", ClientPem> = {} as Record<"alice" | "bob" | "carol", ClientPem>;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);
  const client = (cert: ClientPem): MongoClient => drivers.client(cert.file);
  let bobClient: MongoClient;

  before(async () => {
    slapd = await startTestSlapd();
    cg = await startCertgate("27300-27309", { CERTGATE_LDAP_RECHECK_SECONDS: "1" });
    port = await cg.createCluster("Cluster0");
    const root = customerRoot(cg.dir, "recheck-root");
    for (const name of ["alice", "bob", "carol"] as const) certs[name] = customerClient(cg.dir, name, root);
    await cg.call("PATCH", "/userSecurity", { customerX509: { cas: root.pem } }, 202);
    for (const name of ["alice", "bob", "carol"]) {
      await cg.createUser(`CN=${name},O=certgate tests`, "CUSTOMER", [{ roleName: "read", databaseName: "elsewhere" }]);
    }
    for (const [group, roleName] of [["dbas", "readWrite"], ["readers", "read"]]) {
      await cg.call("POST", "/databaseUsers", { databaseName: "admin", username: `cn=${group},${GROUPS}`, ldapAuthType: "GROUP", roles: [{ roleName, databaseName: "sales" }] }, 201);
    }
    await cg.call("PATCH", "/userSecurity", { ldap: ldapsSettings(slapd) }, 202);
  });

  after(async () => {
    await drivers.closeAll();
    await cg?.stop();
    await slapd?.stop();
  });

  async function roles(c: MongoClient): Promise<string[]> {
    const status = await c.db("admin").command({ connectionStatus: 1 });
    return (status.authInfo.authenticatedUserRoles as { role: string; db: string }[]).map((r) => `${r.role}@${r.db}`).sort();
  }

  it("a person removed from a group in the directory loses that group's roles on an open connection", async (t) => {
    const c = await client(certs.alice).connect();
    await c.db("sales").collection("orders").insertOne({ by: "alice" });
    assert.deepEqual(await roles(c), ["read@sales", "readWrite@sales"]);
    // groupOfNames needs a member, and alice is the only one of dbas: the bind user takes her place.
    slapd.modify(`dn: cn=dbas,${GROUPS}\nchangetype: modify\nreplace: member\nmember: ${slapd.readerDn}\n`);
    const { value: error, elapsedMs } = await eventually(() => refusal(c.db("sales").collection("orders").insertOne({ by: "alice" })), WITHIN_MS);
    t.diagnostic(`write refused ${elapsedMs} ms after the directory change`);
    assert.equal(error.code, 13);
    assert.equal(error.codeName, "Unauthorized");
    assert.match(error.message, /^not authorized on sales to execute command \{ insert: "orders"/);
    // The same connection: still authenticated, with the roles of the group it is still in (the
    // attempts made while waiting wrote until the re-check, so the count is at least one).
    assert.ok((await c.db("sales").collection("orders").countDocuments({ by: "alice" })) >= 1);
    assert.deepEqual(await roles(c), ["read@sales"]);
  });

  it("a person added to a group that grants readWrite can write on an open connection", async (t) => {
    const c = await client(certs.bob).connect();
    bobClient = c;
    assert.deepEqual(await roles(c), ["read@sales"]);
    assert.equal((await refusal(c.db("sales").collection("orders").insertOne({ by: "bob" }))).code, 13);
    slapd.modify(`dn: cn=dbas,${GROUPS}\nchangetype: modify\nadd: member\nmember: uid=bob,${PEOPLE}\n`);
    const { elapsedMs } = await eventually(() => c.db("sales").collection("orders").insertOne({ by: "bob" }), WITHIN_MS);
    t.diagnostic(`write allowed ${elapsedMs} ms after the directory change`);
    assert.deepEqual(await roles(c), ["read@sales", "readWrite@sales"]);
  });

  it("a person whose LDAP entry is gone loses the authentication on an open connection", async (t) => {
    const c = await client(certs.carol).connect();
    const before = await c.db("admin").command({ connectionStatus: 1 });
    assert.deepEqual(before.authInfo.authenticatedUsers, [{ user: "CN=carol,O=certgate tests", db: "$external" }]);
    assert.deepEqual(await roles(c), [], "carol is in no group: LDAP authorizes her with no roles");
    slapd.modify(`dn: uid=carol,${PEOPLE}\nchangetype: delete\n`);
    const { elapsedMs } = await eventually(async () => {
      // Refused before the change too (no roles), so wait for the other refusal.
      const error = await refusal(c.db("sales").collection("orders").findOne({}));
      assert.equal(error.code, 13);
      assert.equal(error.message, "Command find requires authentication");
    }, WITHIN_MS);
    t.diagnostic(`authentication lost ${elapsedMs} ms after the directory change`);
    const status = await c.db("admin").command({ connectionStatus: 1 });
    assert.deepEqual(status.authInfo.authenticatedUsers, []);
  });

  it("an LDAP server that cannot be reached leaves an open connection's roles as they were and refuses new clients", async () => {
    const c = bobClient; // bob is in dbas now
    await c.db("sales").collection("orders").insertOne({ by: "bob", before: "outage" });
    await slapd.stop();
    await eventually(async () => assert.match(cg.output(), /LDAP cannot be asked: the connection keeps its roles/), WITHIN_MS);
    await c.db("sales").collection("orders").insertOne({ by: "bob", during: "outage" });
    assert.deepEqual(await roles(c), ["read@sales", "readWrite@sales"]);
    const { value: error } = await eventually(() => refusal(client(certs.bob).connect()), WITHIN_MS);
    assert.equal(error.code, 18);
    assert.equal(error.message, "Authentication failed.");
    // The open connection still writes after new clients are refused.
    await c.db("sales").collection("orders").insertOne({ by: "bob", during: "outage, later" });
    assert.equal(await c.db("sales").collection("orders").countDocuments({ by: "bob" }), 4);
  });
});
