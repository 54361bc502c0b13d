/**
 * A reply from the upstream server, kept as the frame it arrived in. The forwarder reads only what it
 * acts on (the outcome, the cursor the reply opens or ends, the `$clusterTime` it gossips) with
 * {@link findFields}, and hands the bytes on to the client as they came: nothing in an upstream reply is
 * rewritten on the way (cursor ids are relayed unchanged, `$clusterTime` and `operationTime` are the
 * upstream's own), so decoding the batch of documents and encoding it again would only cost time.
 *
 * A reply whose layout is unusual (flag bits, a checksum, more than one section, a field of an
 * unexpected type) is decoded in full and re-encoded, as before; so is any reply a caller asks to read
 * or edit as a document ({@link UpstreamReply.document}).
 */
import type { Document } from "bson";
import {
  BSON_TYPE,
  decodeDocument,
  decodeMessage,
  EncodedBody,
  findFields,
  HEADER_SIZE,
  integerKeyField,
  isDocument,
  MAX_BSON_INTERNAL_SIZE,
  numberField,
  OP_CODES,
  OP_MSG_BODY_OFFSET,
  stringField,
  WireError,
  type BsonField,
} from "../../wire/index.js";
import { EncodedReply, summarizeReply, type BackendReply, type ReplySummary } from "../encoded-reply.js";

const NUMERIC_TYPES: ReadonlySet<number> = new Set([BSON_TYPE.double, BSON_TYPE.int32, BSON_TYPE.int64]);


/** A field whose type the fast reading does not interpret: the reply is decoded instead. */
class UnusualReply extends Error {}

interface Scanned {
  summary: ReplySummary;
  /** The `$clusterTime` field and its timestamp's order, when the reply gossips one. */
  clusterTime: BsonField | undefined;
  clusterTimeOrder: bigint | undefined;
}

