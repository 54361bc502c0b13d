/**
 * A reply the embedded backend encoded where it was built, laid out for the wire as `EncodedBody.encode`
 * lays it out, with the summary the gateway reads: a retryable write's reply is encoded once, and the
 * same bytes become its record and the reply sent; a replayed record is sent without being decoded.
 */
import type { Document } from "bson";
import { EncodedBody, OP_MSG_BODY_OFFSET } from "../../wire/index.js";
import { BackendError } from "../backend-error.js";
import { summarizeReply, type ReplySummary } from "../encoded-reply.js";
import { errorReply } from "../error-reply.js";

export class FramedReply {
  readonly #document: Document | undefined;

  /** `document`: the reply the frame encodes, when the caller has it (saves decoding it again). */
  constructor(
    readonly frame: Uint8Array,
    readonly summary: ReplySummary,
    document?: Document,
  ) {
    this.#document = document;
  }

  /** Encodes `reply`; a reply too large to send becomes mongod's BSONObjectTooLarge failure. */
  static encode(reply: Document): FramedReply {
    try {
      return new FramedReply(EncodedBody.encode(reply), summarizeReply(reply), reply);
    } catch (err) {
      const refused = errorReply(new BackendError("BSONObjectTooLarge", `reply cannot be sent: ${err instanceof Error ? err.message : String(err)}`));
      return new FramedReply(EncodedBody.encode(refused), summarizeReply(refused), refused);
    }
  }

  /** The reply document's own BSON bytes (a view of the frame). */
  get bson(): Buffer {
    return Buffer.from(this.frame.buffer, this.frame.byteOffset + OP_MSG_BODY_OFFSET, this.frame.byteLength - OP_MSG_BODY_OFFSET);
  }

  /** The reply as a document, every BSON type kept. */
  document(): Document {
    return this.#document ?? EncodedBody.fromFrame(this.frame).decode();
  }
}
