/**
 * LDAP authorization at the gateway, end to end: a real `certgate start`, a real slapd over LDAPS, and
 * the official Node driver connecting with X.509 certificates (a customer CA made by openssl, managed
 * certificates issued by the API).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { MongoClient } from "mongodb";
import { MANAGED_X509_REFUSED } from "../../src/ldap/index.js";
import { startCertgate, type CertgateProcess } from "../gateway/support/certgate-process.js";
import { customerClient, customerRoot, type ClientPem } from "../gateway/support/customer-pki.js";
import { refusal, X509DriverClients } from "../gateway/support/x509-driver-clients.js";
import { eventually } from "../gateway/support/eventually.js";
import { GROUPS, ldapsSettings, startTestSlapd, type TestSlapd } from "../support/slapd.js";

describe("gateway with LDAP authorization", () => {
  let slapd: TestSlapd;
  let cg: CertgateProcess;
  let port: number;
  let alice: ClientPem;
  let dave: ClientPem;
  let managedFile: string;
  let aliceClient: MongoClient;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);
  const client = drivers.client.bind(drivers);

  before(async () => {
    slapd = await startTestSlapd();
    cg = await startCertgate("27260-27269");
    port = await cg.createCluster("Cluster0");
    const root = customerRoot(cg.dir, "ldap-root");
    alice = customerClient(cg.dir, "alice", root);
    dave = customerClient(cg.dir, "dave", root);
    await cg.call("PATCH", "/userSecurity", { customerX509: { cas: root.pem } }, 202);
    // Their own roles must not count once LDAP authorizes them.
    await cg.createUser("CN=alice,O=certgate tests", "CUSTOMER", [{ roleName: "read", databaseName: "elsewhere" }]);
    await cg.createUser("CN=dave,O=certgate tests", "CUSTOMER", [{ roleName: "readWrite", databaseName: "sales" }]);
    await cg.createUser("app", "MANAGED", [{ roleName: "readWrite", databaseName: "sales" }]);
    managedFile = (await cg.issueCert("app", "app.pem")).file;
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

  it("grants a self-managed user the roles of its LDAP groups' GROUP users, not its own", async () => {
    const c = await client(alice.file).connect();
    aliceClient = c;
    await c.db("sales").collection("orders").insertOne({ by: "alice" });
    const status = await c.db("admin").command({ connectionStatus: 1 });
    assert.deepEqual(status.authInfo.authenticatedUsers, [{ user: "CN=alice,O=certgate tests", db: "$external" }]);
    const roles = (status.authInfo.authenticatedUserRoles as { role: string; db: string }[]).map((r) => `${r.role}@${r.db}`).sort();
    assert.deepEqual(roles, ["read@sales", "readWrite@sales"]);
    assert.equal((await refusal(c.db("elsewhere").collection("x").findOne({}))).code, 13, "its own $external roles are not used");
  });

  it("refuses a self-managed user whose CN names no LDAP entry", async () => {
    const error = await refusal(client(dave.file).connect());
    assert.equal(error.code, 18);
    assert.equal(error.message, "Authentication failed.");
    // The refusal log says why, once: LDAP, with the certificate's subject.
    const { value } = await eventually(async () => {
      const found = cg
        .output()
        .split("\n")
        .filter((l) => l.includes('"msg":"X.509 authentication refused"'))
        .map((l) => JSON.parse(l) as { reason?: string; subject?: string; remote?: string })
        .filter((l) => l.reason === "LDAP");
      assert.equal(found.length, 1, cg.output().slice(-3000));
      return found[0];
    }, 5000);
    assert.equal(value?.subject, "CN=dave,O=certgate tests");
    assert.match(value?.remote ?? "", /^(::ffff:)?127\.0\.0\.1:\d+$/);
  });

  it("refuses an Atlas-managed certificate with a clear message, and admits it again once LDAP authorization is off", async () => {
    const error = await refusal(client(managedFile).connect());
    assert.equal(error.code, 18);
    assert.equal(error.codeName, "AuthenticationFailed");
    assert.equal(error.message, MANAGED_X509_REFUSED);
    await cg.call("PATCH", "/userSecurity", { ldap: { authorizationEnabled: false } }, 202);
    const c = await client(managedFile).connect();
    assert.equal((await c.db("sales").collection("orders").countDocuments()) >= 1, true);
    // The open connection of the self-managed user falls back to its own $external roles.
    await eventually(async () => {
      await aliceClient.db("elsewhere").collection("x").findOne({});
    }, 3000);
    assert.equal((await refusal(aliceClient.db("sales").collection("orders").insertOne({ by: "alice" }))).code, 13);
  });

  it("turning LDAP authorization on takes an open managed connection's access away", async () => {
    const c = await client(managedFile).connect();
    assert.equal((await c.db("sales").collection("orders").countDocuments()) >= 1, true);
    await cg.call("PATCH", "/userSecurity", { ldap: { authorizationEnabled: true } }, 202);
    const { value } = await eventually(async () => {
      const error = await refusal(c.db("sales").collection("orders").countDocuments());
      return error;
    }, 3000);
    assert.equal(value.code, 13);
  });
});
