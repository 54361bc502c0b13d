/**
 * What the forwarding gateway spends on one upstream reply, in-process and without sockets, so that the
 * machine's load moves both figures alike: the reply of a find by _id (one 100-byte document) and of an
 * insert, as mongod shapes them (`$clusterTime`, `operationTime`), taken from its frame to the frame the
 * client gets.
 *  - decode + re-encode: the frame decoded to JS (as the upstream connection did), summarized, and encoded
 *    again for the client (the path before replies were relayed);
 *  - relay: the frame read for its outcome, cursor and `$clusterTime` only, and its bytes framed again for
 *    the client (`UpstreamReply`, the path now).
 * Each iteration starts from a fresh copy of the frame, as a socket read gives. Figures: ns per reply,
 * median of ROUNDS rounds, and the relay as a fraction of decode + re-encode.
 *
 * Run: `node dist/bench/upstream-reply-relay.js` (after `npx tsc -p .`).
 */
import { cpus, loadavg } from "node:os";
import { Double, Int32, Long, ObjectId, Timestamp, Binary, type Document } from "bson";
import { replySummary } from "../src/gateway/backends/encoded-reply.js";
import { UpstreamReply } from "../src/gateway/backends/upstream/upstream-reply.js";
import { decodeMessage, encodeOpMsg, encodeReply, type WireMessage } from "../src/gateway/wire/index.js";
import { EncodedReply } from "../src/gateway/backends/encoded-reply.js";

const ROUNDS = 5;
const ITERATIONS = Number(process.env.BENCH_RELAY_ITERATIONS ?? "50000");

const gossip = (): Document => ({
  $clusterTime: { clusterTime: new Timestamp({ t: 1_780_000_000, i: 7 }), signature: { hash: new Binary(Buffer.alloc(20)), keyId: Long.ZERO } },
  operationTime: new Timestamp({ t: 1_780_000_000, i: 7 }),
});

const REPLIES: Record<string, Document> = {
  "find by _id": { cursor: { firstBatch: [{ _id: new ObjectId(), n: new Int32(42), text: "x".repeat(100) }], id: Long.ZERO, ns: "bench.items" }, ok: new Double(1), ...gossip() },
  "insert one document": { n: new Int32(1), ok: new Double(1), ...gossip() },
};

/** The client's request the reply answers (only its header and kind matter to the encoder). */
const request = decodeMessage(encodeOpMsg({ requestId: 3, responseTo: 0, body: { find: "items", $db: "bench" } })) as WireMessage;

function decodeAndReencode(frame: Buffer): Buffer {
  const message = decodeMessage(frame);
  const body = message.kind === "OP_MSG" ? message.msg.body : {};
  replySummary(body);
  return encodeReply(request, 9, body);
}

function relay(frame: Buffer): Buffer {
  const reply = UpstreamReply.read(frame);
  const sent = reply.forClient();
  return encodeReply(request, 9, sent instanceof EncodedReply ? sent.body : sent);
}

function nsPerReply(path: (frame: Buffer) => Buffer, frame: Buffer): number {
  const started = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < ITERATIONS; i++) bytes += path(Buffer.from(frame)).length;
  if (bytes === 0) throw new Error("nothing was encoded");
  return Number(process.hrtime.bigint() - started) / ITERATIONS;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

console.log(`upstream reply relay, Node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}, ${ITERATIONS} replies x ${ROUNDS} rounds`);
console.log("| reply | bytes | decode + re-encode ns | relay ns | relay ÷ decode + re-encode |");
console.log("| --- | ---: | ---: | ---: | ---: |");
for (const [name, body] of Object.entries(REPLIES)) {
  const frame = encodeOpMsg({ requestId: 5, responseTo: 3, body });
  const before: number[] = [];
  const after: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    before.push(nsPerReply(decodeAndReencode, frame));
    after.push(nsPerReply(relay, frame));
  }
  const [b, a] = [median(before), median(after)];
  console.log(`| ${name} | ${frame.length} | ${b.toFixed(0)} | ${a.toFixed(0)} | ${(a / b).toFixed(2)} |`);
}
