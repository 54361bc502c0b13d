import { serialize, type Document } from "bson";
import { decodeDocument, MAX_BSON_INTERNAL_SIZE } from "./bson-codec.js";
import { HEADER_SIZE, OP_CODES, writeHeader } from "./msg-header.js";
import { SECTION_KINDS } from "./op-msg.js";
import { withDoubleOk } from "./reply-ok.js";
import { WireError } from "./wire-error.js";

/** Bytes before the body document of a one-section OP_MSG: the header, flagBits and the section's kind byte. */
export const OP_MSG_BODY_OFFSET = HEADER_SIZE + 4 + 1;

/**
 * A reply body already encoded as BSON, placed {@link OP_MSG_BODY_OFFSET} bytes into a buffer of its own,
 * so that the OP_MSG frame around it is completed in place (header and flags written into the room left
 * before it) and sent without decoding, re-encoding or copying the body. Whoever encodes it (the embedded
 * backend's worker thread) hands the buffer over; the frame is completed once.
 */
export class EncodedBody {
  readonly #frame: Buffer;
  #framed = false;

  private constructor(frame: Buffer) {
    this.#frame = frame;
  }

  /**
   * Encodes `body` (a top-level `ok` as a double, as mongod writes it) into a new buffer laid out for
   * {@link EncodedBody.fromFrame}. Throws {@link WireError} when it can't be encoded or is too large.
   */
  static encode(body: Document): Uint8Array {
    let bytes: Uint8Array;
    try {
      bytes = serialize(withDoubleOk(body));
    } catch (cause) {
      throw new WireError("INVALID_BSON", `document cannot be encoded as BSON: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    if (bytes.length > MAX_BSON_INTERNAL_SIZE) {
      throw new WireError("BSON_TOO_LARGE", `BSON document of ${bytes.length} bytes exceeds the ${MAX_BSON_INTERNAL_SIZE}-byte limit`);
    }
    return EncodedBody.frameBson(bytes);
  }

  /** Lays out a document's BSON bytes, encoded earlier, as {@link EncodedBody.encode} does (one copy, no re-encoding). */
  static frameBson(bytes: Uint8Array): Uint8Array {
    // A buffer of its own (never a slice of Node's shared pool), so it can be transferred between threads.
    const frame = Buffer.allocUnsafeSlow(OP_MSG_BODY_OFFSET + bytes.length);
    frame.fill(0, 0, OP_MSG_BODY_OFFSET);
    frame.set(bytes, OP_MSG_BODY_OFFSET);
    return frame;
  }

  /** Wraps bytes made by {@link EncodedBody.encode} (possibly after crossing a thread as a plain Uint8Array). */
  static fromFrame(bytes: Uint8Array): EncodedBody {
    const frame = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (frame.length < OP_MSG_BODY_OFFSET + 5 || frame.readInt32LE(OP_MSG_BODY_OFFSET) !== frame.length - OP_MSG_BODY_OFFSET) {
      throw new WireError("INVALID_BSON", "an encoded reply body does not fill its frame");
    }
    return new EncodedBody(frame);
  }

  /** The body document's BSON bytes. */
  get bytes(): Buffer {
    return this.#frame.subarray(OP_MSG_BODY_OFFSET);
  }

  /** The body decoded, for the rare reader that needs more than the bytes (every BSON type kept). */
  decode(): Document {
    return decodeDocument(this.bytes, MAX_BSON_INTERNAL_SIZE);
  }

  /** Completes the OP_MSG frame in place and returns it; an encoded body is sent once. */
  opMsgFrame(requestId: number, responseTo: number, flagBits: number): Buffer {
    if (this.#framed) throw new Error("an encoded reply body is sent once");
    this.#framed = true;
    const frame = this.#frame;
    writeHeader(frame, { messageLength: frame.length, requestId, responseTo, opCode: OP_CODES.OP_MSG });
    frame.writeUInt32LE(flagBits >>> 0, HEADER_SIZE);
    frame.writeUInt8(SECTION_KINDS.body, HEADER_SIZE + 4);
    return frame;
  }
}
