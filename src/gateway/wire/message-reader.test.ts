import { test } from "node:test";
import assert from "node:assert/strict";
import { Int32 } from "bson";
import { MessageReader, readMessages, type ReadResult } from "./message-reader.js";
import { OP_CODES, writeHeader } from "./msg-header.js";
import { encodeOpMsg } from "./op-msg.js";
import { encodeOpQuery } from "./op-query.js";
import { WireError } from "./wire-error.js";
import { seededRandom } from "../../../test/support/seeded-random.js";

const ping = encodeOpMsg({ requestId: 1, responseTo: 0, body: { ping: new Int32(1), $db: "admin" } });
const hello = encodeOpQuery({ requestId: 2, flags: 0, fullCollectionName: "admin.$cmd", numberToSkip: 0, numberToReturn: -1, query: { ismaster: new Int32(1) } });

function requestIds(results: ReadResult[]): number[] {
  return results.map((r) => (r.ok ? r.message.header.requestId : -1));
}

test("several messages in one chunk are all returned in order", () => {
  const reader = new MessageReader();
  const results = reader.push(Buffer.concat([ping, hello, ping]));
  assert.deepEqual(requestIds(results), [1, 2, 1]);
  assert.deepEqual(results.map((r) => r.ok && r.message.kind), ["OP_MSG", "OP_QUERY", "OP_MSG"]);
  assert.equal(reader.bufferedBytes, 0);
});

test("a message delivered one byte at a time is returned once, when complete", () => {
  const reader = new MessageReader();
  const stream = Buffer.concat([hello, ping]);
  const seen: ReadResult[] = [];
  for (let i = 0; i < stream.length; i++) {
    const results = reader.push(stream.subarray(i, i + 1));
    if (i !== hello.length - 1 && i !== stream.length - 1) assert.equal(results.length, 0, `no message after byte ${i}`);
    seen.push(...results);
  }
  assert.deepEqual(requestIds(seen), [2, 1]);
  const first = seen[0];
  assert.ok(first.ok && first.message.kind === "OP_QUERY" && first.message.query.fullCollectionName === "admin.$cmd");
});

test("a length prefix beyond maxMessageSizeBytes is fatal as soon as the 4 bytes arrive", () => {
  const reader = new MessageReader();
  const prefix = Buffer.alloc(4);
  prefix.writeInt32LE(48_000_001, 0);
  const [result] = reader.push(prefix);
  assert.ok(!result.ok && result.error.code === "MESSAGE_TOO_LARGE" && result.error.fatal);
  assert.ok(reader.failed);
  assert.deepEqual(reader.push(ping), [], "input after a fatal error is ignored");
});

test("a length prefix of exactly maxMessageSizeBytes is accepted and awaited", () => {
  const reader = new MessageReader();
  const prefix = Buffer.alloc(16);
  writeHeader(prefix, { messageLength: 48_000_000, requestId: 1, responseTo: 0, opCode: OP_CODES.OP_MSG });
  assert.deepEqual(reader.push(prefix), []);
  assert.equal(reader.bufferedBytes, 16);
  const cut = reader.end();
  assert.ok(cut instanceof WireError && cut.code === "MESSAGE_TOO_SHORT" && cut.fatal);
});

test("lengths below the header size and below an opcode's minimum are refused", () => {
  const tiny = Buffer.alloc(8);
  tiny.writeInt32LE(8, 0);
  const [fatal] = new MessageReader().push(tiny);
  assert.ok(!fatal.ok && fatal.error.code === "MESSAGE_TOO_SHORT" && fatal.error.fatal);

  const short = Buffer.alloc(20);
  writeHeader(short, { messageLength: 20, requestId: 9, responseTo: 0, opCode: OP_CODES.OP_MSG });
  const reader = new MessageReader();
  const results = reader.push(Buffer.concat([short, ping]));
  assert.ok(!results[0].ok && results[0].error.code === "MESSAGE_TOO_SHORT" && !results[0].error.fatal && results[0].error.requestId === 9);
  assert.ok(results[1].ok, "the next message is still read");
});

test("legacy opcodes such as OP_INSERT are refused without losing the stream", () => {
  const legacy = Buffer.alloc(40);
  writeHeader(legacy, { messageLength: 40, requestId: 4, responseTo: 0, opCode: OP_CODES.OP_INSERT });
  const results = new MessageReader().push(Buffer.concat([legacy, ping]));
  assert.ok(!results[0].ok && results[0].error.code === "UNSUPPORTED_OPCODE" && /OP_INSERT/.test(results[0].error.message));
  assert.ok(results[1].ok);
});

test("readMessages frames an async stream and reports a cut-off final message", async () => {
  async function* chunks() {
    yield ping.subarray(0, 10);
    yield Buffer.concat([ping.subarray(10), hello.subarray(0, 5)]);
  }
  const results: ReadResult[] = [];
  for await (const result of readMessages(chunks())) results.push(result);
  assert.equal(results.length, 2);
  assert.ok(results[0].ok);
  assert.ok(!results[1].ok && results[1].error.code === "MESSAGE_TOO_SHORT");
});


function assertOnlyWireErrors(results: ReadResult[], label: string): void {
  for (const result of results) {
    if (!result.ok) assert.ok(result.error instanceof WireError, `${label}: ${String(result.error)}`);
  }
}

test("fuzz: random bytes in random chunks only ever yield messages or WireErrors", () => {
  const random = seededRandom(0xc0ffee);
  for (let round = 0; round < 500; round++) {
    const reader = new MessageReader({ maxMessageSizeBytes: 4096 });
    const length = Math.floor(random() * 300);
    const bytes = Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
    // Half the rounds get a plausible length prefix so the decoders, not just the framer, see garbage.
    if (length >= 16 && random() < 0.5) {
      bytes.writeInt32LE(length, 0);
      bytes.writeInt32LE([OP_CODES.OP_MSG, OP_CODES.OP_QUERY, OP_CODES.OP_COMPRESSED][round % 3], 12);
    }
    let offset = 0;
    while (offset < bytes.length) {
      const size = 1 + Math.floor(random() * 64);
      assertOnlyWireErrors(reader.push(bytes.subarray(offset, offset + size)), `round ${round}`);
      offset += size;
    }
    const end = reader.end();
    assert.ok(end === undefined || end instanceof WireError);
  }
});

test("fuzz: mutated and truncated valid messages only yield messages or WireErrors", () => {
  const random = seededRandom(42);
  const seeds = [ping, hello, encodeOpMsg({ requestId: 3, responseTo: 0, body: { insert: "c", $db: "d" }, sequences: [{ identifier: "documents", documents: [{ a: 1 }, { b: "x" }] }], checksum: true })];
  let errors = 0;
  for (let round = 0; round < 1500; round++) {
    const original = seeds[round % seeds.length];
    const mutated = Buffer.from(original);
    const flips = 1 + Math.floor(random() * 4);
    for (let i = 0; i < flips; i++) {
      // Keep the length prefix intact in most rounds so the mutation reaches the section decoders.
      const at = random() < 0.9 ? 4 + Math.floor(random() * (mutated.length - 4)) : Math.floor(random() * mutated.length);
      mutated[at] = Math.floor(random() * 256);
    }
    const cut = random() < 0.3 ? mutated.subarray(0, Math.floor(random() * mutated.length)) : mutated;
    const reader = new MessageReader();
    const results = reader.push(cut);
    assertOnlyWireErrors(results, `round ${round}`);
    const end = reader.end();
    if (end) errors++;
    errors += results.filter((r) => !r.ok).length;
  }
  assert.ok(errors > 500, `mutations were detected (${errors} errors)`);
});
