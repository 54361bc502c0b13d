import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../api-error.js";
import { parseJsonBody } from "./json-body.js";
import { readResponseFormat } from "./response-format.js";

test("an empty body reads as an empty object", () => {
  assert.deepEqual(parseJsonBody(""), {});
  assert.deepEqual(parseJsonBody("  \n"), {});
});

test("malformed JSON is INVALID_JSON naming where parsing stopped", () => {
  assert.throws(
    () => parseJsonBody('{"a":'),
    (e: unknown) => e instanceof ApiError && e.status === 400 && e.errorCode === "INVALID_JSON" && /^Received JSON is malformed: /.test(e.message),
  );
});

test("__proto__ keys are refused at any depth", () => {
  assert.throws(() => parseJsonBody('{"a":{"__proto__":{"x":1}}}'), (e: unknown) => e instanceof ApiError && e.errorCode === "INVALID_ATTRIBUTE");
});

test("pretty and envelope are read case-insensitively from the raw query", () => {
  assert.deepEqual(readResponseFormat("/x?pretty=TRUE&envelope=false"), { pretty: true, envelope: false, jsonContentType: "application/json; charset=utf-8" });
  assert.deepEqual(readResponseFormat("/x"), { pretty: false, envelope: false, jsonContentType: "application/json; charset=utf-8" });
});
