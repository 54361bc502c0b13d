import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import pino from "pino";
import { refusalLog } from "./refusal-log.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: pino({ level: "info" }, stream) };
}

const refusal = { cluster: "c", remote: "10.0.0.1:5000", reason: "unknown issuer", detail: "UNABLE_TO_GET_ISSUER_CERT" } as const;

test("a flood is cut to the burst, then the refill rate, and the next line says how many were dropped", () => {
  const { lines, log } = capture();
  let now = 0;
  const events = refusalLog(log, { burst: 3, perSecond: 2 }, () => now);
  for (let i = 0; i < 10; i++) events.handshakeRefused(refusal);
  assert.equal(lines.length, 3);
  now = 500; // one token back
  events.handshakeRefused(refusal);
  assert.equal(lines.length, 4);
  assert.equal(lines[3]?.suppressedBefore, 7);
  assert.equal(lines[3]?.msg, "TLS handshake refused");
  assert.equal(lines[3]?.reason, "unknown issuer");
});

test("authentication: successes and a connection's repeated refusal are not logged", () => {
  const { lines, log } = capture();
  const events = refusalLog(log);
  const base = { cluster: "c", connectionId: 1, remote: "r", subject: "CN=a", issuer: "CN=ca", serial: "01" };
  events.authentication({ ...base, ok: true, user: "CN=a" });
  events.authentication({ ...base, ok: false, reason: "user not found", detail: "no user" });
  events.authentication({ ...base, ok: false, reason: "user not found", detail: "no user", repeated: true });
  assert.deepEqual(
    lines.map((l) => [l.msg, l.reason, l.subject, l.serial]),
    [["X.509 authentication refused", "user not found", "CN=a", "01"]],
  );
});
