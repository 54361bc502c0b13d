/**
 * Failures of the gateway's own link to the upstream deployment, as the replies a client sees.
 * They use the codes mongos uses for the same situations, which drivers treat as retryable.
 */
import type { Document } from "bson";
import { mongodErrorReply } from "../error-codes.js";
import { linkFailureLabels } from "./transaction-statement.js";

/** A link failure's codeName (mongos's for the same situations). */
export type LinkErrorName = "HostUnreachable" | "NetworkTimeout";

/** The upstream could not be reached, or the connection broke or timed out while a command ran. */
export class UpstreamLinkError extends Error {
  override readonly name = "UpstreamLinkError";
  readonly codeName: LinkErrorName;

  constructor(codeName: LinkErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.codeName = codeName;
  }

  /**
   * The failure reply, with the error labels mongos would add ({@link linkFailureLabels}). Drivers
   * for 4.4+ servers act on the labels only: a retryable write (a `txnNumber` outside a
   * transaction) and commitTransaction/abortTransaction are retried on `RetryableWriteError`, which
   * is safe because the retry carries the same session and txnNumber; any other command of a
   * transaction gets `TransientTransactionError`, on which the driver reruns the whole transaction.
   */
  reply(command: Document): Document {
    const labels = linkFailureLabels(command);
    return mongodErrorReply(this.codeName, this.message, labels.length > 0 ? { errorLabels: labels } : undefined);
  }
}

/** The message of any thrown value. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
