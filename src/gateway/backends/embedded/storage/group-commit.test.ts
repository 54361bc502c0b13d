import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import type { Document } from "bson";
import { EmbeddedBackend } from "../embedded-backend.js";
import { GroupCommit } from "./group-commit.js";

const context = { db: "g", connectionId: 1, owner: "test" };
const insert = (backend: EmbeddedBackend, _id: number): Promise<Document> =>
  backend.runCommand({ command: { insert: "c", documents: [{ _id, v: `v${_id}` }], $db: "g" }, context });

describe("group commit in the embedded backend", () => {
  let dir: string;
  let backend: EmbeddedBackend;
  let observer: Database.Database;
  const storedIds = (): number[] => (backend.runCommandSync({ command: { find: "c", filter: {}, $db: "g" }, context })["cursor"].firstBatch as Document[]).map((d) => d["_id"] as number);
  const committedCount = (): number => (observer.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "certgate-group-commit-"));
    const path = join(dir, "cluster.sqlite");
    backend = EmbeddedBackend.open({ path });
    backend.runCommandSync({ command: { create: "c", $db: "g" }, context });
    // A second connection to the same file sees only what is committed.
    observer = new Database(path, { readonly: true });
  });
  after(async () => {
    observer.close();
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers the writes of one turn after their shared commit, and a failing one alone", async () => {
    const before = committedCount();
    const pending = [1, 2, 3, 2, 4, 5].map((id) => insert(backend, id));
    // Every command has run; none is committed (or answered) yet.
    assert.equal(committedCount(), before);
    const seenAtAnswer: number[] = [];
    const replies = await Promise.all(
      pending.map((reply) =>
        reply.then((r) => {
          seenAtAnswer.push(committedCount());
          return r;
        }),
      ),
    );
    assert.deepEqual(seenAtAnswer, [5, 5, 5, 5, 5, 5].map((n) => before + n), "each answer comes after the commit of all five");
    assert.deepEqual(replies.map((r) => r["n"]), [1, 1, 1, 0, 1, 1]);
    assert.equal((replies[3]["writeErrors"] as Document[])[0]["code"], 11000);
    assert.deepEqual(storedIds().sort(), [1, 2, 3, 4, 5]);
  });

  it("commits each turn in a group of its own", async () => {
    const first = await insert(backend, 10);
    assert.equal(first["n"], 1);
    const afterFirst = committedCount();
    const second = insert(backend, 11);
    assert.equal(committedCount(), afterFirst);
    assert.equal((await second)["n"], 1);
    assert.equal(committedCount(), afterFirst + 1);
  });

  it("reads answer at once and see the turn's earlier writes", async () => {
    const write = insert(backend, 20);
    const read = backend.runCommand({ command: { find: "c", filter: { _id: 20 }, $db: "g" }, context });
    const first = await Promise.race([read.then(() => "read"), write.then(() => "write")]);
    assert.equal(first, "read", "a read does not wait for the group's commit");
    assert.equal(((await read)["cursor"].firstBatch as Document[]).length, 1);
    assert.equal((await write)["n"], 1);
  });

  it("commits an open group before a synchronous command and on close", async () => {
    const count = committedCount();
    const pending = insert(backend, 30);
    const found = backend.runCommandSync({ command: { find: "c", filter: { _id: 30 }, $db: "g" }, context })["cursor"].firstBatch as Document[];
    assert.equal(found.length, 1);
    assert.equal(committedCount(), count + 1, "runCommandSync committed the open group first");
    assert.equal((await pending)["n"], 1);

    const again = insert(backend, 31);
    const path = join(dir, "cluster.sqlite");
    await backend.close();
    assert.equal((await again)["n"], 1);
    backend = EmbeddedBackend.open({ path });
    assert.equal((backend.runCommandSync({ command: { count: "c", query: { _id: 31 }, $db: "g" }, context })["n"] as number), 1);
  });
});

describe("GroupCommit", () => {
  it("rolls the whole group back and rejects every joiner when the commit fails", async () => {
    const db = new Database(":memory:");
    db.exec("PRAGMA foreign_keys = ON; CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
    const rolledBack: unknown[] = [];
    const group = new GroupCommit(
      {
        begin: () => db.exec("BEGIN IMMEDIATE"),
        commit: () => db.exec("COMMIT"),
        rollback: () => {
          if (db.inTransaction) db.exec("ROLLBACK");
        },
      },
      (err) => rolledBack.push(err),
    );
    const first = group.join();
    db.prepare("INSERT INTO parent (id) VALUES (1)").run();
    const second = group.join();
    assert.equal(first, second, "one turn, one group");
    // A deferred foreign key is checked at COMMIT, so the commit itself fails.
    db.prepare("INSERT INTO child (id, parent) VALUES (1, 99)").run();
    assert.ok(group.open);
    await assert.rejects(first, /FOREIGN KEY constraint failed/);
    await assert.rejects(second, /FOREIGN KEY constraint failed/);
    assert.equal(rolledBack.length, 1);
    assert.equal(group.open, false);
    assert.equal(db.inTransaction, false);
    assert.equal((db.prepare("SELECT count(*) AS n FROM parent").get() as { n: number }).n, 0, "the group's other writes were rolled back too");

    const next = group.join();
    db.prepare("INSERT INTO parent (id) VALUES (2)").run();
    await next;
    assert.equal((db.prepare("SELECT count(*) AS n FROM parent").get() as { n: number }).n, 1, "the next group commits normally");
    db.close();
  });
});
