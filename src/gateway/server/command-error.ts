/**
 * mongod's failure envelope for the replies the gateway itself produces:
 * `{ok: 0.0, errmsg, code, codeName}` in that order, with the codes of mongod's error_codes.yml.
 */
import { Double, Int32, type Document } from "bson";

/** The codes the gateway answers with itself, by codeName. */
export const GATEWAY_ERROR_CODES = {
  BadValue: 2,
  UserNotFound: 11,
  Unauthorized: 13,
  ProtocolError: 17,
  AuthenticationFailed: 18,
  CommandNotFound: 59,
  InvalidOptions: 72,
  ClientMetadataCannotBeMutated: 186,
  MechanismUnavailable: 334,
  UnsupportedOpQueryCommand: 352,
  BSONObjectTooLarge: 10334,
  Location40571: 40571,
  Location51769: 51769,
} as const;

/** One of {@link GATEWAY_ERROR_CODES}. */
export type GatewayErrorName = keyof typeof GATEWAY_ERROR_CODES;

/** Builds a failure reply. */
export function commandError(codeName: GatewayErrorName, errmsg: string): Document {
  return { ok: new Double(0), errmsg, code: new Int32(GATEWAY_ERROR_CODES[codeName]), codeName };
}

/** A failure raised inside a gateway command handler, turned into its reply by the dispatcher. */
export class GatewayCommandError extends Error {
  override readonly name = "GatewayCommandError";
  constructor(
    readonly codeName: GatewayErrorName,
    message: string,
  ) {
    super(message);
  }

  /** The reply document. */
  reply(): Document {
    return commandError(this.codeName, this.message);
  }
}
