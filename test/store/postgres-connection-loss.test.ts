import assert from "node:assert/strict";
import { EventEmitter, once } from "node:events";
import { after, before, test } from "node:test";
import pg from "pg";
import { sql } from "kysely";
import { openStore, type Store } from "../../src/store/index.js";
import { startTestPostgres, type TestPostgres } from "../support/postgres.js";

let server: TestPostgres;
let store: Store;
let url: string;
const connections = new EventEmitter();

before(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase();
  store = await openStore({ url, onIdleConnectionLost: (error) => connections.emit("lost", error) });
});
after(async () => {
  await store.close();
  await server.stop();
});

test("a PostgreSQL connection ended by the server neither crashes the process nor breaks the store", async () => {
  const crashes: unknown[] = [];
  const onUncaught = (err: unknown): void => {
    crashes.push(err);
  };
  process.on("uncaughtException", onUncaught);
  try {
    const pid = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
    const victim = pid.rows[0]?.pid;
    assert.ok(victim, "the store's connection has a backend pid");
    const lost = once(connections, "lost");
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const ended = await admin.query("select pg_terminate_backend($1) as ok", [victim]);
      assert.equal(ended.rows[0]?.ok, true);
    } finally {
      await admin.end();
    }
    const [error] = (await lost) as [Error];
    assert.match(error.message, /terminat/, "the store was told its idle connection ended");
    const again = await sql<{ one: number }>`select 1 as one`.execute(store.db);
    assert.equal(again.rows[0]?.one, 1);
    assert.deepEqual(crashes, []);
  } finally {
    process.off("uncaughtException", onUncaught);
  }
});
