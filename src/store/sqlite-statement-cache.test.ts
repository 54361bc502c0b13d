import assert from "node:assert/strict";
import { test } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { SqliteStatementCache } from "./sqlite-statement-cache.js";

function memoryDatabase(): { database: BetterSqlite3.Database; prepared: string[] } {
  const database = new BetterSqlite3(":memory:");
  const prepared: string[] = [];
  const prepare = database.prepare.bind(database);
  database.prepare = ((text: string) => {
    prepared.push(text);
    return prepare(text);
  }) as typeof database.prepare;
  return { database, prepared };
}

test("a statement is compiled once and reused for the same SQL", () => {
  const { database, prepared } = memoryDatabase();
  const cache = new SqliteStatementCache(database);
  const first = cache.prepare("select 1 as one");
  const second = cache.prepare("select 1 as one");
  assert.equal(first, second);
  assert.deepEqual(prepared, ["select 1 as one"]);
  assert.deepEqual(second.all([]), [{ one: 1 }]);
  cache.close();
});

test("a statement still being iterated is not handed out again: the call gets a fresh one", () => {
  const { database, prepared } = memoryDatabase();
  database.exec("create table t (n integer); insert into t values (1), (2), (3)");
  const cache = new SqliteStatementCache(database);
  const iterating = cache.prepare("select n from t order by n");
  const rows = iterating.iterate([]);
  assert.deepEqual(rows.next().value, { n: 1 });
  const other = cache.prepare("select n from t order by n");
  assert.notEqual(other, iterating);
  assert.deepEqual(other.all([]), [{ n: 1 }, { n: 2 }, { n: 3 }]);
  assert.deepEqual([...rows], [{ n: 2 }, { n: 3 }]);
  assert.equal(prepared.length, 2);
  assert.equal(cache.prepare("select n from t order by n"), iterating);
  cache.close();
});

test("the least recently used statement is dropped beyond the limit", () => {
  const { database, prepared } = memoryDatabase();
  const cache = new SqliteStatementCache(database, { maxStatements: 2 });
  cache.prepare("select 1");
  cache.prepare("select 2");
  cache.prepare("select 1");
  cache.prepare("select 3");
  assert.equal(cache.size, 2);
  cache.prepare("select 1");
  cache.prepare("select 2");
  assert.deepEqual(prepared, ["select 1", "select 2", "select 3", "select 2"]);
  cache.close();
});

test("writes are reported before they run, reads are not", () => {
  const { database } = memoryDatabase();
  let writes = 0;
  const cache = new SqliteStatementCache(database, { onWrite: () => (writes += 1) });
  cache.prepare("create table t (n integer)").run([]);
  cache.prepare("select n from t").all([]);
  cache.prepare("insert into t values (1)").run([]);
  cache.prepare("insert into t values (1)").run([]);
  assert.equal(writes, 3);
  cache.prepare("insert into t values (2) returning n").all([]);
  cache.prepare("update t set n = 3 where n = 2 returning n").all([]);
  cache.prepare("delete from t where n = 3 returning n").all([]);
  assert.equal(writes, 6, "a write that returns rows is still a write");
  cache.prepare("with a as (select 1 as one) select one from a").all([]);
  assert.equal(writes, 6);
  cache.close();
});

test("Kysely over the cache: writes, reads, transactions and streams behave as over the database itself", async () => {
  const { database, prepared } = memoryDatabase();
  const db = new Kysely<{ t: { n: number } }>({ dialect: new SqliteDialect({ database: new SqliteStatementCache(database) }) });
  await sql`create table t (n integer)`.execute(db);
  for (let n = 1; n <= 3; n += 1) await db.insertInto("t").values({ n }).execute();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto("t").values({ n: 4 }).execute();
  });
  const streamed: number[] = [];
  for await (const row of db.selectFrom("t").select("n").orderBy("n").stream()) streamed.push(row.n);
  assert.deepEqual(streamed, [1, 2, 3, 4]);
  assert.deepEqual(await db.selectFrom("t").select("n").orderBy("n").execute(), [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
  assert.equal(prepared.filter((text) => text.startsWith("insert")).length, 1);
  await db.destroy();
});

test("onQuery hears of every run, reads, writes and streams, and of a failed one as not ok", () => {
  const { database } = memoryDatabase();
  const heard: { seconds: number; ok: boolean }[] = [];
  const cache = new SqliteStatementCache(database, { onQuery: (query) => heard.push(query) });
  cache.prepare("create table t (n integer primary key)").run([]);
  cache.prepare("insert into t values (?)").run([1]);
  cache.prepare("insert into t values (?)").run([2]);
  assert.deepEqual(cache.prepare("select n from t order by n").all([]), [{ n: 1 }, { n: 2 }]);
  assert.equal(heard.length, 4);
  assert.deepEqual([...cache.prepare("select n from t order by n").iterate([])], [{ n: 1 }, { n: 2 }]);
  assert.equal(heard.length, 5, "a streamed query is heard of once, when its reader is done");
  assert.ok(heard.every((query) => query.ok && query.seconds >= 0 && query.seconds < 5));
  assert.throws(() => cache.prepare("insert into t values (?)").run([1]), /UNIQUE/);
  assert.deepEqual(heard[5]?.ok, false);
  assert.equal(cache.prepare("select n from t"), cache.prepare("select n from t"), "the timed statement is reused too");
  cache.close();
});
