import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import Database from "better-sqlite3";
import { Int32, Long, UUID, type Document } from "bson";
import { EncodedBody } from "../../wire/index.js";
import { EmbeddedBackend } from "./embedded-backend.js";
import { openScratchBackend, type ScratchBackend } from "../../../../test/support/scratch-backend.js";
import { sessionKey, type CommandContext } from "../backend.js";
import { SESSION_TIMEOUT_MS } from "./retryable-writes.js";

let b: ScratchBackend | undefined;
afterEach(async () => {
  await b?.dispose();
  b = undefined;
});

function session(): { lsid: { id: ReturnType<UUID["toBinary"]> }; sessionId: string } {
  const lsid = { id: new UUID().toBinary() };
  return { lsid, sessionId: sessionKey(lsid) };
}

/** Replies compare as the client reads them: the same bytes on the wire. */
function assertSameReply(actual: Document, expected: Document, message?: string): void {
  assert.deepEqual(Buffer.from(EncodedBody.encode(actual)), Buffer.from(EncodedBody.encode(expected)), message);
}

function counter(backend: ScratchBackend): unknown {
  return (backend.run({ find: "c", filter: { _id: "k" } })["cursor"].firstBatch as Document[])[0]?.["n"];
}

/**
 * Retries the `kept` sessions' writes, which must be answered from their records (the counter stays at
 * `applied`), then the `dropped` one's, which must run again, as after a session timeout.
 */
function assertEviction(backend: ScratchBackend, retry: (index: number) => void, sessions: { kept: number[]; dropped: number; applied: number }): void {
  for (const index of sessions.kept) retry(index);
  assert.equal(counter(backend), sessions.applied, "the kept sessions' retries are answered from their records");
  retry(sessions.dropped);
  assert.equal(counter(backend), sessions.applied + 1, "a dropped session's retry runs again, as after a session timeout");
}

