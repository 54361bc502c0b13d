import type { Document } from "bson";
import { decodeDocumentAt, encodeDocument, MAX_BSON_INTERNAL_SIZE, MAX_BSON_OBJECT_SIZE } from "./bson-codec.js";
import { crc32c } from "./crc32c.js";
import { readCString } from "./cstring.js";
import { HEADER_SIZE, OP_CODES, writeHeader, type MsgHeader } from "./msg-header.js";
import { WireError } from "./wire-error.js";
import { setOwn } from "../../shared/own-property.js";

/** OP_MSG flag bits. Bits 0-15 are "required": a receiver must refuse ones it does not know. */
export const OP_MSG_FLAGS = {
  checksumPresent: 1 << 0,
  moreToCome: 1 << 1,
  exhaustAllowed: 1 << 16,
} as const;

const KNOWN_REQUIRED_FLAGS = OP_MSG_FLAGS.checksumPresent | OP_MSG_FLAGS.moreToCome;
const REQUIRED_FLAGS_MASK = 0xffff;
const CHECKSUM_SIZE = 4;

/** Section kinds: 0 is the command body, 1 a document sequence. */
export const SECTION_KINDS = { body: 0, documentSequence: 1 } as const;

/** A kind-1 section: documents sent beside the body under a field name such as `documents`. */
export interface DocumentSequence {
  identifier: string;
  documents: Document[];
}

/** A decoded (or to-be-encoded) OP_MSG. */
export interface OpMsg {
  flagBits: number;
  body: Document;
  sequences: DocumentSequence[];
}

/** Parameters of {@link encodeOpMsg}. */
export interface EncodeOpMsgParams {
  requestId: number;
  responseTo: number;
  body: Document;
  sequences?: DocumentSequence[];
  /** moreToCome / exhaustAllowed; checksumPresent is derived from `checksum`. */
  flagBits?: number;
  /** Append a CRC-32C trailer and set checksumPresent. */
  checksum?: boolean;
}

/** True when `flag` (one of {@link OP_MSG_FLAGS}) is set in `flagBits`. */
export function hasFlag(flagBits: number, flag: number): boolean {
  return (flagBits & flag) !== 0;
}

/**
 * Decodes an OP_MSG from its complete frame (header included): checks required flags, verifies the
 * CRC-32C trailer when present, and requires exactly one body section. Throws {@link WireError} only.
 */
export function decodeOpMsg(frame: Buffer, header: MsgHeader): OpMsg {
  const fail = (code: ConstructorParameters<typeof WireError>[0], message: string): never => {
    throw new WireError(code, message, { requestId: header.requestId });
  };
  if (frame.length < HEADER_SIZE + 4 + 1) fail("MESSAGE_TOO_SHORT", `OP_MSG of ${frame.length} bytes has no sections`);
  const flagBits = frame.readUInt32LE(HEADER_SIZE);
  const unknownRequired = flagBits & REQUIRED_FLAGS_MASK & ~KNOWN_REQUIRED_FLAGS;
  if (unknownRequired !== 0) {
    fail("UNKNOWN_REQUIRED_FLAG", `OP_MSG has unknown required flag bits 0x${unknownRequired.toString(16)}`);
  }
  let end = frame.length;
  if (hasFlag(flagBits, OP_MSG_FLAGS.checksumPresent)) {
    end -= CHECKSUM_SIZE;
    if (end < HEADER_SIZE + 4 + 1) fail("MESSAGE_TOO_SHORT", "OP_MSG with checksum has no sections");
    const expected = frame.readUInt32LE(end);
    const actual = crc32c(frame.subarray(0, end));
    if (expected !== actual) {
      fail("CHECKSUM_MISMATCH", `OP_MSG checksum 0x${expected.toString(16)} does not match computed 0x${actual.toString(16)}`);
    }
  }
  let body: Document | undefined;
  const sequences: DocumentSequence[] = [];
  let offset = HEADER_SIZE + 4;
  const sections = frame.subarray(0, end);
  try {
    while (offset < end) {
      const kind = sections[offset];
      offset += 1;
      if (kind === SECTION_KINDS.body) {
        if (body !== undefined) fail("DUPLICATE_BODY", "OP_MSG has more than one body section");
        const decoded = decodeDocumentAt(sections, offset, MAX_BSON_INTERNAL_SIZE);
        body = decoded.document;
        offset += decoded.size;
      } else if (kind === SECTION_KINDS.documentSequence) {
        const sequence = decodeSequence(sections, offset);
        if (sequences.some((s) => s.identifier === sequence.value.identifier)) {
          fail("DUPLICATE_SEQUENCE", `OP_MSG repeats document sequence "${sequence.value.identifier}"`);
        }
        sequences.push(sequence.value);
        offset = sequence.next;
      } else {
        fail("UNKNOWN_SECTION_KIND", `OP_MSG section kind ${String(kind)} is not supported`);
      }
    }
  } catch (error) {
    if (error instanceof WireError && error.requestId === undefined) {
      throw new WireError(error.code, `OP_MSG: ${error.message}`, { requestId: header.requestId, cause: error });
    }
    throw error;
  }
  if (body === undefined) return fail("MISSING_BODY", "OP_MSG has no body section (kind 0)");
  return { flagBits, body, sequences };
}

