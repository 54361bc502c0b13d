/**
 * A hostile tenant (readWrite on one database of one project) sends every prototype-pollution
 * vector it can through a real `certgate start` with the Node driver and a raw OP_MSG; afterwards
 * the Admin API, web sign-in and a new gateway authentication in another project still work, the
 * fields it sent are stored as ordinary fields, and the server runs with Object.prototype.__proto__
 * removed.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { EJSON, type Document } from "bson";
import { digestJson, digestRequest, send } from "../api/digest-client.js";
import { evaluateInProcess } from "../support/inspect-process.js";
import { startCertgate, type CertgateProcess } from "./support/certgate-process.js";
import { eventually } from "./support/eventually.js";
import { connectRaw } from "./support/raw-wire-client.js";
import { X509DriverClients } from "./support/x509-driver-clients.js";
import { encodeOpMsg } from "../../src/gateway/wire/op-msg.js";

function wire(json: string): Document {
  return EJSON.parse(json, { relaxed: false }) as Document;
}

describe("a hostile tenant and prototype pollution", () => {
  let cg: CertgateProcess;
  let port: number;
  let otherPort: number;
  let tenantCert: string;
  let neighbourCert: string;
  let otherProjectId: string;
  const drivers = new X509DriverClients(() => port, () => cg.serverCaFile);

  before(async () => {
    cg = await startCertgate("27480-27489");
    port = await cg.createCluster("Cluster0");
    await cg.createUser("tenant", "MANAGED", [{ roleName: "readWrite", databaseName: "shop" }]);
    tenantCert = (await cg.issueCert("tenant", "tenant.pem")).file;
    const project = (await cg.call("GET", "")) as { orgId: string };
    const created = await digestJson(`${cg.api}/groups`, cg.key, { method: "POST", body: { name: "Neighbour", orgId: project.orgId } });
    otherProjectId = (created.json as { id: string }).id;
    const other = `${cg.api}/groups/${otherProjectId}`;
    assert.equal((await digestJson(`${other}/clusters`, cg.key, { method: "POST", body: { name: "Other0" } })).status, 201);
    const body = { databaseName: "$external", username: "neighbour", x509Type: "MANAGED", roles: [{ roleName: "readWrite", databaseName: "data" }] };
    assert.equal((await digestJson(`${other}/databaseUsers`, cg.key, { method: "POST", body })).status, 201);
    const cert = await digestRequest(`${other}/databaseUsers/neighbour/certs`, cg.key, { method: "POST", body: { monthsUntilExpiration: 1 } });
    neighbourCert = join(cg.dir, "neighbour.pem");
    writeFileSync(neighbourCert, cert.body, { mode: 0o600 });
    ({ value: otherPort } = await eventually(async () => {
      const c = (await digestJson(`${other}/clusters/Other0`, cg.key)).json as { stateName: string; connectionStrings?: { standard: string } };
      if (c.stateName === "IDLE" && c.connectionStrings) return Number(new URL(c.connectionStrings.standard).port);
      throw new Error("Other0 did not become IDLE");
    }, 10_000));
  });

  after(async () => {
    await drivers.closeAll();
    await cg?.stop();
  });

  it("stores the attack's fields as ordinary fields and answers every vector without an error", async () => {
    const db = (await drivers.client(tenantCert).connect()).db("shop");
    const c = db.collection("c");
    const upserts: Document[] = [
      { "__proto__.polluted": "yes" },
      { $and: [{ "__proto__.polluted": "and" }] },
      { "__proto__.polluted": { $eq: "eq" } },
      { [`__proto__.${otherProjectId}`]: ["GROUP_OWNER"] },
      { [`constructor.prototype.${otherProjectId}`]: ["GROUP_OWNER"] },
      wire('{"__proto__": {"polluted": "embedded"}}'),
    ];
    for (const filter of upserts) {
      const result = await c.updateOne(filter, { $set: { x: 1 } }, { upsert: true });
      assert.equal(result.upsertedCount, 1, JSON.stringify(filter));
    }
    const found = await c.findOneAndUpdate({ "__proto__.polluted": "fam" }, { $set: { y: 1 } }, { upsert: true, returnDocument: "after" });
    assert.deepEqual(Object.getOwnPropertyDescriptor(found ?? {}, "__proto__")?.value, { polluted: "fam" });

    await c.insertOne(wire('{"_id": "own", "__proto__": {"a": 1}, "constructor": "c", "prototype": 2}'));
    const back = await c.findOne({ "__proto__.a": 1 });
    assert.ok(back && Object.hasOwn(back, "__proto__"), "the driver gets __proto__ back as a field");
    assert.deepEqual(Object.keys(back), ["_id", "__proto__", "constructor", "prototype"]);
    assert.equal(await c.countDocuments({ "__proto__.polluted": { $in: ["yes", "and", "eq", "embedded", "fam"] } }), 5);
    assert.equal(await c.countDocuments({ constructor: { $exists: true } }), 2);
  });

  it("keeps a document sequence named __proto__ a field of the command", async () => {
    const raw = await connectRaw(port, cg.serverCaFile, tenantCert);
    try {
      const auth = encodeOpMsg({ requestId: 1, responseTo: 0, body: { authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" } });
      assert.equal((await raw.request(auth)).doc["ok"], 1);
      const insert = encodeOpMsg({ requestId: 2, responseTo: 0, body: { insert: "seq", $db: "shop" }, sequences: [{ identifier: "__proto__", documents: [{ a: 1 }] }] });
      const reply = (await raw.request(insert)).doc;
      assert.equal(reply["ok"], 0, "mongod refuses the insert: it has no documents field");
      assert.notEqual(reply["code"], 1);
      const ping = encodeOpMsg({ requestId: 3, responseTo: 0, body: { ping: 1, $db: "admin" }, sequences: [{ identifier: "__proto__", documents: [{}] }] });
      assert.equal((await raw.request(ping)).doc["ok"], 1);
    } finally {
      raw.close();
    }
  });

  it("still serves the Admin API, web sign-in and other projects' new connections afterwards", async () => {
    const users = await digestJson(`${cg.api}/groups/${cg.projectId}/databaseUsers?pageNum=1&itemsPerPage=10`, cg.key);
    assert.equal(users.status, 200, users.result.body);
    const otherUsers = await digestJson(`${cg.api}/groups/${otherProjectId}/databaseUsers?includeCount=true`, cg.key);
    assert.equal(otherUsers.status, 200, otherUsers.result.body);
    const url = new URL(cg.api).origin;
    const signIn = await send(`${url}/api/private/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify(cg.owner),
    });
    assert.equal(signIn.status, 200, signIn.body);

    const neighbours = new X509DriverClients(() => otherPort, () => cg.serverCaFile);
    try {
      const data = (await neighbours.client(neighbourCert).connect()).db("data");
      await data.collection("n").insertOne({ ok: true });
      assert.equal(await data.collection("n").countDocuments({}), 1);
    } finally {
      await neighbours.closeAll();
    }
  });

  it("answers malformed commands with mongod's codes, never InternalError, and keeps the connection", async () => {
    const raw = await connectRaw(port, cg.serverCaFile, tenantCert);
    let requestId = 10;
    const run = async (body: Document): Promise<Document> => (await raw.request(encodeOpMsg({ requestId: ++requestId, responseTo: 0, body }))).doc;
    try {
      assert.equal((await run({ authenticate: 1, mechanism: "MONGODB-X509", $db: "$external" }))["ok"], 1);
      const wrongLsid = await run({ find: "c", lsid: { id: "str" }, $db: "shop" });
      assert.deepEqual([wrongLsid["code"], wrongLsid["errmsg"]], [14, "BSON field 'OperationSessionInfo.lsid.id' is the wrong type 'string', expected type 'binData'"]);
      assert.equal((await run({ find: "c", lsid: { id: null }, $db: "shop" }))["code"], 14);
      assert.equal((await run({ endSessions: [{ id: 5 }], $db: "admin" }))["code"], 14);
      assert.equal((await run({ find: "c", filter: { s: { $regex: "(" } }, $db: "shop" }))["code"], 51091);
      assert.equal((await run({ findAndModify: "c", query: {}, update: [{}], $db: "shop" }))["code"], 40323);
      let filter: Document = { s: 1 };
      for (let i = 0; i < 5000; i++) filter = { $and: [filter] };
      const deep = await run({ find: "c", filter, $db: "shop" });
      assert.deepEqual([deep["code"], deep["codeName"]], [15, "Overflow"]);
      assert.match(String(deep["errmsg"]), /^BSONObj exceeds maximum nested object depth in element with field name 'filter\.\$and\.0\.\$and\.0\./);
      let doc: Document = { x: 1 };
      for (let i = 0; i < 185; i++) doc = { d: doc };
      const insert = await run({ insert: "c", documents: [doc], $db: "shop" });
      assert.equal((insert["writeErrors"] as Document[])[0]?.["code"], 15);
      assert.equal((await run({ ping: 1, $db: "admin" }))["ok"], 1, "the connection is still served");
    } finally {
      raw.close();
    }
    assert.doesNotMatch(cg.output(), /"level":50/, "a client's mistakes never log at error level");
  });

  it("runs certgate start with Object.prototype.__proto__ removed and Object.prototype clean", async () => {
    const state = await evaluateInProcess(cg.pid, cg.output, '[Object.getOwnPropertyDescriptor(Object.prototype, "__proto__") === undefined, Object.getOwnPropertyNames(Object.prototype).length, ({}).polluted === undefined]');
    assert.deepEqual(state, [true, Object.getOwnPropertyNames(Object.prototype).length - 1, true]);
  });
});
