/**
 * Failures of the gateway's own link to the upstream deployment, as the replies a client sees.
 * They use the codes mongos uses for the same situations, which drivers treat as retryable.
 */
import type { Document } from "bson";

/** mongod's codes for a link failure. */
export const LINK_ERROR_CODES = { HostUnreachable: 6, NetworkTimeout: 89 } as const;

/** A link failure's codeName. */
export type LinkErrorName = keyof typeof LINK_ERROR_CODES;

/** The upstream could not be reached, or the connection broke or timed out while a command ran. */
export class UpstreamLinkError extends Error {
  override readonly name = "UpstreamLinkError";
  readonly codeName: LinkErrorName;

  constructor(codeName: LinkErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.codeName = codeName;
  }

  /**
   * The failure reply. A retryable write (a `txnNumber` outside a transaction) carries the
   * `RetryableWriteError` label, as mongos adds it, because drivers for 4.4+ servers retry writes
   * only on that label; the upstream may or may not have applied the write, and the retry with the
   * same session and txnNumber is what makes that safe.
   */
  reply(command: Document): Document {
    const retryableWrite = command.txnNumber !== undefined && command.autocommit === undefined;
    return {
      ok: 0,
      errmsg: this.message,
      code: LINK_ERROR_CODES[this.codeName],
      codeName: this.codeName,
      ...(retryableWrite ? { errorLabels: ["RetryableWriteError"] } : {}),
    };
  }
}

/** The message of any thrown value. */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
