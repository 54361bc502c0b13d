import { CodedError } from "../shared/coded-error.js";

/** What went wrong in the PKI core; stable strings that the edges map to their own error codes. */
export const PKI_ERROR_CODES = [
  "INVALID_DN",
  "INVALID_PEM",
  "NOT_A_CA",
  "CA_EXPIRED",
  "CA_NOT_YET_VALID",
  "BAD_SIGNATURE",
  "INVALID_ARGUMENT",
  "CHAIN_UNTRUSTED",
  "KEY_DECRYPTION_FAILED",
  "INVALID_MASTER_KEY",
  "CA_VALIDITY_EXCEEDED",
  "SERIAL_EXHAUSTED",
  "INVALID_CSR",
  "KEY_NOT_ALLOWED",
] as const;

export type PkiErrorCode = (typeof PKI_ERROR_CODES)[number];

/** An error raised by the PKI core. `message` is safe to show to the operator; it never holds key material. */
export class PkiError extends CodedError<PkiErrorCode> {
  override readonly name = "PkiError";
}
