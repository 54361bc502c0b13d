import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeValue } from "./escape-value.js";

test("mongod's special characters get a backslash, = does not", () => {
  assert.equal(escapeValue(',+"\\<>;='), '\\,\\+\\"\\\\\\<\\>\\;=');
});

test("a leading space or # is escaped, a later # is not", () => {
  assert.equal(escapeValue(" lead"), "\\ lead");
  assert.equal(escapeValue("#1#2"), "\\#1#2");
});

test("non-ASCII characters become one upper-case \\XX per UTF-8 byte", () => {
  assert.equal(escapeValue("é東😀"), "\\C3\\A9\\E6\\9D\\B1\\F0\\9F\\98\\80");
});

test("a trailing space is escaped only when the escaped text is longer than two characters", () => {
  assert.equal(escapeValue("a "), "a ");
  assert.equal(escapeValue(" "), "\\ ");
  assert.equal(escapeValue("ab "), "ab\\ ");
  assert.equal(escapeValue("  "), "\\ \\ ");
  assert.equal(escapeValue("é "), "\\C3\\A9\\ ");
  assert.equal(escapeValue(", "), "\\,\\ ");
  assert.equal(escapeValue("x  "), "x \\ ");
});

test("controls are left as they are and the empty value stays empty", () => {
  assert.equal(escapeValue("a\u0007b"), "a\u0007b");
  assert.equal(escapeValue(""), "");
});
