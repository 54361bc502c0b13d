import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiRequestError } from "./api-request-error.js";

test("an Atlas error body is one line `CODE: detail`; anything else names the HTTP status and the body's first line", () => {
  const atlas = { detail: "The CA bundle was refused (2 problems):\n certificate 1: expired\n certificate 2: not a CA", error: 400, errorCode: "INVALID_ATTRIBUTE" };
  assert.equal(new ApiRequestError(400, atlas, "", "Bad Request").message, "INVALID_ATTRIBUTE: The CA bundle was refused (2 problems): certificate 1: expired certificate 2: not a CA");
  assert.equal(new ApiRequestError(404, { errorCode: "NOT_FOUND", detail: null }, "", "Not Found").message, "NOT_FOUND");
  assert.equal(new ApiRequestError(502, undefined, "<html>bad gateway</html>\nmore", "Bad Gateway").message, "HTTP 502 Bad Gateway: <html>bad gateway</html>");
  assert.equal(new ApiRequestError(503, undefined, "", "").message, "HTTP 503");
});
