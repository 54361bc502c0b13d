import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { sql } from "kysely";
import { openStore } from "./open-store.js";
import { createOrganization } from "./repos/organizations.js";
import { WalSync } from "./wal-sync.js";
import { WritesNotDurableError } from "../shared/commit-durability.js";

const scratch = mkdtempSync(join(tmpdir(), "certgate-wal-sync-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A sync the test finishes by hand, counting how many were started. */
function manualSyncs() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let started = 0;
  const datasync = () =>
    new Promise<void>((resolve, reject) => {
      started += 1;
      pending.push({ resolve, reject });
    });
  const next = async () => {
    for (let i = 0; i < 100 && pending.length === 0; i += 1) await new Promise((r) => setImmediate(r));
    const sync = pending.shift();
    assert.ok(sync, "a sync was started");
    return sync;
  };
  return { datasync, next, started: () => started };
}

/** The idle timer does not hold the process open (`unref`); the test does while it waits for it. */
async function whileLoopAlive<T>(waiting: Promise<T>): Promise<T> {
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    return await waiting;
  } finally {
    clearInterval(keepAlive);
  }
}

test("nothing written: durable resolves without a sync", async () => {
  const syncs = manualSyncs();
  const wal = new WalSync("unused", { datasync: syncs.datasync });
  await wal.durable(wal.writeMark());
  assert.equal(syncs.started(), 0);
  await wal.close();
});

test("requests that wrote meanwhile share one sync; a write during a sync waits for the next one", async () => {
  const syncs = manualSyncs();
  const wal = new WalSync("unused", { datasync: syncs.datasync, idleSyncMs: 60_000 });
  wal.noteWrite();
  wal.noteWrite();
  const first = [wal.durable(wal.writeMark()), wal.durable(wal.writeMark()), wal.durable(1)];
  const running = await syncs.next();
  wal.noteWrite();
  let laterDone = false;
  const later = wal.durable(wal.writeMark()).then(() => (laterDone = true));
  running.resolve();
  await Promise.all(first);
  assert.equal(syncs.started(), 2, "the later write needs a sync of its own");
  assert.equal(laterDone, false);
  (await syncs.next()).resolve();
  await later;
  assert.equal(syncs.started(), 2);
  await wal.durable(wal.writeMark());
  assert.equal(syncs.started(), 2, "nothing new to sync");
  await wal.close();
});

test("a failed sync fails its waiters and every later call, without trying again, and is reported once", async () => {
  const syncs = manualSyncs();
  const wal = new WalSync("unused", { datasync: syncs.datasync, idleSyncMs: 60_000 });
  const reported: Error[] = [];
  wal.onFailure((error) => reported.push(error));
  wal.noteWrite();
  const waiting = [wal.durable(wal.writeMark()), wal.durable(wal.writeMark())];
  (await syncs.next()).reject(new Error("EIO"));
  for (const waiter of waiting) await assert.rejects(waiter, (error: Error) => error instanceof WritesNotDurableError && /EIO/.test(error.message));
  wal.noteWrite();
  await assert.rejects(wal.durable(wal.writeMark()), WritesNotDurableError);
  assert.equal(syncs.started(), 1, "a sync after a failed one proves nothing, so none is tried");
  assert.equal(reported.length, 1);
  await assert.rejects(wal.close(), WritesNotDurableError);
});

test("a failed idle sync, which nobody awaits, is still reported", async () => {
  const wal = new WalSync("unused", { idleSyncMs: 1, datasync: () => Promise.reject(new Error("EIO")) });
  const reported = new Promise<Error>((resolve) => wal.onFailure(resolve));
  wal.noteWrite();
  assert.match((await whileLoopAlive(reported)).message, /could not be synced to disk \(EIO\)/);
  await assert.rejects(wal.close(), WritesNotDurableError);
});

test("writes nobody waits for are synced after the idle delay", async () => {
  let started!: () => void;
  const syncStarted = new Promise<void>((resolve) => (started = resolve));
  const wal = new WalSync("unused", { idleSyncMs: 1, datasync: () => (started(), Promise.resolve()) });
  wal.noteWrite();
  await whileLoopAlive(syncStarted);
  await wal.close();
});

test("a SQLite store with group commit: NORMAL commits, counted writes, syncs of the real WAL file", async () => {
  const store = await openStore({ sqlitePath: join(scratch, "group.db"), groupCommit: true });
  const synchronous = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
  assert.equal(synchronous.rows[0]?.synchronous, 1);
  const before = store.commits.writeMark();
  await store.transaction((tx) => createOrganization(tx, { id: "o1", name: "one", created_at: new Date().toISOString() }));
  assert.ok(store.commits.writeMark() > before, "the transaction's statements were counted");
  await store.commits.durable(store.commits.writeMark());
  await store.close();

  const plain = await openStore({ sqlitePath: join(scratch, "plain.db") });
  assert.equal((await sql<{ synchronous: number }>`pragma synchronous`.execute(plain.db)).rows[0]?.synchronous, 2, "every commit synced");
  await plain.transaction((tx) => createOrganization(tx, { id: "o1", name: "one", created_at: new Date().toISOString() }));
  assert.equal(plain.commits.writeMark(), 0);
  await plain.close();
});
