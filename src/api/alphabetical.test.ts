import { test } from "node:test";
import assert from "node:assert/strict";
import { alphabetical } from "./alphabetical.js";

test("keys are sorted at every depth, arrays keep their order", () => {
  const out = alphabetical({ username: "u", roles: [{ roleName: "read", databaseName: "app" }], awsIAMType: "NONE" });
  assert.equal(JSON.stringify(out), '{"awsIAMType":"NONE","roles":[{"databaseName":"app","roleName":"read"}],"username":"u"}');
});

test("bigints, dates and nulls pass through", () => {
  const at = new Date(0);
  assert.deepEqual(alphabetical({ b: 1n, a: at, c: null }), { a: at, b: 1n, c: null });
});