/** Reads the summary and the `$clusterTime` position from the body of a one-section OP_MSG. */
function scan(frame: Buffer): Scanned {
  const top = findFields(frame, OP_MSG_BODY_OFFSET, ["ok", "code", "cursor", "$clusterTime"]);
  const okField = top.get("ok");
  const codeField = top.get("code");
  for (const field of [okField, codeField]) if (field !== undefined && !NUMERIC_TYPES.has(field.type)) throw new UnusualReply();
  const ok = numberField(frame, okField) === 1;
  const code = ok ? undefined : numberField(frame, codeField);
  let cursor: ReplySummary["cursor"];
  const cursorField = top.get("cursor");
  if (cursorField !== undefined && cursorField.type === BSON_TYPE.document) {
    const inner = findFields(frame, cursorField.start, ["id", "ns"]);
    const idField = inner.get("id");
    if (idField !== undefined && !NUMERIC_TYPES.has(idField.type)) throw new UnusualReply();
    const id = integerKeyField(frame, idField);
    const ns = stringField(frame, inner.get("ns"));
    if (id !== undefined) cursor = ns === undefined ? { id } : { id, ns };
  } else if (cursorField !== undefined) {
    throw new UnusualReply();
  }
  let clusterTime: BsonField | undefined;
  let clusterTimeOrder: bigint | undefined;
  const gossip = top.get("$clusterTime");
  if (gossip !== undefined && gossip.type === BSON_TYPE.document) {
    const time = findFields(frame, gossip.start, ["clusterTime"]).get("clusterTime");
    if (time !== undefined && time.type === BSON_TYPE.timestamp) {
      clusterTime = gossip;
      // A BSON timestamp is a uint64 of (seconds << 32 | increment): ordered as a number.
      clusterTimeOrder = frame.readBigUInt64LE(time.start);
    }
  }
  const summary: ReplySummary = {
    ok,
    ...(code !== undefined && Number.isInteger(code) && code !== 0 ? { code } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  };
  return { summary, clusterTime, clusterTimeOrder };
}

/** Whether `frame` is an OP_MSG whose only section is a body that fills it, without flags. */
function isPlainOpMsg(frame: Buffer): boolean {
  return (
    frame.length >= OP_MSG_BODY_OFFSET + 5 &&
    frame.readInt32LE(12) === OP_CODES.OP_MSG &&
    frame.readUInt32LE(HEADER_SIZE) === 0 &&
    frame[HEADER_SIZE + 4] === 0 &&
    frame.readInt32LE(OP_MSG_BODY_OFFSET) === frame.length - OP_MSG_BODY_OFFSET
  );
}

/** `$clusterTime.clusterTime` of a decoded reply as one comparable number, when it is a Timestamp. */
function clusterTimeOrderOf(document: Document): bigint | undefined {
  const gossip: unknown = document.$clusterTime;
  if (!isDocument(gossip)) return undefined;
  const time = gossip.clusterTime as { _bsontype?: string; t?: number; i?: number } | undefined;
  if (time?._bsontype !== "Timestamp" || time.t === undefined || time.i === undefined) return undefined;
  return (BigInt(time.t) << 32n) | BigInt(time.i);
}

/** One reply read from an upstream connection. */
export class UpstreamReply {
  readonly summary: ReplySummary;
  /**
   * `$clusterTime.clusterTime` as one number that orders like the timestamp (seconds, then
   * increment), when the reply gossips one.
   */
  readonly clusterTimeOrder: bigint | undefined;
  readonly #frame: Buffer | undefined;
  readonly #clusterTime: BsonField | undefined;
  #document: Document | undefined;

  private constructor(summary: ReplySummary, clusterTimeOrder: bigint | undefined, frame: Buffer | undefined, clusterTime: BsonField | undefined, document: Document | undefined) {
    this.summary = summary;
    this.clusterTimeOrder = clusterTimeOrder;
    this.#frame = frame;
    this.#clusterTime = clusterTime;
    this.#document = document;
  }

  /** Reads a reply frame; throws {@link WireError} when it is not a readable OP_MSG. */
  static read(frame: Buffer): UpstreamReply {
    if (isPlainOpMsg(frame)) {
      try {
        const { summary, clusterTime, clusterTimeOrder } = scan(frame);
        return new UpstreamReply(summary, clusterTimeOrder, frame, clusterTime, undefined);
      } catch (error) {
        if (!(error instanceof UnusualReply || error instanceof WireError)) throw error;
        // Decoded below: a malformed reply is then refused in the decoder's words.
      }
    }
    return UpstreamReply.fromDocument(UpstreamReply.#decode(frame));
  }

  /** A reply already in document form (tests, and the fallback of {@link read}). */
  static fromDocument(document: Document): UpstreamReply {
    return new UpstreamReply(summarizeReply(document), clusterTimeOrderOf(document), undefined, undefined, document);
  }

  static #decode(frame: Buffer): Document {
    const message = decodeMessage(frame);
    if (message.kind !== "OP_MSG") throw new WireError("UNSUPPORTED_OPCODE", `an upstream reply must be OP_MSG, not ${message.kind}`);
    return message.msg.body;
  }

  /** The reply as a document (decoded on first use); edits to it are what {@link forClient} sends then. */
  document(): Document {
    if (this.#document === undefined) this.#document = decodeDocument((this.#frame as Buffer).subarray(OP_MSG_BODY_OFFSET), MAX_BSON_INTERNAL_SIZE);
    return this.#document;
  }

  /** The `$clusterTime` sub-document (decoded alone), when the reply gossips one. */
  clusterTimeDocument(): Document | undefined {
    if (this.#document === undefined && this.#frame !== undefined) {
      return this.#clusterTime === undefined ? undefined : decodeDocument(this.#frame.subarray(this.#clusterTime.start, this.#clusterTime.end));
    }
    const gossip: unknown = this.document().$clusterTime;
    return isDocument(gossip) ? gossip : undefined;
  }

  /** What the gateway sends the client: the frame's bytes as they came, unless the reply was read as a document. */
  forClient(): BackendReply {
    if (this.#document === undefined && this.#frame !== undefined) return new EncodedReply(EncodedBody.fromFrame(this.#frame), this.summary);
    return this.document();
  }
}
