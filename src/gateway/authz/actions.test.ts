import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTION_TYPES } from "../../roles/index.js";
import { ACTION } from "./actions.js";

test("every action has a distinct bit index", () => {
  assert.equal(new Set(ACTION_TYPES).size, ACTION_TYPES.length);
  ACTION_TYPES.forEach((name, i) => assert.equal(ACTION[name], i));
});
