import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CommandEvent } from "../../gateway/server/gateway-events.js";
import { ConfigError } from "../../shared/config.js";
import { parseAuditSettings } from "../../shared/audit-settings.js";
import { mkdtempSync, readFileSync, renameSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAuditLog } from "./audit-log.js";
import { auditLine, authCheckLine, authCheckMessage } from "./audit-message.js";
import { fileSink, type AuditSink } from "./audit-sink.js";

function memorySink(): AuditSink & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>), reopen: () => undefined, close: async () => undefined };
}

const ts = new Date("2026-12-06T12:00:00.000Z");
const find: CommandEvent = {
  cluster: "Cluster0",
  connectionId: 7,
  remote: "::ffff:127.0.0.1:50123",
  local: "127.0.0.1:27100",
  user: "CN=alice",
  db: "sales",
  command: "find",
  collection: "orders",
  outcome: "ok",
  code: undefined,
  seconds: 0.001,
};

function audit(filter?: Record<string, unknown>, authorizationSuccess = false) {
  const sink = memorySink();
  const log = createAuditLog({ destination: { kind: "console" }, filter, authorizationSuccess }, () => ts, sink);
  return { sink, events: log.gatewayEvents };
}

describe("audit log", () => {
  it("writes mongod's authenticate message for a success and a failure", () => {
    const { sink, events } = audit();
    events.authentication?.({ cluster: "Cluster0", connectionId: 7, remote: "10.0.0.9:4000", local: "10.0.0.1:27100", ok: true, user: "CN=alice", mechanism: "MONGODB-X509" });
    events.authentication?.({ cluster: "Cluster0", connectionId: 8, remote: "10.0.0.9:4001", ok: false, reason: "user not found", code: 11, subject: "CN=bob", issuer: "CN=ca", serial: "0A", detail: "no user" });
    assert.deepEqual(sink.lines[0], {
      atype: "authenticate",
      ts: { $date: "2026-12-06T12:00:00.000Z" },
      local: { ip: "10.0.0.1", port: 27100 },
      remote: { ip: "10.0.0.9", port: 4000 },
      users: [{ user: "CN=alice", db: "$external" }],
      roles: [],
      param: { user: "CN=alice", db: "$external", mechanism: "MONGODB-X509" },
      result: 0,
      cluster: "Cluster0",
      connectionId: 7,
    });
    assert.deepEqual(sink.lines[1]?.param, { user: "CN=bob", db: "$external", mechanism: "MONGODB-X509", reason: "user not found", issuer: "CN=ca", serial: "0A" });
    assert.equal(sink.lines[1]?.result, 11);
    assert.deepEqual(sink.lines[1]?.users, []);
  });

  it("audits a refused handshake as a failed X.509 authentication", () => {
    const { sink, events } = audit();
    events.handshakeRefused?.({ cluster: "Cluster0", remote: "10.0.0.9:4002", reason: "expired", detail: "CERT_HAS_EXPIRED", subject: "CN=old", serial: "01" });
    assert.equal(sink.lines[0]?.atype, "authenticate");
    assert.equal(sink.lines[0]?.result, 18);
    assert.deepEqual(sink.lines[0]?.param, { user: "CN=old", db: "$external", mechanism: "MONGODB-X509", stage: "tls", reason: "expired", serial: "01" });
  });

  it("audits authorization failures always, authorized commands only with authorizationSuccess, never commands that need no authorization", () => {
    const off = audit();
    off.events.command?.(find);
    off.events.command?.({ ...find, outcome: "unauthorized", code: 13, db: "hr", collection: "salaries" });
    assert.equal(off.sink.lines.length, 1);
    assert.deepEqual(off.sink.lines[0]?.param, { command: "find", ns: "hr.salaries" });
    assert.equal(off.sink.lines[0]?.result, 13);

    const on = audit(undefined, true);
    on.events.command?.(find);
    on.events.command?.({ ...find, command: "hello", collection: undefined });
    on.events.command?.({ ...find, command: "insert", outcome: "error", code: 11000 });
    on.events.command?.({ ...find, command: "listDatabases", db: "admin", collection: undefined });
    assert.deepEqual(
      on.sink.lines.map((l) => [l.param, l.result]),
      [
        [{ command: "find", ns: "sales.orders", outcome: "ok" }, 0],
        [{ command: "insert", ns: "sales.orders", outcome: "error", code: 11000 }, 0],
        [{ command: "listDatabases", ns: "admin", outcome: "ok" }, 0],
      ],
    );
    assert.deepEqual(on.sink.lines[0]?.remote, { ip: "::ffff:127.0.0.1", port: 50123 });
  });

  it("keeps only the messages that match the filter, with MongoDB's query operators", () => {
    const { sink, events } = audit({ atype: "authCheck", "users.user": "CN=alice", "param.command": { $in: ["insert", "delete"] } }, true);
    events.command?.(find);
    events.command?.({ ...find, command: "insert" });
    events.command?.({ ...find, command: "insert", user: "CN=mallory" });
    events.authentication?.({ cluster: "Cluster0", connectionId: 7, remote: "10.0.0.9:4000", ok: true, user: "CN=alice" });
    assert.deepEqual(
      sink.lines.map((l) => [l.atype, (l.param as { command: string }).command, (l.users as Array<{ user: string }>)[0]?.user]),
      [["authCheck", "insert", "CN=alice"]],
    );
  });

  it("refuses a filter with an operator it can't evaluate, and settings without a destination", () => {
    assert.throws(() => audit({ atype: { $nope: 1 } }), ConfigError);
    const fail = (message: string) => new ConfigError(message);
    const pick = (value: string, source: string) => ({ value, source });
    assert.throws(() => parseAuditSettings(pick("", "d"), pick('{"atype":"authCheck"}', "--audit-filter"), pick("false", "s"), "/", fail), /--audit-filter needs an audit log/);
    assert.throws(() => parseAuditSettings(pick("audit.json", "d"), pick("[1]", "--audit-filter"), pick("false", "s"), "/", fail), /must be a JSON object/);
    assert.throws(() => parseAuditSettings(pick("audit.json", "d"), pick("", "f"), pick("yes", "--audit-authorization-success"), "/", fail), /"true" or "false"/);
    assert.equal(parseAuditSettings(pick("", "d"), pick("", "f"), pick("false", "s"), "/", fail), undefined);
    assert.deepEqual(parseAuditSettings(pick("logs/audit.json", "d"), pick("", "f"), pick("true", "s"), "/var/lib/certgate", fail), {
      destination: { kind: "file", path: "/var/lib/certgate/logs/audit.json" },
      filter: undefined,
      authorizationSuccess: true,
    });
  });

  it("writes a command's line directly with the same text as the message it stands for", () => {
    const variants: CommandEvent[] = [
      find,
      { ...find, outcome: "unauthorized", code: 13 },
      { ...find, outcome: "error", code: 11000, command: "insert" },
      { ...find, user: undefined, collection: undefined, db: "admin", command: "listDatabases" },
      { ...find, local: undefined, remote: "[::1]:5000".replace(/[[\]]/g, ""), user: 'CN=a\\,b "quoted",O=\u00e9' },
    ];
    for (const e of variants) assert.equal(authCheckLine(e, ts.toISOString()), auditLine(authCheckMessage(e, ts)));
  });

  it("appends to a 0600 file, gathers lines, writes them all on close, and starts a new file on reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "certgate-audit-sink-"));
    const path = join(dir, "audit.json");
    const sink = fileSink(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    for (let i = 0; i < 5000; i++) sink.write(`{"n":${i}}\n`);
    renameSync(path, join(dir, "audit.json.1"));
    sink.reopen();
    sink.write('{"n":"after"}\n');
    await sink.close();
    const rotated = readFileSync(join(dir, "audit.json.1"), "utf8") + readFileSync(path, "utf8");
    const lines = rotated.trim().split("\n");
    assert.equal(lines.length, 5001);
    assert.deepEqual(lines.slice(0, 3), ['{"n":0}', '{"n":1}', '{"n":2}']);
    assert.equal(readFileSync(path, "utf8"), '{"n":"after"}\n');
  });

  it("loses no line and keeps their order when the file is rotated while a write is in flight", async () => {
    const dir = mkdtempSync(join(tmpdir(), "certgate-audit-sink-"));
    const path = join(dir, "audit.json");
    const sink = fileSink(path);
    for (let i = 0; i < 20_000; i++) sink.write(`{"n":${i}}\n`);
    renameSync(path, join(dir, "audit.json.1"));
    sink.reopen();
    for (let i = 20_000; i < 30_000; i++) sink.write(`{"n":${i}}\n`);
    await sink.close();
    const lines = (readFileSync(join(dir, "audit.json.1"), "utf8") + readFileSync(path, "utf8")).trim().split("\n");
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { n: number }).n), Array.from({ length: 30_000 }, (_, i) => i));
  });
});
