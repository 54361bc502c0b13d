/**
 * A real fault below the API (a table gone from the database) must come out as Atlas's 500 body
 * without the SQL error, stack or table name; the cause goes to the log only.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openStore, type Store } from "../../src/store/index.js";
import { startApi, type ApiFixture } from "./api-harness.js";
import { digestJson } from "./digest-client.js";

let dir = "";
let store: Store | undefined;
let fx: ApiFixture | undefined;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "certgate-api-fault-"));
  store = await openStore({ sqlitePath: join(dir, "certgate.db") });
  fx = await startApi(store);
});
after(async () => {
  await fx?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("a database fault is 500 UNEXPECTED_ERROR with no SQL, stack or table name", async () => {
  if (!fx || !store) throw new Error("fixture did not start");
  await sql`drop table events`.execute(store.db);
  const res = await digestJson(`${fx.api}/groups/${fx.projectId}/events`, fx.owner);
  assert.equal(res.status, 500);
  assert.deepEqual(res.json, { detail: "Unexpected error.", error: 500, errorCode: "UNEXPECTED_ERROR", parameters: [], reason: "Internal Server Error" });
  assert.ok(!/events|sqlite|no such table|at /i.test(res.result.body), res.result.body);

  const enveloped = await digestJson(`${fx.api}/groups/${fx.projectId}/events?envelope=true`, fx.owner);
  assert.equal(enveloped.status, 200);
  assert.equal((enveloped.json as { status: number }).status, 500);

  // The rest of the API keeps working.
  const users = await digestJson(`${fx.api}/groups/${fx.projectId}/databaseUsers`, fx.owner);
  assert.equal(users.status, 200);
});
