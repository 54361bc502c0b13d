import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Document } from "bson";
import { authorizeCommand, lookupCommand } from "../../../src/gateway/server/command-table.js";
import { resolveRoles } from "../../../src/gateway/authz/role-resolver.js";
import { bodyWithSequences } from "../../../src/gateway/wire/op-msg.js";
import { startCaptureServer, type Captured, type CaptureServer } from "./capture-server.js";
import { createThrowawayPki, type ThrowawayPki } from "./throwaway-pki.js";

const MONGOSH = fileURLToPath(new URL("../../../../node_modules/.bin/mongosh", import.meta.url));

/** Commands mongosh sends that mongod itself does not have; the gateway answers them as mongod would. */
const NOT_MONGOD_COMMANDS = new Set(["atlasVersion"]);

function commandOf(captured: Captured): { name: string; db: string; body: Document } {
  const body = captured.message.kind === "OP_MSG" ? bodyWithSequences(captured.message.msg) : captured.message.query.query;
  const db = captured.message.kind === "OP_MSG" ? String(body.$db) : captured.message.query.fullCollectionName.split(".")[0];
  return { name: Object.keys(body)[0], db, body };
}

describe("mongosh over mutual TLS with MONGODB-X509", () => {
  let pki: ThrowawayPki;
  let server: CaptureServer;
  let output = "";
  before(async () => {
    pki = createThrowawayPki();
    server = await startCaptureServer({ tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.caFile } });
    const uri = `mongodb://localhost:${server.port}/sales?directConnection=true&tls=true&authMechanism=MONGODB-X509&serverSelectionTimeoutMS=5000`;
    const script = "db.orders.insertOne({ sku: 'a' }); print(JSON.stringify(db.getCollectionNames())); print(JSON.stringify(db.getMongo().getDBNames()))";
    const args = [uri, "--tlsCAFile", pki.caFile, "--tlsCertificateKeyFile", pki.clientPemFile, "--quiet", "--norc", "--eval", script];
    const env = { ...process.env, MONGOSH_NO_UPDATE_CHECK: "1", HOME: pki.dir };
    const { stdout } = await promisify(execFile)(MONGOSH, args, { env, timeout: 60_000 });
    output = stdout.trim();
  });
  after(async () => {
    await server.close();
    pki.cleanup();
  });

  test("every message mongosh sends decodes, and its script ran against the capture server", () => {
    assert.deepEqual(server.errors, []);
    assert.equal(output, "[]\n[]");
    assert.ok(server.captured.some((c) => commandOf(c).name === "insert"));
  });

  test("every command mongosh sends is in the command table (or is not a mongod command)", () => {
    const names = new Set(server.captured.map((c) => commandOf(c).name));
    for (const expected of ["ismaster", "authenticate", "buildInfo", "getParameter", "aggregate", "insert", "listCollections", "listDatabases", "endSessions"]) {
      assert.ok(names.has(expected), `mongosh sent ${expected} (sent: ${[...names].join(", ")})`);
    }
    const unknown = [...names].filter((n) => lookupCommand(n) === undefined && !NOT_MONGOD_COMMANDS.has(n));
    assert.deepEqual(unknown, []);
  });

  test("a readWrite@sales user gets what mongod would give it for mongosh's traffic", () => {
    const { privileges } = resolveRoles([{ roleName: "readWrite", databaseName: "sales" }]);
    const outcome = (c: Captured) => {
      const { name, db, body } = commandOf(c);
      const result = authorizeCommand(privileges, name, db, body);
      return `${name}@${db}:${result.ok ? (result.filter ?? "allow") : "deny"}`;
    };
    const outcomes = new Set(server.captured.map(outcome));
    for (const expected of [
      "buildInfo@admin:allow", // no authentication needed
      "getParameter@admin:deny", // mongosh ignores the failure of its FCV probe
      "aggregate@admin:deny", // the admin.atlascli probe: no find on admin
      "insert@sales:allow",
      "listCollections@sales:allow",
      "listDatabases@admin:databases", // filtered to databases the user holds privileges on
      "endSessions@admin:allow",
    ]) {
      assert.ok(outcomes.has(expected), `${expected} in ${[...outcomes].join(", ")}`);
    }
  });
});
