import type { Document } from "bson";
import { decodeDocumentAt, encodeDocument, MAX_BSON_INTERNAL_SIZE } from "./bson-codec.js";
import { readCString } from "./cstring.js";
import { HEADER_SIZE, OP_CODES, writeHeader, type MsgHeader } from "./msg-header.js";
import { WireError } from "./wire-error.js";

/** OP_QUERY flag bits that still mean something to a server. */
export const OP_QUERY_FLAGS = {
  tailableCursor: 1 << 1,
  secondaryOk: 1 << 2,
  noCursorTimeout: 1 << 4,
  awaitData: 1 << 5,
  exhaust: 1 << 6,
  partial: 1 << 7,
} as const;

/** A decoded legacy OP_QUERY; today only the `isMaster`/`hello` handshake arrives this way. */
export interface OpQuery {
  flags: number;
  fullCollectionName: string;
  numberToSkip: number;
  numberToReturn: number;
  query: Document;
  returnFieldsSelector?: Document;
}

/** Decodes an OP_QUERY from its complete frame (header included). Throws {@link WireError} only. */
export function decodeOpQuery(frame: Buffer, header: MsgHeader): OpQuery {
  try {
    if (frame.length < HEADER_SIZE + 4) throw new WireError("MESSAGE_TOO_SHORT", "OP_QUERY lacks its flags");
    const flags = frame.readInt32LE(HEADER_SIZE);
    const name = readCString(frame, HEADER_SIZE + 4);
    let offset = name.next;
    if (frame.length - offset < 8) throw new WireError("MESSAGE_TOO_SHORT", "OP_QUERY lacks numberToSkip/numberToReturn");
    const numberToSkip = frame.readInt32LE(offset);
    const numberToReturn = frame.readInt32LE(offset + 4);
    offset += 8;
    const query = decodeDocumentAt(frame, offset, MAX_BSON_INTERNAL_SIZE);
    offset += query.size;
    const result: OpQuery = { flags, fullCollectionName: name.value, numberToSkip, numberToReturn, query: query.document };
    if (offset < frame.length) {
      const selector = decodeDocumentAt(frame, offset);
      offset += selector.size;
      result.returnFieldsSelector = selector.document;
    }
    if (offset !== frame.length) {
      throw new WireError("LENGTH_MISMATCH", `OP_QUERY has ${frame.length - offset} bytes after its documents`);
    }
    return result;
  } catch (error) {
    if (error instanceof WireError) {
      throw new WireError(error.code, `OP_QUERY: ${error.message}`, { requestId: header.requestId, cause: error });
    }
    throw error;
  }
}

/** Parameters of {@link encodeOpQuery}. */
export interface EncodeOpQueryParams extends Omit<OpQuery, "returnFieldsSelector"> {
  requestId: number;
  returnFieldsSelector?: Document;
}

/** Encodes an OP_QUERY (used by tests and by anything that must speak to a pre-3.6 peer). */
export function encodeOpQuery(params: EncodeOpQueryParams): Buffer {
  const name = Buffer.from(`${params.fullCollectionName}\0`, "utf8");
  const query = encodeDocument(params.query);
  const selector = params.returnFieldsSelector ? encodeDocument(params.returnFieldsSelector) : Buffer.alloc(0);
  const messageLength = HEADER_SIZE + 4 + name.length + 8 + query.length + selector.length;
  const frame = Buffer.alloc(messageLength);
  writeHeader(frame, { messageLength, requestId: params.requestId, responseTo: 0, opCode: OP_CODES.OP_QUERY });
  let offset = frame.writeInt32LE(params.flags, HEADER_SIZE);
  offset += name.copy(frame, offset);
  offset = frame.writeInt32LE(params.numberToSkip, offset);
  offset = frame.writeInt32LE(params.numberToReturn, offset);
  offset += query.copy(frame, offset);
  selector.copy(frame, offset);
  return frame;
}
