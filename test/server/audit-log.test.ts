/**
 * The audit log, end to end: a real `certgate start` writing JSON lines to a file, a scripted session
 * of the Node driver (X.509 authentication, authorized and refused commands), a refused handshake,
 * Admin API calls with an API key and web UI calls of a signed-in person; the file is read back.
 * A second server audits to stdout through a filter.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { after, before, describe, it } from "node:test";
import { startCertgate, type CertgateProcess } from "../gateway/support/certgate-process.js";
import { customerClient, customerRoot } from "../gateway/support/customer-pki.js";
import { eventually } from "../gateway/support/eventually.js";
import { refusal, X509DriverClients } from "../gateway/support/x509-driver-clients.js";

interface AuditLine {
  atype: string;
  ts: { $date: string };
  local?: { ip: string; port: number };
  remote: { ip: string; port: number };
  users: Array<{ user: string; db: string }>;
  roles: unknown[];
  param: Record<string, unknown>;
  result: number;
  cluster?: string;
  connectionId?: number;
}

const SECRET_FIELD_VALUE = "audit-must-not-see-this-document";

function parseLines(text: string): AuditLine[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("{") && l.includes('"atype"'))
    .map((l) => JSON.parse(l) as AuditLine);
}

/** Opens a TLS connection presenting `file` and resolves once the handshake finished (the gateway then closes it). */
function handshake(port: number, caFile: string, file: string): Promise<number> {
  return new Promise((resolve) => {
    const pem = readFileSync(file);
    const socket = connect({ port, host: "127.0.0.1", ca: readFileSync(caFile), servername: "localhost", cert: pem, key: pem }, () => resolve(socket.localPort ?? 0));
    socket.on("error", () => undefined);
  });
}

