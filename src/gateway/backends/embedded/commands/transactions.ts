import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";
import type { CommandEnv } from "./command-env.js";

/**
 * The embedded backend is a standalone server, and a standalone mongod has no multi-document
 * transactions. It still knows the two commands, and answers them the way a standalone does:
 *  - with `txnNumber`: IllegalOperation (20), refused for every command before it runs
 *    (EmbeddedBackend does that check);
 *  - with `autocommit` or `startTransaction` but no `txnNumber`: InvalidOptions (72), the session
 *    fields' own consistency checks, which mongod makes before any command runs;
 *  - otherwise the command runs and finds no transaction: CommandFailed (125),
 *    "<command> must be run within a transaction".
 * The messages are mongod's (initialize_operation_session_info.cpp and txn_cmds.cpp).
 */
function refuseOutsideTransaction(command: Document): never {
  const name = Object.keys(command)[0] ?? "";
  if (command.autocommit !== undefined) {
    throw new BackendError("InvalidOptions", "'autocommit' field requires a transaction number to also be specified");
  }
  if (command.startTransaction !== undefined) {
    throw new BackendError("InvalidOptions", "'startTransaction' field requires 'autocommit' field to also be specified");
  }
  throw new BackendError("CommandFailed", `${name} must be run within a transaction`);
}

/** `commitTransaction` on a standalone: there is never a transaction to commit. */
export function commitTransaction(command: Document, _env: CommandEnv): Document {
  return refuseOutsideTransaction(command);
}

/** `abortTransaction` on a standalone: there is never a transaction to abort. */
export function abortTransaction(command: Document, _env: CommandEnv): Document {
  return refuseOutsideTransaction(command);
}
