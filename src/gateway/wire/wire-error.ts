/**
 * Causes of a malformed or unacceptable wire message, one per rule the decoder enforces.
 */
export const WIRE_ERROR_CODES = [
  "MESSAGE_TOO_SHORT",
  "MESSAGE_TOO_LARGE",
  "LENGTH_MISMATCH",
  "UNSUPPORTED_OPCODE",
  "UNKNOWN_REQUIRED_FLAG",
  "CHECKSUM_MISMATCH",
  "UNKNOWN_SECTION_KIND",
  "MISSING_BODY",
  "DUPLICATE_BODY",
  "DUPLICATE_SEQUENCE",
  "INVALID_CSTRING",
  "INVALID_BSON",
  "BSON_TOO_LARGE",
  "BSON_TOO_DEEP",
  "UNSUPPORTED_COMPRESSOR",
  "DECOMPRESSION_FAILED",
] as const;

/** One of {@link WIRE_ERROR_CODES}. */
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

/** Options of a {@link WireError}. */
export interface WireErrorOptions {
  /**
   * True when the byte stream can no longer be framed (bad length prefix): the connection must be closed.
   * False when only this message was bad and the next one starts at a known offset.
   */
  fatal?: boolean;
  /** The offending message's requestID, when the header was readable, so a reply can reference it. */
  requestId?: number;
  cause?: unknown;
}

/**
 * A wire message that breaks the protocol. The reader reports these as values; they never escape as
 * uncaught exceptions.
 */
export class WireError extends Error {
  override readonly name = "WireError";
  readonly code: WireErrorCode;
  readonly fatal: boolean;
  readonly requestId: number | undefined;

  constructor(code: WireErrorCode, message: string, options: WireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.fatal = options.fatal ?? false;
    this.requestId = options.requestId;
  }
}
