/**
 * A webhook that did not take a notification: the reason every project reader sees names the status in
 * words but not the receiver's host and port; the operators' detail (server log) names them.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { test } from "node:test";
import { postJson } from "../../src/alerts/http-post.js";

test("a receiver answering 503 or 404, and one nobody listens at", async () => {
  const server = createServer((req, res) => {
    req.resume();
    res.statusCode = req.url === "/gone" ? 404 : 503;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    const busy = await postJson(`http://127.0.0.1:${port}/hook`, "{}");
    assert.deepEqual(busy, { ok: false, retryable: true, error: "The receiver answered HTTP 503.", detail: `127.0.0.1:${port} answered HTTP 503` });
    const gone = await postJson(`http://127.0.0.1:${port}/gone`, "{}");
    assert.deepEqual(gone, { ok: false, retryable: false, error: "The receiver refused the notification with HTTP 404.", detail: `127.0.0.1:${port} refused the notification with HTTP 404` });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const closed = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const unreachable = await postJson(`http://127.0.0.1:${closed}/hook`, "{}");
  assert.ok(!unreachable.ok);
  assert.equal(unreachable.error, "The notification was not sent: certgate could not reach the receiver.");
  assert.ok(!unreachable.error.includes(String(closed)));
  assert.match(unreachable.detail, new RegExp(`^POST to 127\\.0\\.0\\.1:${closed} failed: .*ECONNREFUSED`));
});
