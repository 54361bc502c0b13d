import { WireError } from "./wire-error.js";

/** Size in bytes of the standard message header that starts every wire message. */
export const HEADER_SIZE = 16;

/** Largest message mongod accepts (and advertises as `maxMessageSizeBytes`). */
export const MAX_MESSAGE_SIZE_BYTES = 48_000_000;

/** Wire opcodes by name; only OP_MSG, OP_QUERY, OP_REPLY and OP_COMPRESSED are spoken by the gateway. */
export const OP_CODES = {
  OP_REPLY: 1,
  OP_UPDATE: 2001,
  OP_INSERT: 2002,
  OP_QUERY: 2004,
  OP_GET_MORE: 2005,
  OP_DELETE: 2006,
  OP_KILL_CURSORS: 2007,
  OP_COMPRESSED: 2012,
  OP_MSG: 2013,
} as const;

/** The name of an opcode in {@link OP_CODES}. */
export type OpCodeName = keyof typeof OP_CODES;

/** A numeric opcode from {@link OP_CODES}. */
export type OpCode = (typeof OP_CODES)[OpCodeName];

/** The four int32 fields of a message header. */
export interface MsgHeader {
  messageLength: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** Reads the header at the start of `frame`, which must hold at least {@link HEADER_SIZE} bytes. */
export function readHeader(frame: Buffer): MsgHeader {
  if (frame.length < HEADER_SIZE) {
    throw new WireError("MESSAGE_TOO_SHORT", `message of ${frame.length} bytes is shorter than the 16-byte header`, {
      fatal: true,
    });
  }
  return {
    messageLength: frame.readInt32LE(0),
    requestId: frame.readInt32LE(4),
    responseTo: frame.readInt32LE(8),
    opCode: frame.readInt32LE(12),
  };
}

/** Writes a header into the first {@link HEADER_SIZE} bytes of `target`. */
export function writeHeader(target: Buffer, header: MsgHeader): void {
  target.writeInt32LE(header.messageLength, 0);
  target.writeInt32LE(header.requestId, 4);
  target.writeInt32LE(header.responseTo, 8);
  target.writeInt32LE(header.opCode, 12);
}

/** Returns the name of a known opcode, or undefined. */
export function opCodeName(opCode: number): OpCodeName | undefined {
  for (const [name, value] of Object.entries(OP_CODES)) {
    if (value === opCode) return name as OpCodeName;
  }
  return undefined;
}