describe("retryable writes on the embedded backend", () => {
  it("answers a retry (same lsid and txnNumber) with the first reply and applies nothing again", () => {
    b = openScratchBackend();
    const { lsid, sessionId } = session();
    const inc = { update: "c", updates: [{ q: { _id: "k" }, u: { $inc: { n: 1 } }, upsert: true }], lsid, txnNumber: Long.fromNumber(1) };
    const first = b.run(inc, { sessionId });
    const retry = b.run(inc, { sessionId });
    assert.equal(first["nModified"], 0);
    assertSameReply(retry, first, "the retry gets the recorded reply");
    assert.equal(counter(b), 1, "the $inc was applied once");
    b.run({ ...inc, txnNumber: Long.fromNumber(2) }, { sessionId });
    assert.equal(counter(b), 2, "the next number is a new write");
    const stale = b.run({ ...inc, txnNumber: Long.fromNumber(1) }, { sessionId });
    assert.deepEqual([stale["code"], stale["codeName"]], [225, "TransactionTooOld"]);
    assert.equal(counter(b), 2);
  });

  it("replays findAndModify's document and an insert's reply, keeping BSON types", () => {
    b = openScratchBackend();
    const { lsid, sessionId } = session();
    b.run({ insert: "c", documents: [{ _id: "k", n: new Int32(5) }] });
    const fam = { findAndModify: "c", query: { _id: "k" }, update: { $inc: { n: new Int32(1) } }, new: true, lsid, txnNumber: Long.fromNumber(7) };
    const first = b.run(fam, { sessionId });
    const retry = b.run(fam, { sessionId });
    assert.equal(Number((first["value"] as Document)["n"]), 6);
    assertSameReply(retry, first);
    assert.equal(counter(b), 6);
    const insert = { insert: "c", documents: [{ _id: "other" }], lsid, txnNumber: Long.fromNumber(8) };
    assert.deepEqual(b.run(insert, { sessionId }), { n: 1, ok: 1 });
    assertSameReply(b.run(insert, { sessionId }), { n: 1, ok: 1 }, "no DuplicateKey: the retry was not run");
  });

  it("keeps sessions of different users apart, as mongod keys sessions by user", () => {
    b = openScratchBackend();
    const { lsid, sessionId } = session();
    const inc = { update: "c", updates: [{ q: { _id: "k" }, u: { $inc: { n: 1 } }, upsert: true }], lsid, txnNumber: Long.fromNumber(1) };
    b.run(inc, { sessionId, owner: "owner-a" });
    b.run(inc, { sessionId, owner: "owner-b" });
    assert.equal(counter(b), 2);
  });

  it("records nothing for a write that failed as a whole, so its retry runs", () => {
    b = openScratchBackend();
    const { lsid, sessionId } = session();
    const bad = b.run({ insert: "a$b", documents: [{}], lsid, txnNumber: Long.fromNumber(1) }, { sessionId });
    assert.equal(bad["codeName"], "InvalidNamespace");
    const good = b.run({ insert: "c", documents: [{ _id: "k", n: 1 }], lsid, txnNumber: Long.fromNumber(1) }, { sessionId });
    assert.deepEqual(good, { n: 1, ok: 1 });
  });

  it("refuses what a replica-set member without transactions refuses", () => {
    b = openScratchBackend();
    const { lsid, sessionId } = session();
    const codes = (command: Document): unknown[] => {
      const reply = b!.run(command, { sessionId });
      return [reply["code"], reply["codeName"]];
    };
    const txn = { lsid, txnNumber: Long.fromNumber(1) };
    assert.deepEqual(codes({ insert: "c", documents: [{}], ...txn, autocommit: false, startTransaction: true }), [115, "CommandNotSupported"]);
    assert.deepEqual(codes({ commitTransaction: 1, ...txn, autocommit: false }), [115, "CommandNotSupported"]);
    assert.deepEqual(codes({ find: "c", ...txn }), [50768, "Location50768"]);
    assert.deepEqual(codes({ update: "c", updates: [{ q: {}, u: { $set: { a: 1 } }, multi: true }], ...txn }), [72, "InvalidOptions"]);
    assert.deepEqual(codes({ delete: "c", deletes: [{ q: {}, limit: 0 }], ...txn }), [72, "InvalidOptions"]);
    // Read as the handlers read them: a numeric multi is true, and a delete without a limit deletes every match.
    assert.deepEqual(codes({ update: "c", updates: [{ q: {}, u: { $set: { a: 1 } }, multi: 1 }], ...txn }), [72, "InvalidOptions"]);
    assert.deepEqual(codes({ delete: "c", deletes: [{ q: {} }], ...txn }), [72, "InvalidOptions"]);
    assert.deepEqual(codes({ insert: "c", documents: [{}], lsid, txnNumber: 1 }), [14, "TypeMismatch"]);
    assert.deepEqual(codes({ insert: "c", documents: [{}], txnNumber: Long.fromNumber(1) }), [72, "InvalidOptions"]);
    assert.deepEqual(b.run({ find: "c" })["cursor"].firstBatch, [], "nothing was written");
  });

  it("keeps the record in the cluster's file, so a retry after a restart is still answered from it", async () => {
    b = openScratchBackend();
    const { lsid, sessionId } = session();
    const inc = { update: "c", updates: [{ q: { _id: "k" }, u: { $inc: { n: 1 } }, upsert: true }], lsid, txnNumber: Long.fromNumber(3), $db: "test" };
    const context: CommandContext = { db: "test", connectionId: 1, owner: "owner-a", sessionId };
    const first = b.backend.runCommandSync({ command: inc, context });
    await b.backend.close();
    const reopened = EmbeddedBackend.open({ path: b.path });
    try {
      assertSameReply(reopened.runCommandSync({ command: inc, context }), first);
      const found = reopened.runCommandSync({ command: { find: "c", $db: "test" }, context });
      assert.equal((found["cursor"].firstBatch as Document[])[0]?.["n"], 1);
    } finally {
      await reopened.close();
    }
  });

  it("forgets a session's record once the session has been idle for the session timeout", () => {
    let now = 1_000_000;
    b = openScratchBackend({ now: () => now });
    const old = session();
    const inc = (lsid: { id: unknown }) => ({ update: "c", updates: [{ q: { _id: "k" }, u: { $inc: { n: 1 } }, upsert: true }], lsid, txnNumber: Long.fromNumber(1) });
    b.run(inc(old.lsid), { sessionId: old.sessionId });
    now += SESSION_TIMEOUT_MS + 1;
    const fresh = session();
    b.run(inc(fresh.lsid), { sessionId: fresh.sessionId });
    // The old session's record is gone: the same number is a new write (mongod would have expired the session).
    b.run(inc(old.lsid), { sessionId: old.sessionId });
    assert.equal(counter(b), 3);
  });
});

