import { Long, type Document } from "bson";
import { BackendError } from "../../backend-error.js";
import { boolArg, bsonTypeName, countArg } from "./command-args.js";

/** The commands mongod runs as retryable writes when they carry a `txnNumber` without `autocommit`. */
const RETRYABLE_WRITE_COMMANDS = new Set(["insert", "update", "delete", "findAndModify"]);

/** A retryable write: its session's transaction number. */
export interface RetryableWrite {
  readonly txnNumber: bigint;
}

function statements(command: Document, field: string): Document[] {
  const value: unknown = command[field];
  return Array.isArray(value) ? value.filter((entry): entry is Document => entry !== null && typeof entry === "object") : [];
}

/** mongod refuses a retryable write whose statements could touch any number of documents, read as the update and delete handlers read them. */
function checkRetryableStatements(name: string, command: Document): void {
  if (name === "update" && statements(command, "updates").some((statement) => boolArg(statement, "multi") === true)) {
    throw new BackendError("InvalidOptions", "Cannot use (or request) retryable writes with multi=true");
  }
  if (name === "delete" && statements(command, "deletes").some((statement) => (countArg(statement, "limit") ?? 0) === 0)) {
    throw new BackendError("InvalidOptions", "Cannot use (or request) retryable writes with limit=0");
  }
}

/**
 * The checks a replica-set member makes on a command's session fields before the command runs
 * (initialize_operation_session_info.cpp), in its order, with its codes and messages, for a server
 * that has retryable writes and no multi-document transactions:
 *  - `txnNumber` without `lsid`: InvalidOptions (72); a `txnNumber` that is not an int64: TypeMismatch (14);
 *  - `txnNumber` with `autocommit` or `startTransaction` (a transaction statement, or the driver's
 *    commitTransaction/abortTransaction): CommandNotSupported (115), the embedded backend's answer to
 *    what it lacks, as it has no multi-document transactions. Not IllegalOperation (20): drivers
 *    reword any 20 on a write as "This MongoDB deployment does not support retryable writes", which
 *    would be false here;
 *  - `txnNumber` on a command that is not a retryable write: 50768; on an update with `multi: true`
 *    or a delete with `limit: 0`: InvalidOptions (72);
 *  - `autocommit` without `txnNumber`, `startTransaction` without `autocommit`: InvalidOptions (72).
 * Answers the retryable write a command is, if it is one.
 */
export function checkSessionFields(command: Document): RetryableWrite | undefined {
  if (command.txnNumber !== undefined) {
    if (command.lsid === undefined) throw new BackendError("InvalidOptions", "Transaction number requires a session ID to also be specified");
    const txnNumber: unknown = command.txnNumber;
    if (!(txnNumber instanceof Long)) {
      throw new BackendError("TypeMismatch", `BSON field 'OperationSessionInfo.txnNumber' is the wrong type '${bsonTypeName(txnNumber)}', expected type 'long'`);
    }
    if (command.autocommit !== undefined || command.startTransaction !== undefined) {
      throw new BackendError(
        "CommandNotSupported",
        "Multi-document transactions are not supported by the embedded backend; use a cluster with the upstream backend in front of a replica set or sharded cluster",
      );
    }
    const name = Object.keys(command)[0] ?? "";
    if (!RETRYABLE_WRITE_COMMANDS.has(name)) {
      throw new BackendError(
        "Location50768",
        `txnNumber may only be provided for multi-document transactions and retryable write commands. autocommit:false was not provided, and ${name} is not a retryable write command.`,
      );
    }
    checkRetryableStatements(name, command);
    return { txnNumber: txnNumber.toBigInt() };
  }
  if (command.autocommit !== undefined) {
    throw new BackendError("InvalidOptions", "'autocommit' field requires a transaction number to also be specified");
  }
  if (command.startTransaction !== undefined) {
    throw new BackendError("InvalidOptions", "'startTransaction' field requires 'autocommit' field to also be specified");
  }
  return undefined;
}
