import type { Document } from "bson";
import { MingoError } from "mingo/util";
import { BackendError } from "./backend-error.js";
import { mongodErrorReply } from "./error-codes.js";

/**
 * Renders any thrown value as mongod's failure reply:
 * - BackendError passes through with its code and extra fields.
 * - Errors of the query engine describe the client's input, so they become BadValue
 *   with their own message; see {@link clientInputError} for the other client mistakes that
 *   surface as plain JavaScript errors.
 * - Anything else is a bug or an environment failure: the client gets InternalError with
 *   a generic message (never SQL or a stack), and the caller logs `err` itself.
 */
export function errorReply(err: unknown): Document {
  if (err instanceof BackendError) return mongodErrorReply(err.codeName, err.message, err.extra);
  const client = clientInputError(err);
  if (client !== undefined) return mongodErrorReply(client.codeName, client.message, client.extra);
  return mongodErrorReply("InternalError", "internal error while running the command");
}

/** Whether `err` would render as InternalError, i.e. is worth logging with its stack. */
export function isInternalFailure(err: unknown): boolean {
  return errorReply(err).codeName === "InternalError";
}

const QUERY_ENGINE_FRAME = /[\\/]node_modules[\\/]mingo[\\/]/;

/**
 * The client's mistake behind an error that is not a BackendError, or undefined for a bug:
 * - the query engine's own errors (MingoError) and any other error it raises while evaluating the
 *   client's filter, update or pipeline (an operator given an operand of the wrong shape): BadValue;
 * - an invalid regular expression: mongod's 51091;
 * - the call stack exhausted by the client's nesting: Overflow, as mongod answers for too-deep BSON.
 */
export function clientInputError(err: unknown): BackendError | undefined {
  if (err instanceof MingoError) return new BackendError("BadValue", err.message);
  if (!(err instanceof Error)) return undefined;
  if (err instanceof SyntaxError && err.message.startsWith("Invalid regular expression")) {
    return new BackendError("Location51091", `Regular expression is invalid: ${regexReason(err.message)}`);
  }
  if (err instanceof RangeError && err.message.includes("Maximum call stack size exceeded")) {
    return new BackendError("Overflow", "the command nests too deeply to evaluate");
  }
  if (raisedByQueryEngine(err)) return new BackendError("BadValue", `invalid query, update or pipeline: ${err.message}`);
  return undefined;
}

function regexReason(message: string): string {
  const colon = message.lastIndexOf(": ");
  return colon >= 0 ? message.slice(colon + 2) : message;
}

/** Whether the innermost stack frame of `err` (the first `at` line) lies in the query engine. */
function raisedByQueryEngine(err: Error): boolean {
  const frame = err.stack?.split("\n").find((line) => line.trimStart().startsWith("at "));
  return frame !== undefined && QUERY_ENGINE_FRAME.test(frame);
}
