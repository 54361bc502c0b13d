import type { Document } from "bson";
import { EncodedBody } from "./encoded-body.js";
import { encodeOpCompressed } from "./op-compressed.js";
import { encodeOpMsg, OP_MSG_FLAGS } from "./op-msg.js";
import { encodeOpReply } from "./op-reply.js";
import { withDoubleOk } from "./reply-ok.js";
import type { WireMessage } from "./wire-message.js";

/** Options of {@link encodeReply}. */
export interface EncodeReplyOptions {
  /** Set moreToCome (an exhaust reply; only valid when the request allowed exhaust). */
  moreToCome?: boolean;
}

/**
 * Encodes the reply to `request` in the form its sender expects: OP_REPLY for a legacy OP_QUERY, OP_MSG
 * otherwise, re-compressed with the request's compressor when it arrived in OP_COMPRESSED (mongod
 * answers with the compressor the client used). A top-level `ok` is written as a BSON double, as
 * mongod writes it ({@link withDoubleOk}). A body already encoded ({@link EncodedBody}) is framed in
 * place, its bytes sent as they are.
 */
export function encodeReply(request: WireMessage, requestId: number, body: Document | EncodedBody, options: EncodeReplyOptions = {}): Buffer {
  const responseTo = request.header.requestId;
  const flagBits = options.moreToCome ? OP_MSG_FLAGS.moreToCome : 0;
  let frame: Buffer;
  if (body instanceof EncodedBody) {
    frame = request.kind === "OP_QUERY" ? encodeOpReply({ requestId, responseTo, documents: [withDoubleOk(body.decode())] }) : body.opMsgFrame(requestId, responseTo, flagBits);
  } else {
    const document = withDoubleOk(body);
    frame = request.kind === "OP_QUERY" ? encodeOpReply({ requestId, responseTo, documents: [document] }) : encodeOpMsg({ requestId, responseTo, body: document, flagBits });
  }
  return request.compressorId === undefined ? frame : encodeOpCompressed(frame, request.compressorId);
}
