import assert from "node:assert/strict";
import { test } from "node:test";
import { CoreError } from "./core-error.js";
import { paginate, parsePageRequest } from "./paging.js";

test("defaults are Atlas's: page 1 of 100, counted", () => {
  assert.deepEqual(parsePageRequest(), { pageNum: 1, itemsPerPage: 100, offset: 0, limit: 100, includeCount: true });
  assert.deepEqual(parsePageRequest({ pageNum: 3, itemsPerPage: 500 }), { pageNum: 3, itemsPerPage: 500, offset: 1000, limit: 500, includeCount: true });
  assert.equal(parsePageRequest({ includeCount: false }).includeCount, false);
});

test("out-of-range or fractional values are refused, naming the parameter", () => {
  for (const [request, field] of [
    [{ pageNum: 0 }, "pageNum"],
    [{ pageNum: 1.5 }, "pageNum"],
    [{ itemsPerPage: 0 }, "itemsPerPage"],
    [{ itemsPerPage: 501 }, "itemsPerPage"],
    [{ itemsPerPage: Number.NaN }, "itemsPerPage"],
  ] as const) {
    assert.throws(
      () => parsePageRequest(request),
      (error: unknown) => error instanceof CoreError && error.code === "INVALID_QUERY_PARAMETER" && error.parameters[0] === field,
    );
  }
});

test("paginate cuts a list and keeps its full count", () => {
  const items = ["a", "b", "c", "d", "e"];
  assert.deepEqual(paginate(items, { pageNum: 2, itemsPerPage: 2 }), { results: ["c", "d"], totalCount: 5 });
  assert.deepEqual(paginate(items, { pageNum: 3, itemsPerPage: 2 }), { results: ["e"], totalCount: 5 });
  assert.deepEqual(paginate(items, { pageNum: 4, itemsPerPage: 2 }), { results: [], totalCount: 5 });
});