describe("audit log to a file", () => {
  let cg: CertgateProcess;
  let port = 0;
  let auditFile: string;
  let aliceFile: string;
  let alicePem: string;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), "certgate-audit-"));
    auditFile = join(dir, "audit.json");
    cg = await startCertgate("28680-28684", { CERTGATE_AUDIT_LOG: auditFile, CERTGATE_AUDIT_AUTHORIZATION_SUCCESS: "true" }, dir);
    port = await cg.createCluster("Cluster0");
    await cg.createUser("alice", "MANAGED", [{ roleName: "readWrite", databaseName: "sales" }]);
    aliceFile = (await cg.issueCert("alice", "alice.pem")).file;
    alicePem = readFileSync(aliceFile, "utf8");
  });

  after(async () => {
    await drivers.closeAll();
    await cg?.stop();
  });

  const audit = (): AuditLine[] => parseLines(readFileSync(auditFile, "utf8"));

  it("is created with mode 0600", () => {
    assert.equal(statSync(auditFile).mode & 0o777, 0o600);
  });

  it("records a driver session: authentication, authorized commands with their namespace and outcome, and a refusal", async () => {
    const client = drivers.client(aliceFile);
    await client.connect();
    await client.db("sales").collection("orders").insertOne({ secret: SECRET_FIELD_VALUE });
    assert.equal((await client.db("sales").collection("orders").find({ secret: SECRET_FIELD_VALUE }).toArray()).length, 1);
    assert.equal((await refusal(client.db("hr").collection("salaries").findOne({}))).code, 13);

    const { value: lines } = await eventually(async () => {
      const found = audit();
      assert.ok(found.some((l) => l.atype === "authCheck" && l.result === 13), "the refusal is written");
      return found;
    }, 5000);
    const auth = lines.find((l) => l.atype === "authenticate" && l.result === 0);
    assert.ok(auth, JSON.stringify(lines));
    assert.deepEqual(auth.param, { user: "CN=alice", db: "$external", mechanism: "MONGODB-X509" });
    assert.deepEqual(auth.users, [{ user: "CN=alice", db: "$external" }]);
    assert.match(auth.remote.ip, /^(::ffff:)?127\.0\.0\.1$/);
    assert.ok(auth.remote.port > 0);
    assert.deepEqual(auth.local?.port, port);
    assert.equal(auth.cluster, "Cluster0");
    assert.match(auth.ts.$date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const session = lines.filter((l) => l.connectionId === auth.connectionId && l.atype === "authCheck");
    assert.deepEqual(
      session.map((l) => [l.param.command, l.param.ns, l.param.outcome, l.result]),
      [
        ["insert", "sales.orders", "ok", 0],
        ["find", "sales.orders", "ok", 0],
        ["find", "hr.salaries", undefined, 13],
      ],
    );
    for (const l of session) assert.deepEqual(l.users, [{ user: "CN=alice", db: "$external" }]);
    assert.ok(!lines.some((l) => l.param.command === "hello" || l.param.command === "isMaster"), "the handshake needs no authorization and is not audited as authCheck");
  });

  it("records refused authentications (each attempt) and a refused handshake with the reason, subject and address", async () => {
    // Deleting the user revokes its certificates.
    await cg.call("DELETE", "/databaseUsers/%24external/alice");
    const error = await refusal(drivers.client(aliceFile).connect());
    assert.ok(error.code === 18 || error.code === 11, String(error.code));
    const stranger = customerClient(cg.dir, "stranger", customerRoot(cg.dir, "untrusted-root"));
    const localPort = await handshake(port, cg.serverCaFile, stranger.file);

    const { value: lines } = await eventually(async () => {
      const found = audit().filter((l) => l.atype === "authenticate" && l.result !== 0);
      assert.ok(found.some((l) => l.param.stage === "tls" && l.remote.port === localPort));
      assert.ok(found.some((l) => l.param.reason === "revoked"), JSON.stringify(found));
      return found;
    }, 5000);
    const revoked = lines.filter((l) => l.param.reason === "revoked");
    assert.equal(revoked.length, 2, "speculativeAuthenticate in the hello, then authenticate: two attempts, as mongod audits them");
    for (const l of revoked) {
      assert.equal(l.result, 18);
      assert.equal(l.param.user, "CN=alice");
      assert.equal(l.param.mechanism, "MONGODB-X509");
      assert.match(String(l.param.serial), /^[0-9A-F]+$/);
      assert.deepEqual(l.users, []);
    }
    const tls = lines.find((l) => l.param.stage === "tls");
    assert.equal(tls?.result, 18);
    assert.equal(tls?.param.reason, "unknown issuer");
    assert.equal(tls?.param.user, "CN=stranger,O=certgate tests");
    assert.equal(tls?.param.issuer, "CN=untrusted-root,O=certgate tests");
  });

  it("records the Admin API's changes with the API key and address, and the web UI's with the person", async () => {
    const base = cg.api.replace(/\/api\/atlas\/v1\.0$/, "");
    const login = await fetch(`${base}/api/private/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify(cg.owner),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const created = await fetch(`${cg.api}/groups/${cg.projectId}/databaseUsers`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, cookie, "x-csrf-token": csrfToken, "x-certgate-client": "web-ui" },
      body: JSON.stringify({ databaseName: "$external", username: "bob", x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "sales" }] }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const wrongKey = await fetch(`${cg.api}/groups/${cg.projectId}/clusters`, { method: "POST", headers: { authorization: 'Digest username="nobody"' } });
    assert.equal(wrongKey.status, 401);

    const { value: api } = await eventually(async () => {
      const found = audit().filter((l) => l.atype === "apiRequest");
      // Each line is written when its response has finished, so the lines of requests close together
      // may land in either order: wait for every line asserted below.
      assert.ok(found.some((l) => l.param.status === 401));
      assert.ok(found.some((l) => l.users[0]?.db === "PERSON"));
      return found;
    }, 5000);
    const byKey = api.filter((l) => l.users[0]?.db === "API_KEY");
    assert.deepEqual(byKey[0]?.users, [{ user: cg.key.publicKey, db: "API_KEY" }]);
    assert.deepEqual(
      byKey.map((l) => [l.param.method, l.param.route, l.param.status, l.result]).slice(0, 3),
      [
        ["POST", "/api/atlas/v1.0/groups/:groupId/clusters", 201, 0],
        ["POST", "/api/atlas/v1.0/groups/:groupId/databaseUsers", 201, 0],
        ["POST", "/api/atlas/v1.0/groups/:groupId/databaseUsers/:username/certs", 201, 0],
      ],
    );
    assert.match(byKey[0]?.remote.ip ?? "", /^(::ffff:)?127\.0\.0\.1$/);
    const byPerson = api.find((l) => l.users[0]?.db === "PERSON");
    assert.deepEqual(byPerson?.users, [{ user: cg.owner.email, db: "PERSON" }]);
    assert.equal(byPerson?.param.path, `/api/atlas/v1.0/groups/${cg.projectId}/databaseUsers`);
    assert.ok(api.some((l) => l.param.route === "/api/private/auth/login" && l.param.status === 200));
    const refused = api.find((l) => l.param.status === 401);
    assert.equal(refused?.result, 401);
    assert.deepEqual(refused?.users, []);
  });

  it("never contains a private key, a password or a document's contents", () => {
    const text = readFileSync(auditFile, "utf8");
    assert.ok(!text.includes("PRIVATE KEY"));
    assert.ok(!text.includes(cg.key.privateKey));
    assert.ok(!text.includes(cg.owner.password));
    assert.ok(!text.includes(SECRET_FIELD_VALUE));
    const keyBody = alicePem.split("-----BEGIN PRIVATE KEY-----")[1]?.split("\n")[1] ?? "unreachable";
    assert.ok(!text.includes(keyBody));
  });
});

describe("audit log to stdout through a filter", () => {
  let cg: CertgateProcess;
  let port = 0;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);

  before(async () => {
    cg = await startCertgate("28685-28689", {
      CERTGATE_AUDIT_LOG: "console",
      CERTGATE_AUDIT_AUTHORIZATION_SUCCESS: "true",
      CERTGATE_AUDIT_FILTER: JSON.stringify({ atype: "authCheck", "param.ns": { $regex: "^hr\\." } }),
    });
    port = await cg.createCluster("Cluster0");
    await cg.createUser("carol", "MANAGED", [{ roleName: "readWrite", databaseName: "sales" }]);
  });

  after(async () => {
    await drivers.closeAll();
    await cg?.stop();
  });

  it("writes only the messages the filter matches", async () => {
    const file = (await cg.issueCert("carol", "carol.pem")).file;
    const client = drivers.client(file);
    await client.db("sales").collection("orders").insertOne({ n: 1 });
    assert.equal((await refusal(client.db("hr").collection("salaries").insertOne({ n: 1 }))).code, 13);
    await client.db("sales").collection("orders").findOne({});
    // stdout is written in order: once this second refusal's line is read, any line of the commands
    // before it would have been read too.
    assert.equal((await refusal(client.db("hr").collection("salaries").findOne({}))).code, 13);
    const { value } = await eventually(async () => {
      const found = parseLines(cg.output());
      assert.ok(found.some((l) => l.param.command === "find"));
      return found;
    }, 5000);
    assert.deepEqual(
      value.map((l) => [l.atype, l.param.command, l.param.ns, l.result]),
      [
        ["authCheck", "insert", "hr.salaries", 13],
        ["authCheck", "find", "hr.salaries", 13],
      ],
    );
  });
});
