import { test } from "node:test";
import assert from "node:assert/strict";
import { COMMAND_RULES } from "../authz/index.js";
import { BACKEND_COMMANDS } from "../backends/backend.js";
import { COMMAND_REGISTRY } from "./command-registry.js";

test("the registry is sorted by name and serves every backend command", () => {
  const names = [...COMMAND_REGISTRY.keys()];
  assert.deepEqual(names, [...names].sort());
  for (const name of BACKEND_COMMANDS) assert.ok(COMMAND_REGISTRY.has(name), name);
});

test("every registered command has an authorization rule, and preAuth agrees with it", () => {
  for (const [name, entry] of COMMAND_REGISTRY) {
    const rule = COMMAND_RULES.get(name);
    assert.ok(rule, `${name} has no authorization rule, so authorizeCommand would refuse it`);
    assert.equal(entry.preAuth, rule.auth === "none", name);
  }
});

test("only mongod's OP_QUERY allow-list is served over OP_QUERY", () => {
  const legacy = [...COMMAND_REGISTRY].filter(([, entry]) => entry.opQuery).map(([name]) => name);
  assert.deepEqual(legacy, ["authenticate", "buildInfo", "buildinfo", "hello", "isMaster", "ismaster", "saslContinue", "saslStart"]);
});