function decodeSequence(buffer: Buffer, start: number): { value: DocumentSequence; next: number } {
  if (buffer.length - start < 4) {
    throw new WireError("MESSAGE_TOO_SHORT", `document sequence at offset ${start} lacks its size`);
  }
  const size = buffer.readInt32LE(start);
  const end = start + size;
  if (size < 5 || end > buffer.length) {
    throw new WireError("LENGTH_MISMATCH", `document sequence at offset ${start} declares ${size} bytes but ${buffer.length - start} remain`);
  }
  const name = readCString(buffer, start + 4, end);
  const documents: Document[] = [];
  let offset = name.next;
  const bounded = buffer.subarray(0, end);
  while (offset < end) {
    const decoded = decodeDocumentAt(bounded, offset, MAX_BSON_OBJECT_SIZE);
    documents.push(decoded.document);
    offset += decoded.size;
  }
  return { value: { identifier: name.value, documents }, next: end };
}

/** Encodes an OP_MSG (body first, then each sequence), optionally with a CRC-32C trailer. */
export function encodeOpMsg(params: EncodeOpMsgParams): Buffer {
  const parts: Buffer[] = [];
  parts.push(Buffer.from([SECTION_KINDS.body]), encodeDocument(params.body));
  for (const sequence of params.sequences ?? []) {
    const name = Buffer.from(`${sequence.identifier}\0`, "utf8");
    const docs = sequence.documents.map((d) => encodeDocument(d, MAX_BSON_OBJECT_SIZE));
    const size = 4 + name.length + docs.reduce((n, d) => n + d.length, 0);
    const sizeBytes = Buffer.alloc(4);
    sizeBytes.writeInt32LE(size, 0);
    parts.push(Buffer.from([SECTION_KINDS.documentSequence]), sizeBytes, name, ...docs);
  }
  const checksum = params.checksum === true;
  let flagBits = (params.flagBits ?? 0) & ~OP_MSG_FLAGS.checksumPresent;
  if (checksum) flagBits |= OP_MSG_FLAGS.checksumPresent;
  const sectionsLength = parts.reduce((n, p) => n + p.length, 0);
  const messageLength = HEADER_SIZE + 4 + sectionsLength + (checksum ? CHECKSUM_SIZE : 0);
  const frame = Buffer.alloc(messageLength);
  writeHeader(frame, { messageLength, requestId: params.requestId, responseTo: params.responseTo, opCode: OP_CODES.OP_MSG });
  frame.writeUInt32LE(flagBits >>> 0, HEADER_SIZE);
  let offset = HEADER_SIZE + 4;
  for (const part of parts) {
    part.copy(frame, offset);
    offset += part.length;
  }
  if (checksum) frame.writeUInt32LE(crc32c(frame.subarray(0, offset)), offset);
  return frame;
}

/**
 * Returns the command body with every document sequence spliced in as an array field, as mongod sees
 * it. A sequence whose identifier is already a body field is a protocol error.
 */
export function bodyWithSequences(msg: OpMsg): Document {
  if (msg.sequences.length === 0) return msg.body;
  const merged: Document = { ...msg.body };
  for (const sequence of msg.sequences) {
    if (Object.hasOwn(merged, sequence.identifier)) {
      throw new WireError("DUPLICATE_SEQUENCE", `OP_MSG field "${sequence.identifier}" is both in the body and a document sequence`);
    }
    setOwn(merged, sequence.identifier, sequence.documents);
  }
  return merged;
}