describe("retryable-write records: one encoding, use on replay, a cap per user", () => {
  const inc = (lsid: { id: unknown }, txnNumber = 1) => ({ update: "c", updates: [{ q: { _id: "k" }, u: { $inc: { n: 1 } }, upsert: true }], lsid, txnNumber: Long.fromNumber(txnNumber) });

  /** The records as stored: user, session and last use, read from the cluster's file. */
  function records(path: string): Array<{ owner: string; used_at: number; reply: Buffer }> {
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare("SELECT session, used_at, reply FROM retryable_writes ORDER BY used_at, session").all() as Array<{ session: string; used_at: number; reply: Buffer }>;
      return rows.map((row) => ({ owner: row.session.slice(0, row.session.lastIndexOf("\u0000")), used_at: row.used_at, reply: row.reply }));
    } finally {
      db.close();
    }
  }

  it("sends the bytes it records, encoded once, and answers a retry with those bytes as stored", async () => {
    b = openScratchBackend();
    const { lsid, sessionId } = session();
    const context: CommandContext = { db: "test", connectionId: 1, owner: "owner-a", sessionId };
    const fam = { findAndModify: "c", query: { _id: "k" }, update: { $inc: { n: new Int32(1) } }, upsert: true, new: true, lsid, txnNumber: Long.fromNumber(1), $db: "test" };
    const sent = await b.backend.runCommandFramed({ command: fam, context });
    const [record] = records(b.path);
    assert.deepEqual(record?.reply, sent.bson, "the record holds the bytes that were sent");
    assert.deepEqual(sent.summary, { ok: true });
    const replayed = await b.backend.runCommandFramed({ command: fam, context });
    assert.deepEqual(replayed.bson, record?.reply, "the retry sends the stored bytes");
    assert.deepEqual(replayed.summary, { ok: true });
    assert.equal(counter(b), 1);
  });

  it("counts a replayed retry as use of its session, so the record outlives the timeout measured from the write", () => {
    let now = 1_000_000;
    b = openScratchBackend({ now: () => now });
    const kept = session();
    b.run(inc(kept.lsid), { sessionId: kept.sessionId });
    now += SESSION_TIMEOUT_MS - 60_000;
    b.run(inc(kept.lsid), { sessionId: kept.sessionId });
    assert.deepEqual(records(b.path).map((r) => r.used_at), [now], "the replay moved used_at");
    now += 2 * 60_000;
    // Past the timeout counted from the write, within it counted from the replay: another write makes the backend forget.
    const other = session();
    b.run({ insert: "d", documents: [{}], lsid: other.lsid, txnNumber: Long.fromNumber(1) }, { sessionId: other.sessionId });
    b.run(inc(kept.lsid), { sessionId: kept.sessionId });
    assert.equal(counter(b), 1, "the retry was still answered from the record");
  });

  it("keeps at most the configured number of records per user, dropping that user's least recently used one", () => {
    let now = 1_000_000;
    b = openScratchBackend({ now: () => now, retryRecordsPerUser: 3 });
    const sessions = [session(), session(), session(), session(), session()];
    const write = (index: number, owner = "owner-a") => {
      now += 1000;
      b!.run(inc(sessions[index]!.lsid), { sessionId: sessions[index]!.sessionId, owner });
    };
    write(0);
    write(1);
    write(2);
    write(0, "owner-b");
    write(0); // a replay: session 0 is now the most recently used of owner-a
    assert.equal(counter(b), 4);
    write(3); // owner-a is at the cap: session 1, its least recently used, is dropped
    write(4); // then session 2
    const owners = records(b.path).map((r) => r.owner);
    assert.deepEqual(owners.filter((o) => o === "owner-a").length, 3);
    assert.deepEqual(owners.filter((o) => o === "owner-b").length, 1, "another user's record is never dropped for owner-a");
    assert.equal(counter(b), 6);
    assertEviction(b, write, { kept: [0, 3, 4], dropped: 1, applied: 6 });
  });
});

