/**
 * With group commit (`src/store/wal-sync.ts`) the API's responses wait until the store's writes are on
 * disk. The WAL sync is replaced by one the test holds, releases or fails; everything else is real: the
 * SQLite file, the core, digest auth over loopback HTTP.
 */
import { after, afterEach, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../src/store/index.js";
import { allWritesDurable, type WritesNotDurableError } from "../../src/shared/commit-durability.js";
import { startApi, type ApiFixture } from "./api-harness.js";
import { authorization, challengesOf, digestJson, send } from "./digest-client.js";

/** A WAL sync that completes at once unless held; held syncs wait for `release` or `fail`. */
class SyncControl {
  held = false;
  started = 0;
  readonly #pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  #waiter: (() => void) | undefined;

  readonly datasync = (): Promise<void> => {
    this.started += 1;
    if (!this.held) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ resolve, reject });
      this.#waiter?.();
    });
  };

  /** Resolves once a held sync is waiting. */
  async heldSync(): Promise<{ resolve: () => void; reject: (error: Error) => void }> {
    while (this.#pending.length === 0) await new Promise<void>((resolve) => (this.#waiter = resolve));
    this.#waiter = undefined;
    const sync = this.#pending.shift();
    if (!sync) throw new Error("no held sync");
    return sync;
  }
}

const managedUser = (username: string) => ({ databaseName: "$external", username, x509Type: "MANAGED", roles: [{ roleName: "read", databaseName: "app" }] });

let dir = "";
const syncs = new SyncControl();
let store: Store | undefined;
let fx: ApiFixture | undefined;
const responses: ServerResponse[] = [];
const failures: WritesNotDurableError[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "certgate-durable-replies-"));
  store = await openStore({ sqlitePath: join(dir, "certgate.db"), groupCommit: { datasync: () => syncs.datasync(), idleSyncMs: 3_600_000 } });
  store.commits.onFailure((error) => failures.push(error));
  fx = await startApi(store);
  fx.app.server.on("request", (_request, response: ServerResponse) => responses.push(response));
});
afterEach(() => {
  syncs.held = false;
});
after(async () => {
  await fx?.close();
  await store?.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

function fixture(): { fx: ApiFixture; store: Store } {
  if (!fx || !store) throw new Error("fixture did not start");
  return { fx, store };
}

/** Sends an authenticated request while syncs are held, and waits until its response waits for one. */
async function heldRequest(url: string, init: { method: string; body: unknown }) {
  const { fx, store } = fixture();
  // Everything earlier is synced, so the challenge (stateless) passes without a sync.
  await allWritesDurable(store.commits);
  const challenge = challengesOf(await send(url, { method: init.method, headers: { "content-type": "application/json" } }))[0];
  assert.ok(challenge);
  const uri = new URL(url).pathname;
  const auth = authorization({ challenge, username: fx.owner.publicKey, password: fx.owner.privateKey, method: init.method, uri, nc: 1 });
  syncs.held = true;
  let released = false;
  const done = send(url, { method: init.method, headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify(init.body) }).then((result) => ({ result, releasedFirst: released }));
  const answeredFirst = done.then(({ result }) => Promise.reject(new Error(`answered ${result.status} before any sync was asked for`)));
  const sync = await Promise.race([syncs.heldSync(), answeredFirst]);
  const response = responses.at(-1);
  assert.ok(response);
  return {
    done,
    response,
    release() {
      released = true;
      sync.resolve();
    },
    fail(error: Error) {
      released = true;
      sync.reject(error);
    },
  };
}

test("a created user is not answered until its writes are synced; then it is 201", async () => {
  const { fx, store } = fixture();
  const request = await heldRequest(`${fx.api}/groups/${fx.projectId}/databaseUsers`, { method: "POST", body: managedUser("held-user") });
  // The transaction has committed and a sync was asked for, but nothing has gone out yet.
  const row = await store.db.selectFrom("database_users").select("username").where("username", "=", "held-user").executeTakeFirst();
  assert.equal(row?.username, "held-user");
  assert.equal(request.response.headersSent, false);
  assert.equal(request.response.writableEnded, false);
  request.release();
  const { result, releasedFirst } = await request.done;
  assert.equal(result.status, 201, result.body);
  assert.equal(releasedFirst, true);
});

test("an error response (409) whose request wrote its nonce-count also waits for the sync", async () => {
  const { fx } = fixture();
  const created = await digestJson(`${fx.api}/groups/${fx.projectId}/databaseUsers`, fx.owner, { method: "POST", body: managedUser("twice") });
  assert.equal(created.status, 201);
  const request = await heldRequest(`${fx.api}/groups/${fx.projectId}/databaseUsers`, { method: "POST", body: managedUser("twice") });
  assert.equal(request.response.headersSent, false);
  request.release();
  const { result, releasedFirst } = await request.done;
  assert.equal(result.status, 409, result.body);
  assert.equal(releasedFirst, true);
});

test("nothing written since the last sync: a response needs no sync", async () => {
  const { fx, store } = fixture();
  await allWritesDurable(store.commits);
  const before = syncs.started;
  // A challenge writes nothing (digest nonces are signed, not stored).
  const challenge = await fetch(`${fx.api}/groups/${fx.projectId}/databaseUsers`);
  assert.equal(challenge.status, 401);
  assert.equal(syncs.started, before);
});

// Last: a failed sync is final for the store.
test("a failed sync answers 500 instead of the change, tells the server once, and every later response fails too", async () => {
  const { fx } = fixture();
  const request = await heldRequest(`${fx.api}/groups/${fx.projectId}/databaseUsers`, { method: "POST", body: managedUser("lost-user") });
  request.fail(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
  const { result } = await request.done;
  assert.equal(result.status, 500, result.body);
  assert.deepEqual(JSON.parse(result.body), { detail: "Unexpected error.", error: 500, errorCode: "UNEXPECTED_ERROR", parameters: [], reason: "Internal Server Error" });
  assert.equal(failures.length, 1);
  assert.match(failures[0]?.message ?? "", /could not be synced to disk \(EIO/);

  syncs.held = false;
  const startedBefore = syncs.started;
  const later = await fetch(`${fx.api}/groups/${fx.projectId}/databaseUsers`);
  assert.equal(later.status, 500, "even a challenge is refused while writes are not known to be on disk");
  assert.equal(syncs.started, startedBefore, "no sync is tried again after a failure");
  assert.equal(failures.length, 1);
});
