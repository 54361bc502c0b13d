import type { Document } from "bson";
import { MingoError } from "mingo/util";
import { BackendError } from "./backend-error.js";

/**
 * Renders any error as mongod's failure reply `{ok: 0, errmsg, code, codeName}`.
 * - BackendError passes through with its code and extra fields.
 * - Errors of the query engine describe the client's input, so they become BadValue
 *   with their own message.
 * - Anything else is a bug or an environment failure: the client gets InternalError with
 *   a generic message (never SQL or a stack), and the caller logs `err` itself.
 */
export function errorReply(err: unknown): Document {
  if (err instanceof BackendError) {
    return { ok: 0, errmsg: err.message, code: err.code, codeName: err.codeName, ...err.extra };
  }
  if (err instanceof MingoError) {
    return { ok: 0, errmsg: err.message, code: 2, codeName: "BadValue" };
  }
  return { ok: 0, errmsg: "internal error while running the command", code: 1, codeName: "InternalError" };
}

/** Whether `err` would render as InternalError, i.e. is worth logging with its stack. */
export function isInternalFailure(err: unknown): boolean {
  return errorReply(err).code === 1;
}
