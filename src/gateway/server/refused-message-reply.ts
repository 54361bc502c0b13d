/**
 * The reply to a request the decoder refused but mongod would answer instead of closing the
 * connection: a command nested past mongod's BSON depth limit fails with Overflow (15), and the
 * connection goes on (the frame was well delimited). Other refusals close the connection.
 */
import { encodeOpMsg, encodeOpReply, OP_CODES, OP_MSG_FLAGS, withDoubleOk, type WireError } from "../wire/index.js";
import { mongodErrorReply } from "../backends/error-codes.js";

/** What to do with a refused message: write `reply` (possibly nothing, for moreToCome), or close. */
export type Refusal = { answer: true; reply: Buffer | undefined } | { answer: false };

export function refusalOf(error: WireError, frame: Buffer | undefined, requestId: number): Refusal {
  const tooDeep = causeWithCode(error, "BSON_TOO_DEEP");
  if (tooDeep === undefined || error.fatal || frame === undefined || frame.length < 20) return { answer: false };
  const responseTo = frame.readInt32LE(4);
  const opCode = frame.readInt32LE(12) === OP_CODES.OP_COMPRESSED ? frame.readInt32LE(16) : frame.readInt32LE(12);
  const body = withDoubleOk(mongodErrorReply("Overflow", tooDeep.message));
  if (opCode === OP_CODES.OP_QUERY) return { answer: true, reply: encodeOpReply({ requestId, responseTo, documents: [body] }) };
  const uncompressedFlags = frame.readInt32LE(12) === OP_CODES.OP_MSG ? frame.readUInt32LE(16) : 0;
  if ((uncompressedFlags & OP_MSG_FLAGS.moreToCome) !== 0) return { answer: true, reply: undefined };
  return { answer: true, reply: encodeOpMsg({ requestId, responseTo, body }) };
}

/** The innermost error of the cause chain with `code` (decoders re-wrap errors with context). */
function causeWithCode(error: WireError, code: WireError["code"]): WireError | undefined {
  let found: WireError | undefined;
  let current: unknown = error;
  while (current instanceof Error) {
    if ((current as WireError).code === code) found = current as WireError;
    current = current.cause;
  }
  return found;
}
