import type { Document } from "bson";
import { decodeDocumentAt, encodeDocument } from "./bson-codec.js";
import { HEADER_SIZE, OP_CODES, writeHeader, type MsgHeader } from "./msg-header.js";
import { WireError } from "./wire-error.js";

/** OP_REPLY responseFlags bits. */
export const OP_REPLY_FLAGS = {
  cursorNotFound: 1 << 0,
  queryFailure: 1 << 1,
  shardConfigStale: 1 << 2,
  awaitCapable: 1 << 3,
} as const;

const FIXED_FIELDS_SIZE = 4 + 8 + 4 + 4;

/** A legacy OP_REPLY, the answer to an OP_QUERY handshake. */
export interface OpReply {
  responseFlags: number;
  cursorId: bigint;
  startingFrom: number;
  documents: Document[];
}

/** Parameters of {@link encodeOpReply}. */
export interface EncodeOpReplyParams {
  requestId: number;
  /** The requestID of the OP_QUERY being answered. */
  responseTo: number;
  documents: Document[];
  /** Defaults to awaitCapable, which mongod always sets. */
  responseFlags?: number;
  cursorId?: bigint;
  startingFrom?: number;
}

/** Encodes an OP_REPLY carrying `documents` (one reply document for a command). */
export function encodeOpReply(params: EncodeOpReplyParams): Buffer {
  const docs = params.documents.map((d) => encodeDocument(d));
  const messageLength = HEADER_SIZE + FIXED_FIELDS_SIZE + docs.reduce((n, d) => n + d.length, 0);
  const frame = Buffer.alloc(messageLength);
  writeHeader(frame, { messageLength, requestId: params.requestId, responseTo: params.responseTo, opCode: OP_CODES.OP_REPLY });
  let offset = frame.writeInt32LE(params.responseFlags ?? OP_REPLY_FLAGS.awaitCapable, HEADER_SIZE);
  offset = frame.writeBigInt64LE(params.cursorId ?? 0n, offset);
  offset = frame.writeInt32LE(params.startingFrom ?? 0, offset);
  offset = frame.writeInt32LE(docs.length, offset);
  for (const doc of docs) offset += doc.copy(frame, offset);
  return frame;
}

/** Decodes an OP_REPLY from its complete frame. Throws {@link WireError} only. */
export function decodeOpReply(frame: Buffer, header: MsgHeader): OpReply {
  const fail = (message: string, cause?: unknown): never => {
    throw new WireError("LENGTH_MISMATCH", `OP_REPLY: ${message}`, { requestId: header.requestId, cause });
  };
  if (frame.length < HEADER_SIZE + FIXED_FIELDS_SIZE) fail(`${frame.length} bytes is too short`);
  const responseFlags = frame.readInt32LE(HEADER_SIZE);
  const cursorId = frame.readBigInt64LE(HEADER_SIZE + 4);
  const startingFrom = frame.readInt32LE(HEADER_SIZE + 12);
  const numberReturned = frame.readInt32LE(HEADER_SIZE + 16);
  const documents: Document[] = [];
  let offset = HEADER_SIZE + FIXED_FIELDS_SIZE;
  while (offset < frame.length) {
    const decoded = decodeDocumentAt(frame, offset);
    documents.push(decoded.document);
    offset += decoded.size;
  }
  if (documents.length !== numberReturned) fail(`numberReturned ${numberReturned} but ${documents.length} documents present`);
  return { responseFlags, cursorId, startingFrom, documents };
}
