import type { Document } from "bson";
import { MingoError } from "mingo/util";
import { BackendError } from "./backend-error.js";
import { mongodErrorReply } from "./error-codes.js";

/**
 * Renders any thrown value as mongod's failure reply:
 * - BackendError passes through with its code and extra fields.
 * - Errors of the query engine describe the client's input, so they become BadValue
 *   with their own message.
 * - Anything else is a bug or an environment failure: the client gets InternalError with
 *   a generic message (never SQL or a stack), and the caller logs `err` itself.
 */
export function errorReply(err: unknown): Document {
  if (err instanceof BackendError) return mongodErrorReply(err.codeName, err.message, err.extra);
  if (err instanceof MingoError) return mongodErrorReply("BadValue", err.message);
  return mongodErrorReply("InternalError", "internal error while running the command");
}

/** Whether `err` would render as InternalError, i.e. is worth logging with its stack. */
export function isInternalFailure(err: unknown): boolean {
  return errorReply(err).codeName === "InternalError";
}
