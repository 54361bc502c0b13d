import type { Document } from "bson";
import { ERROR_CODES, type BackendErrorName } from "./error-codes.js";

/**
 * BackendError is a command failure with a mongod codeName and a message that is
 * safe to send to the client. `extra` carries the reply fields some errors add
 * beside `errmsg` (DuplicateKey's `keyPattern` and `keyValue`).
 */
export class BackendError extends Error {
  override readonly name = "BackendError";
  readonly codeName: BackendErrorName;
  readonly extra: Document;

  constructor(codeName: BackendErrorName, message: string, options?: { extra?: Document; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.codeName = codeName;
    this.extra = options?.extra ?? {};
  }

  /** The numeric mongod code for `codeName`. */
  get code(): number {
    return ERROR_CODES[this.codeName];
  }
}

/** Whether `err` is a BackendError with the given codeName. */
export function isBackendError(err: unknown, codeName?: BackendErrorName): err is BackendError {
  return err instanceof BackendError && (codeName === undefined || err.codeName === codeName);
}
