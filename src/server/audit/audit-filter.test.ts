import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../shared/config.js";
import { compileAuditFilter, compileFastFilter, mingoFilter } from "./audit-filter.js";
import { apiRequestMessage, authCheckMessage, authenticateMessage, handshakeMessage, type AuditMessage } from "./audit-message.js";

const ts = new Date("2026-12-06T12:00:00.000Z");
const command = { cluster: "Cluster0", connectionId: 7, remote: "10.0.0.9:50123", local: "127.0.0.1:27100", user: "CN=alice", db: "sales", command: "find", collection: "orders", outcome: "ok" as const, code: undefined, seconds: 0.001 };

/** Every kind of message the audit log writes, with and without its optional fields. */
const MESSAGES: AuditMessage[] = [
  authCheckMessage(command, ts),
  authCheckMessage({ ...command, outcome: "unauthorized", collection: undefined }, ts),
  authCheckMessage({ ...command, outcome: "error", code: 26, local: undefined, user: undefined }, ts),
  authenticateMessage({ cluster: "Cluster0", connectionId: 7, remote: "10.0.0.9:4000", local: "10.0.0.1:27100", ok: true, user: "CN=alice", mechanism: "MONGODB-X509" }, ts),
  authenticateMessage({ cluster: "Cluster0", connectionId: 8, remote: "10.0.0.9:4001", ok: false, reason: "user not found", code: 11, subject: "CN=bob", issuer: "CN=ca", serial: "0A", detail: "no user" }, ts),
  handshakeMessage({ cluster: "Cluster1", remote: "10.0.0.7:4100", local: "10.0.0.1:27101", reason: "unknown issuer", subject: "CN=eve", issuer: "CN=other", serial: "0B", detail: "x" }, ts),
  apiRequestMessage({ method: "POST", path: "/api/atlas/v1.0/groups/1/clusters", route: "/api/atlas/v1.0/groups/:groupId/clusters", status: 201, actor: { kind: "API_KEY", label: "abcdefgh" }, remote: { ip: "127.0.0.1", port: 5000 }, local: undefined }, ts),
  apiRequestMessage({ method: "DELETE", path: "/x", route: undefined, status: 401, actor: undefined, remote: { ip: "::1", port: 5001 }, local: { ip: "::1", port: 8080 } }, ts),
];

const PATHS = ["atype", "result", "cluster", "connectionId", "param.ns", "param.command", "param.outcome", "param.code", "param.reason", "param.status", "param.method", "param.stage", "remote.ip", "remote.port", "local.port", "param.missing"];
const VALUES: unknown[] = ["authCheck", "authenticate", "apiRequest", 0, 13, 18, 11, 26, 401, 201, "sales.orders", "sales", "find", "ok", "error", "Cluster0", "user not found", "unknown issuer", "POST", "tls", "127.0.0.1", "10.0.0.9", 27100, 7, null, true, "0", "a", "z"];

/** A deterministic pseudo-random sequence (the filters differ per index, the same every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomFilter(next: () => number, depth = 0): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const filter: Record<string, unknown> = {};
  const fields = 1 + Math.floor(next() * 2);
  for (let i = 0; i < fields; i++) {
    const kind = next();
    if (depth < 2 && kind < 0.15) {
      filter[pick(["$and", "$or", "$nor"])] = [randomFilter(next, depth + 1), randomFilter(next, depth + 1)];
      continue;
    }
    const path = pick(PATHS);
    const op = pick(["eq", "$eq", "$ne", "$in", "$nin", "$exists", "$gt", "$gte", "$lt", "$lte", "$ne+$exists"]);
    if (op === "eq") filter[path] = pick(VALUES);
    else if (op === "$in" || op === "$nin") filter[path] = { [op]: [pick(VALUES), pick(VALUES)] };
    else if (op === "$exists") filter[path] = { $exists: next() < 0.5 };
    else if (op === "$ne+$exists") filter[path] = { $ne: pick(VALUES), $exists: true };
    else filter[path] = { [op]: pick(VALUES) };
  }
  return filter;
}

describe("audit filter", () => {
  it("gives mingo's answer for 3,000 random filters over every kind of message", () => {
    const next = random(15);
    let compiled = 0;
    for (let i = 0; i < 3_000; i++) {
      const filter = randomFilter(next);
      const fast = compileFastFilter(filter);
      if (fast === undefined) continue;
      compiled++;
      const slow = mingoFilter(filter);
      for (const message of MESSAGES) assert.equal(fast(message), slow(message), `${JSON.stringify(filter)} on ${JSON.stringify(message)}`);
    }
    assert.ok(compiled > 2_500, `most random filters are compiled (${compiled})`);
  });

  it("compiles the documented filters and keeps the messages mingo keeps", () => {
    for (const filter of [{ $or: [{ result: { $ne: 0 } }, { atype: "apiRequest" }] }, { atype: "authCheck", "param.ns": { $ne: "bench.items" } }, { "param.reason": { $in: ["revoked", "expired"] } }]) {
      const fast = compileFastFilter(filter);
      assert.ok(fast, JSON.stringify(filter));
      const slow = mingoFilter(filter);
      assert.deepEqual(MESSAGES.map(fast), MESSAGES.map(slow));
    }
  });

  it("leaves to mingo what it does not compile: arrays, dates, regular expressions, other operators", () => {
    const filters: Array<Record<string, unknown>> = [
      { "users.user": "CN=alice" },
      { users: { $size: 0 } },
      { ts: { $gt: new Date(0) } },
      { "param.ns": { $regex: "^sales\\." } },
      { "param.ns": /^sales\./ },
      { result: { $not: { $eq: 0 } } },
      { remote: { ip: "10.0.0.9", port: 4000 } },
      { $expr: { $eq: ["$result", 0] } },
    ];
    for (const filter of filters) {
      assert.equal(compileFastFilter(filter), undefined, JSON.stringify(filter));
      const keep = compileAuditFilter(filter) as (m: AuditMessage) => boolean;
      assert.deepEqual(MESSAGES.map(keep), MESSAGES.map(mingoFilter(filter)));
    }
    assert.deepEqual(MESSAGES.map(compileAuditFilter({ "users.user": "CN=alice" }) as (m: AuditMessage) => boolean), [true, true, false, true, false, false, false, false]);
  });

  it("refuses at start-up a query mingo cannot evaluate", () => {
    assert.throws(() => compileAuditFilter({ result: { $nosuch: 1 } }), ConfigError);
    assert.equal(compileAuditFilter(undefined), undefined);
  });
});
