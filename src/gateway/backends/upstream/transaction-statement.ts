/**
 * What a command's session fields say about multi-document transactions, read the way mongod reads
 * them: a command with `txnNumber` and `autocommit` (always false when present) belongs to the
 * transaction numbered `txnNumber` of its session; `startTransaction: true` opens it;
 * `commitTransaction` and `abortTransaction` end it. A `txnNumber` without `autocommit` is a
 * retryable write, not a transaction.
 */
import type { Document } from "bson";
import { int64Key } from "../int64-key.js";

/** The role of one command in its session's transaction. */
export const TRANSACTION_ROLES = ["start", "continue", "end"] as const;

/** One of {@link TRANSACTION_ROLES}. */
export type TransactionRole = (typeof TRANSACTION_ROLES)[number];

/** A command that is part of a multi-document transaction. */
export interface TransactionStatement {
  /** The transaction number as a decimal string (a BSON Long on the wire). */
  readonly txnNumber: string;
  readonly role: TransactionRole;
}

const ENDING_COMMANDS = new Set(["commitTransaction", "abortTransaction"]);

/** The transaction `command` belongs to, or undefined for a command outside any transaction. */
export function transactionStatement(command: Document): TransactionStatement | undefined {
  if (command.autocommit === undefined) return undefined;
  const txnNumber = int64Key(command.txnNumber);
  if (txnNumber === undefined) return undefined;
  const name = Object.keys(command)[0] ?? "";
  if (ENDING_COMMANDS.has(name)) return { txnNumber, role: "end" };
  return { txnNumber, role: command.startTransaction === true ? "start" : "continue" };
}

/**
 * The error labels mongos puts on a failure it hit itself (here: the gateway's link to the
 * upstream) for `command`, following mongod's ErrorLabelBuilder (error_labels.cpp): a retriable
 * error inside a transaction is a TransientTransactionError (the driver reruns the whole
 * transaction); on commitTransaction/abortTransaction, or on a retryable write, it is a
 * RetryableWriteError (the driver retries that one command). Drivers add
 * UnknownTransactionCommitResult to a failed commit themselves.
 */
export function linkFailureLabels(command: Document): string[] {
  if (command.txnNumber === undefined) return [];
  if (command.autocommit === undefined || ENDING_COMMANDS.has(Object.keys(command)[0] ?? "")) return ["RetryableWriteError"];
  return ["TransientTransactionError"];
}
