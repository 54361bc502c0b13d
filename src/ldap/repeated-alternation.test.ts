import assert from "node:assert/strict";
import { test } from "node:test";
import { repeatedAlternation } from "./repeated-alternation.js";

test("a group with alternatives repeated without a small bound is found", () => {
  for (const [source, group] of [
    ["(a|aa)+", "(a|aa)+"],
    ["^(?:(a|aa)+)$", "(a|aa)+"],
    ["x(?:ab|a)*y", "(?:ab|a)*"],
    ["(a|b){2,}", "(a|b){2,}"],
    ["(a|b){1,20}", "(a|b){1,20}"],
    ["((a|b)c)+", "((a|b)c)+"],
    ["(?<user>[^@]|\\.)+@x", "(?<user>[^@]|\\.)+"],
  ] as const) {
    assert.equal(repeatedAlternation(source), group, source);
  }
});

test("alternatives that are not repeated, escaped or inside a class are not counted", () => {
  for (const source of ["(CN|OU)=(.+)", "a|b", "(a|b)?x", "(a|b){3}", "(a|b){0,8}", "\\(a|b\\)+", "([|()]+)@x", "(.+)@ENGINEERING\\.EXAMPLE\\.COM", "([^.]+)\\.([^.]+)", "[\\]|(]+"]) {
    assert.equal(repeatedAlternation(source), undefined, source);
  }
});
