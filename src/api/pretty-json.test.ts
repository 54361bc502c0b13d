import { test } from "node:test";
import assert from "node:assert/strict";
import { prettyJson } from "./pretty-json.js";

test("objects indent by two spaces with a spaced colon, as Atlas's pretty output does", () => {
  assert.equal(prettyJson({ a: 1, b: "x" }), '{\n  "a" : 1,\n  "b" : "x"\n}');
});

test("arrays open on the same line and only objects add indentation", () => {
  const text = prettyJson({ links: [{ href: "h", rel: "self" }], totalCount: 1 });
  assert.equal(text, '{\n  "links" : [ {\n    "href" : "h",\n    "rel" : "self"\n  } ],\n  "totalCount" : 1\n}');
});

test("empty containers print as { } and [ ]", () => {
  assert.equal(prettyJson({ customerX509: {}, results: [] }), '{\n  "customerX509" : { },\n  "results" : [ ]\n}');
});

test("scalars in arrays share a line", () => {
  assert.equal(prettyJson({ parameters: ["a", 2, null] }), '{\n  "parameters" : [ "a", 2, null ]\n}');
});

test("a bigint serial above 2^53 is printed exactly", () => {
  assert.equal(prettyJson({ _id: 9007199254740993n }), '{\n  "_id" : 9007199254740993\n}');
});

test("undefined fields are dropped and Dates use toJSON, as JSON.stringify does", () => {
  const text = prettyJson({ a: undefined, at: new Date("2026-01-02T03:04:05.000Z") });
  assert.equal(text, '{\n  "at" : "2026-01-02T03:04:05.000Z"\n}');
});

test("the result parses back to the same data", () => {
  const data = { s: 'quote " and \\ and \n', nested: { list: [[1, 2], { k: true }] } };
  assert.deepEqual(JSON.parse(prettyJson(data)), data);
});
