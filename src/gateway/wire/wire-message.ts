import { decodeOpCompressed } from "./op-compressed.js";
import { HEADER_SIZE, MAX_MESSAGE_SIZE_BYTES, OP_CODES, opCodeName, readHeader, type MsgHeader } from "./msg-header.js";
import { decodeOpMsg, type OpMsg } from "./op-msg.js";
import { decodeOpQuery, type OpQuery } from "./op-query.js";
import { WireError } from "./wire-error.js";

/** Smallest frame of each opcode the gateway accepts: header plus the fixed fields and one minimal document. */
export const MIN_MESSAGE_SIZE = {
  [OP_CODES.OP_MSG]: HEADER_SIZE + 4 + 1 + 5,
  [OP_CODES.OP_QUERY]: HEADER_SIZE + 4 + 2 + 8 + 5,
  [OP_CODES.OP_COMPRESSED]: HEADER_SIZE + 9,
} as const;

interface MessageBase {
  header: MsgHeader;
  /** Set when the message arrived inside OP_COMPRESSED; the reply should use the same compressor. */
  compressorId?: number;
}

/** An OP_MSG request. */
export interface OpMsgMessage extends MessageBase {
  kind: "OP_MSG";
  msg: OpMsg;
}

/** A legacy OP_QUERY request (the handshake). */
export interface OpQueryMessage extends MessageBase {
  kind: "OP_QUERY";
  query: OpQuery;
}

/** Every request message the gateway understands. */
export type WireMessage = OpMsgMessage | OpQueryMessage;

/**
 * Decodes one complete frame (its length already checked by the framer) into a {@link WireMessage},
 * unwrapping OP_COMPRESSED. Throws {@link WireError} only.
 */
export function decodeMessage(frame: Buffer, maxMessageSize = MAX_MESSAGE_SIZE_BYTES): WireMessage {
  const header = readHeader(frame);
  checkMinimum(header, frame.length);
  if (header.opCode === OP_CODES.OP_COMPRESSED) {
    const inner = decodeOpCompressed(frame, header, maxMessageSize);
    const innerHeader = readHeader(inner.frame);
    checkMinimum(innerHeader, inner.frame.length);
    return { ...decodeUncompressed(inner.frame, innerHeader), compressorId: inner.compressorId };
  }
  return decodeUncompressed(frame, header);
}

function decodeUncompressed(frame: Buffer, header: MsgHeader): WireMessage {
  if (header.opCode === OP_CODES.OP_MSG) return { kind: "OP_MSG", header, msg: decodeOpMsg(frame, header) };
  if (header.opCode === OP_CODES.OP_QUERY) return { kind: "OP_QUERY", header, query: decodeOpQuery(frame, header) };
  const name = opCodeName(header.opCode) ?? "unknown";
  throw new WireError("UNSUPPORTED_OPCODE", `opcode ${header.opCode} (${name}) is not supported`, { requestId: header.requestId });
}

function checkMinimum(header: MsgHeader, length: number): void {
  const minimum = (MIN_MESSAGE_SIZE as Record<number, number>)[header.opCode];
  if (minimum !== undefined && length < minimum) {
    throw new WireError("MESSAGE_TOO_SHORT", `${opCodeName(header.opCode)} of ${length} bytes is below the ${minimum}-byte minimum`, {
      requestId: header.requestId,
    });
  }
}
