import type { Document } from "bson";
import { BackendError } from "../../backend-error.js";

/**
 * The checks a standalone mongod makes on every command's session fields before the command runs
 * (initialize_operation_session_info.cpp), in its order, with its codes and messages:
 *  - `txnNumber` without `lsid`: InvalidOptions (72);
 *  - `txnNumber` at all: IllegalOperation (20), since a standalone has neither retryable writes nor
 *    transactions;
 *  - `autocommit` without `txnNumber`, `startTransaction` without `autocommit`: InvalidOptions (72).
 */
export function checkSessionFields(command: Document): void {
  if (command.txnNumber !== undefined) {
    if (command.lsid === undefined) throw new BackendError("InvalidOptions", "Transaction number requires a session ID to also be specified");
    throw new BackendError("IllegalOperation", "Transaction numbers are only allowed on a replica set member or mongos");
  }
  if (command.autocommit !== undefined) {
    throw new BackendError("InvalidOptions", "'autocommit' field requires a transaction number to also be specified");
  }
  if (command.startTransaction !== undefined) {
    throw new BackendError("InvalidOptions", "'startTransaction' field requires 'autocommit' field to also be specified");
  }
}
