import { test } from "node:test";
import assert from "node:assert/strict";
import { buildPage, pageRequestFrom } from "./pagination.js";

const page = (pageNum: number, itemsPerPage: number, totalCount: number, includeCount = true, query = "") =>
  buildPage({
    baseUrl: "http://h",
    path: "/p",
    query: new URLSearchParams(query),
    page: { pageNum, itemsPerPage, includeCount },
    results: Array.from({ length: Math.max(0, Math.min(itemsPerPage, totalCount - (pageNum - 1) * itemsPerPage)) }, (_, i) => i),
    totalCount,
  });

test("Atlas's defaults: page 1, 100 items, with the count", () => {
  assert.deepEqual(pageRequestFrom({}), { pageNum: 1, itemsPerPage: 100, includeCount: true });
});

test("a single page has only self", () => {
  assert.deepEqual(page(1, 100, 3).links, [{ href: "http://h/p?includeCount=true&pageNum=1&itemsPerPage=100", rel: "self" }]);
});

test("an exact multiple has no next on its last page", () => {
  assert.deepEqual(page(2, 2, 4).links.map((l) => l.rel), ["previous", "self"]);
});

test("filters stay in the links, presentation parameters don't", () => {
  const links = page(1, 1, 2, false, "includeExpired=true&pretty=true&envelope=true&pageNum=1").links;
  assert.deepEqual(links, [
    { href: "http://h/p?includeExpired=true&includeCount=false&pageNum=1&itemsPerPage=1", rel: "self" },
    { href: "http://h/p?includeExpired=true&includeCount=false&itemsPerPage=1&pageNum=2", rel: "next" },
  ]);
});

test("includeCount=false leaves totalCount out", () => {
  assert.equal("totalCount" in page(1, 10, 3, false), false);
  assert.equal(page(1, 10, 3).totalCount, 3);
});
