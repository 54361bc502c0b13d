import { test } from "node:test";
import assert from "node:assert/strict";
import { createBody, parseRole, parseScope, updateBody } from "./user-flags.js";

test("parseRole: roleName[@dbName[.collection]], the database defaulting to admin; a collection may hold dots", () => {
  assert.deepEqual(parseRole("atlasAdmin"), { roleName: "atlasAdmin", databaseName: "admin" });
  assert.deepEqual(parseRole("read@app"), { roleName: "read", databaseName: "app" });
  assert.deepEqual(parseRole("read@app.logs.2026"), { roleName: "read", databaseName: "app", collectionName: "logs.2026" });
  for (const bad of ["", "@app", "read@", "read@app."]) assert.throws(() => parseRole(bad), /is not roleName\[@dbName\[\.collection\]\]/, bad);
});

test("parseScope: name[:type], type CLUSTER by default and upper-cased", () => {
  assert.deepEqual(parseScope("c1"), { name: "c1", type: "CLUSTER" });
  assert.deepEqual(parseScope("lake:data_lake"), { name: "lake", type: "DATA_LAKE" });
  for (const bad of ["", ":CLUSTER", "c1:", "a:b:c"]) assert.throws(() => parseScope(bad), /is not name\[:type\]/, bad);
});

test("createBody: external types go to $external (LDAP groups to admin); SCRAM needs a password, external users refuse one", () => {
  assert.deepEqual(createBody("p1", { username: "u", x509Type: "MANAGED", role: ["read@a"] }, ["backup"]), {
    groupId: "p1",
    databaseName: "$external",
    username: "u",
    roles: [
      { roleName: "backup", databaseName: "admin" },
      { roleName: "read", databaseName: "a" },
    ],
    x509Type: "MANAGED",
  });
  assert.equal(createBody("p1", { username: "g", ldapType: "GROUP", role: ["read@a"] }, []).databaseName, "admin");
  assert.equal(createBody("p1", { username: "s", password: "long-enough", role: ["read@a"] }, []).databaseName, "admin");
  assert.equal(createBody("p1", { username: "x", x509Type: "NONE", password: "long-enough", role: ["read@a"] }, []).databaseName, "admin");
  assert.throws(() => createBody("p1", { username: "u", x509Type: "CUSTOMER", password: "pw123456", role: ["read@a"] }, []), /can't supply both/);
  assert.throws(() => createBody("p1", { username: "u", role: ["read@a"] }, []), /a SCRAM user needs --password/);
  assert.throws(() => createBody("p1", { username: "u", x509Type: "MANAGED" }, []), /missing role/);
  assert.throws(() => createBody("p1", { username: "u", x509Type: "MANAGED" }, ["root"]), /"root" is not a built-in role/);
});

test("updateBody: only what the flags give; nothing given is an error", () => {
  assert.deepEqual(updateBody({ role: ["readWrite@b"], description: "d" }), { roles: [{ roleName: "readWrite", databaseName: "b" }], description: "d" });
  assert.deepEqual(updateBody({ scope: ["c1"], role: [] }), { scopes: [{ name: "c1", type: "CLUSTER" }] });
  assert.throws(() => updateBody({ role: [], scope: [] }), /nothing to update/);
});
