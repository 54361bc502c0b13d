import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Document } from "bson";
import { decodeMessage, encodeOpMsg } from "../wire/index.js";
import { commandEvent } from "./command-event.js";
import type { ConnectionState } from "./cluster-runtime.js";

const conn = { connectionId: 7, remote: "127.0.0.1:5000", auth: null } as unknown as ConnectionState;

function eventOf(body: Document, reply: Document = { ok: 1 }) {
  const message = decodeMessage(Buffer.from(encodeOpMsg({ requestId: 1, responseTo: 0, body: { ...body, $db: "shop" } })));
  return commandEvent(message, reply, conn, "Cluster0", 0.001);
}

describe("commandEvent", () => {
  it("names a command by the table's name, with aliases folded", () => {
    assert.equal(eventOf({ find: "c" }).command, "find");
    assert.equal(eventOf({ findandmodify: "c", update: {} }).command, "findAndModify");
    assert.equal(eventOf({ find: "c" }).collection, "c");
  });

  it("names every command the table lacks 'unknown', so a client can't add metric series", () => {
    const names = new Set(Array.from({ length: 50 }, (_, i) => eventOf({ [`made-up-${i}`]: 1 }, { ok: 0, code: 59 }).command));
    assert.deepEqual([...names], ["unknown"]);
  });

  it("classifies the outcome by the reply", () => {
    assert.equal(eventOf({ ping: 1 }).outcome, "ok");
    assert.equal(eventOf({ find: "c" }, { ok: 0, code: 13 }).outcome, "unauthorized");
    assert.deepEqual([eventOf({ find: "c" }, { ok: 0, code: 2 }).outcome, eventOf({ find: "c" }, { ok: 0, code: 2 }).code], ["error", 2]);
  });
});
