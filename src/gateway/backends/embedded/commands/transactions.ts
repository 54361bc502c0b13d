import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import type { CommandEnv } from "./command-env.js";

/**
 * The embedded backend has no multi-document transactions. It still knows the two commands: once the
 * session fields pass the checks every command gets (`session-fields.ts`: CommandNotSupported for a
 * transaction's `txnNumber` and `autocommit`, 50768 for a `txnNumber` alone, InvalidOptions for
 * `autocommit` or `startTransaction` without one), the command runs and finds no transaction:
 * CommandFailed (125), "<command> must be run within a transaction", mongod's message (txn_cmds.cpp).
 */
function noTransaction(command: Document): never {
  throw new BackendError("CommandFailed", `${Object.keys(command)[0] ?? ""} must be run within a transaction`);
}

/** `commitTransaction`: there is never a transaction to commit. */
export function commitTransaction(command: Document, _env: CommandEnv): Document {
  return noTransaction(command);
}

/** `abortTransaction`: there is never a transaction to abort. */
export function abortTransaction(command: Document, _env: CommandEnv): Document {
  return noTransaction(command);
}
