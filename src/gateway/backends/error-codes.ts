import type { Document } from "bson";

/**
 * The one catalogue of mongod error codes this project replies with, by codeName, numbered as
 * mongod's `src/mongo/base/error_codes.yml` numbers them (`LocationNNNNN` names are mongod's
 * assertion ids that have no codeName of their own). Every failure reply the gateway and its
 * backends produce takes its code from here, through {@link mongodErrorReply}.
 */
export const ERROR_CODES = Object.freeze({
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  HostUnreachable: 6,
  FailedToParse: 9,
  UserNotFound: 11,
  Unauthorized: 13,
  TypeMismatch: 14,
  Overflow: 15,
  ProtocolError: 17,
  AuthenticationFailed: 18,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  RoleNotFound: 31,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  NetworkTimeout: 89,
  OperationFailed: 96,
  CommandNotSupported: 115,
  DocumentValidationFailure: 121,
  CommandFailed: 125,
  ExceededMemoryLimit: 146,
  CommandNotSupportedOnView: 166,
  InvalidPipelineOperator: 168,
  CannotIndexParallelArrays: 171,
  QueryPlanKilled: 175,
  ClientMetadataCannotBeMutated: 186,
  TransactionTooOld: 225,
  QueryExceededMemoryLimitNoDiskUseAllowed: 292,
  MechanismUnavailable: 334,
  UnsupportedOpQueryCommand: 352,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  SearchNotEnabled: 31082,
  Location40066: 40066,
  Location40323: 40323,
  Location40324: 40324,
  Location40414: 40414,
  Location40571: 40571,
  Location50768: 50768,
  Location51091: 51091,
  Location51769: 51769,
} as const);

/** A mongod codeName this project knows how to reply with. */
export type MongodErrorName = keyof typeof ERROR_CODES;

/** The codeNames a backend replies with (all of them). */
export type BackendErrorName = MongodErrorName;

/**
 * mongod's failure reply, the only shape of failure this project sends:
 * `{ok: 0, errmsg, code, codeName, ...extra}`, fields in mongod's order. `code` encodes as BSON int32,
 * as mongod's does; `ok` becomes mongod's double `0.0` when the reply is encoded (`withDoubleOk`).
 */
export function mongodErrorReply(codeName: MongodErrorName, errmsg: string, extra?: Document): Document {
  const reply: Document = { ok: 0, errmsg, code: ERROR_CODES[codeName], codeName };
  return extra === undefined ? reply : Object.assign(reply, extra);
}