describe("retryable writes and a failed group commit", () => {
  const inc = (lsid: { id: unknown }, txnNumber = 1) => ({
    update: "c",
    updates: [{ q: { _id: "k" }, u: { $inc: { n: 1 } }, upsert: true }],
    lsid,
    txnNumber: Long.fromNumber(txnNumber),
    $db: "test",
  });
  const NOT_APPLIED = /not applied/;

  /** A backend whose group commits fail while `refusing` is set (the worker's commit gate, refusing as a stopping thread does). */
  function gatedBackend(): { backend: EmbeddedBackend; gate: { refusing: boolean }; close(): Promise<void> } {
    const dir = mkdtempSync(join(tmpdir(), "certgate-retry-commit-"));
    const gate = { refusing: false };
    const backend = EmbeddedBackend.open({ path: join(dir, "cluster.sqlite"), commitGate: { enter: () => !gate.refusing, leave: () => undefined } });
    return {
      backend,
      gate,
      close: async () => {
        await backend.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const context = (sessionId: string): CommandContext => ({ db: "test", connectionId: 1, owner: "owner-a", sessionId });
  const count = async (backend: EmbeddedBackend): Promise<unknown> => {
    const found = await backend.runCommand({ command: { find: "c", filter: { _id: "k" }, $db: "test" }, context: { db: "test", connectionId: 1, owner: "owner-a" } });
    return (found["cursor"].firstBatch as Document[])[0]?.["n"];
  };

  it("a replay of a committed write is answered with its reply even when the group it joins fails", async () => {
    const { backend, gate, close } = gatedBackend();
    try {
      const { lsid, sessionId } = session();
      const first = await backend.runCommand({ command: inc(lsid), context: context(sessionId) });
      assert.equal(first["ok"], 1);
      gate.refusing = true;
      // In one turn: another client's write and the replay; their group's commit fails.
      const other = session();
      const [otherReply, replay] = await Promise.all([
        backend.runCommand({ command: { insert: "d", documents: [{}], $db: "test" }, context: context(other.sessionId) }),
        backend.runCommand({ command: inc(lsid), context: context(sessionId) }),
      ]);
      assert.match(String(otherReply["errmsg"]), NOT_APPLIED, "the write that was in the failed group is told so");
      assertSameReply(replay, first, "the replayed write was applied in an earlier group, and is answered so");
      // Alone in its turn as well.
      assertSameReply(await backend.runCommand({ command: inc(lsid), context: context(sessionId) }), first);
      gate.refusing = false;
      assert.equal(await count(backend), 1, "applied once");
    } finally {
      await close();
    }
  });

  it("a replay of a write in the same failed group is told it was not applied, and a later retry runs it", async () => {
    const { backend, gate, close } = gatedBackend();
    try {
      const { lsid, sessionId } = session();
      gate.refusing = true;
      const [write, replay] = await Promise.all([backend.runCommand({ command: inc(lsid), context: context(sessionId) }), backend.runCommand({ command: inc(lsid), context: context(sessionId) })]);
      assert.match(String(write["errmsg"]), NOT_APPLIED);
      assert.match(String(replay["errmsg"]), NOT_APPLIED, "its write was rolled back with the group");
      gate.refusing = false;
      assert.equal(await count(backend), undefined, "nothing was applied");
      const retried = await backend.runCommand({ command: inc(lsid), context: context(sessionId) });
      assert.equal(retried["ok"], 1);
      assert.equal(await count(backend), 1);
    } finally {
      await close();
    }
  });
});

describe("retryable-write records: a bound on the bytes of each user's replies", () => {
  /** The bytes of recorded replies per user, read from the cluster's file. */
  function bytesByOwner(path: string): Map<string, number> {
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare("SELECT session, length(reply) AS bytes FROM retryable_writes").all() as Array<{ session: string; bytes: number }>;
      const totals = new Map<string, number>();
      for (const row of rows) {
        const owner = row.session.slice(0, row.session.lastIndexOf("\u0000"));
        totals.set(owner, (totals.get(owner) ?? 0) + row.bytes);
      }
      return totals;
    } finally {
      db.close();
    }
  }
  /** A findAndModify whose recorded reply carries the document, padded to about `padding` bytes. */
  const fam = (lsid: { id: unknown }, txnNumber: number, padding: number) => ({
    findAndModify: "c",
    query: { _id: "k" },
    update: { $inc: { n: 1 }, $set: { padding: "x".repeat(padding) } },
    upsert: true,
    new: true,
    lsid,
    txnNumber: Long.fromNumber(txnNumber),
  });

  it("drops the user's least recently used records once their replies pass the bound, and never another user's", () => {
    let now = 1_000_000;
    b = openScratchBackend({ now: () => now, retryRecordBytesPerUser: 3600 });
    const sessions = [session(), session(), session(), session()];
    const write = (index: number, txnNumber = 1, padding = 900, owner = "owner-a") => {
      now += 1000;
      return b!.run(fam(sessions[index]!.lsid, txnNumber, padding), { sessionId: sessions[index]!.sessionId, owner });
    };
    write(0);
    write(1);
    write(0, 1, 900, "owner-b");
    write(2);
    assert.equal(counter(b), 4);
    const threeReplies = bytesByOwner(b.path).get("owner-a") ?? 0;
    assert.ok(threeReplies > 3000 && threeReplies <= 3600, `three replies of about 1 kB fit: ${threeReplies}`);
    write(0); // a replay: session 0 becomes owner-a's most recently used
    assert.equal(counter(b), 4);
    write(3); // a fourth reply passes 3600 bytes: session 1, the least recently used, is dropped
    assert.equal(counter(b), 5);
    assert.ok((bytesByOwner(b.path).get("owner-a") ?? 0) <= 3600);
    assert.ok((bytesByOwner(b.path).get("owner-b") ?? 0) > 900, "owner-b's record stays");
    assertEviction(b, write, { kept: [0, 2, 3], dropped: 1, applied: 5 });
  });

  it("counts a session's record growing (a newer write's larger reply) and keeps the newest record even when it alone passes the bound", () => {
    let now = 1_000_000;
    b = openScratchBackend({ now: () => now, retryRecordBytesPerUser: 3000 });
    const [s0, s1] = [session(), session()];
    const write = (s: { lsid: { id: unknown }; sessionId: string }, txnNumber: number, padding: number) => {
      now += 1000;
      return b!.run(fam(s.lsid, txnNumber, padding), { sessionId: s.sessionId });
    };
    write(s0, 1, 900);
    write(s1, 1, 900);
    assert.equal(counter(b), 2);
    write(s1, 2, 5000); // s1's record grows past the bound on its own: s0's record goes, s1's stays
    assert.equal(counter(b), 3);
    write(s1, 2, 5000);
    assert.equal(counter(b), 3, "the newest record is answered from even though it alone passes the bound");
    write(s0, 1, 900);
    assert.equal(counter(b), 4, "the dropped record's retry runs again");
  });
});
