import { test } from "node:test";
import assert from "node:assert/strict";
import { BACKEND_COMMANDS } from "../backends/backend.js";
import { COMMAND_SPECS, lookupCommand } from "./command-table.js";

test("the table is sorted by name and serves every backend command", () => {
  const names = COMMAND_SPECS.map((spec) => spec.name);
  assert.deepEqual(names, [...names].sort());
  for (const name of BACKEND_COMMANDS) assert.ok(["backend", "cursor"].includes(lookupCommand(name)?.kind ?? ""), name);
});

test("getMore and killCursors have their own handlers", () => {
  for (const name of ["getMore", "killCursors"]) {
    const spec = lookupCommand(name);
    assert.equal(spec?.kind, "cursor", name);
    assert.notEqual(spec?.handler, lookupCommand("find")?.handler, name);
  }
});

test("mongod's lowercase aliases resolve to their command", () => {
  for (const [alias, name] of [
    ["findandmodify", "findAndModify"], ["collstats", "collStats"], ["dbstats", "dbStats"], ["buildinfo", "buildInfo"],
    ["ismaster", "hello"], ["isMaster", "hello"], ["datasize", "dataSize"], ["deleteIndexes", "dropIndexes"], ["dbhash", "dbHash"],
  ]) {
    assert.equal(lookupCommand(alias)?.name, name, alias);
  }
});

test("only mongod's OP_QUERY allow-list is served over OP_QUERY", () => {
  const legacy = COMMAND_SPECS.filter((spec) => spec.opQuery).flatMap((spec) => [spec.name, ...spec.aliases]).sort();
  assert.deepEqual(legacy, ["authenticate", "buildInfo", "buildinfo", "hello", "isMaster", "ismaster", "saslContinue", "saslStart"]);
});

test("preAuth follows the privilege rule, and user/role management is refused to everyone", () => {
  for (const spec of COMMAND_SPECS) assert.equal(spec.preAuth, spec.privilege.auth === "none", spec.name);
  for (const name of ["createUser", "dropUser", "grantRolesToUser", "createRole", "updateRole"]) assert.equal(lookupCommand(name)?.kind, "refused", name);
  assert.equal(lookupCommand("listCommands")?.preAuth, true);
});
