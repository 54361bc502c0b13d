/**
 * The mongod error codes a backend may reply with, by codeName, as mongod's
 * `src/mongo/base/error_codes.yml` numbers them. One table drives both the
 * `BackendErrorName` union and the number put on the wire.
 */
export const ERROR_CODES = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  FailedToParse: 9,
  Unauthorized: 13,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  MaxTimeMSExpired: 50,
  InvalidIdField: 53,
  CannotCreateIndex: 67,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  CommandNotSupported: 115,
  CommandFailed: 125,
  ExceededMemoryLimit: 146,
  DocumentValidationFailure: 121,
  CannotIndexParallelArrays: 171,
  QueryPlanKilled: 175,
  QueryExceededMemoryLimitNoDiskUseAllowed: 292,
  BSONObjectTooLarge: 10334,
  DuplicateKey: 11000,
  Location40324: 40324,
} as const;

/** A mongod codeName this project knows how to reply with. */
export type BackendErrorName = keyof typeof ERROR_CODES;
