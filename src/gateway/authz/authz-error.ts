/** Why a set of roles could not be compiled into privileges. */
export const AUTHZ_ERROR_CODES = ["UNKNOWN_ROLE", "ROLE_CYCLE", "INVALID_SCOPE", "UNKNOWN_ACTION", "INVALID_RESOURCE"] as const;

/** One of {@link AUTHZ_ERROR_CODES}. */
export type AuthzErrorCode = (typeof AUTHZ_ERROR_CODES)[number];

/** A role definition or grant that cannot be honoured; the message names the role and the cause. */
export class AuthzError extends Error {
  override readonly name = "AuthzError";
  readonly code: AuthzErrorCode;

  constructor(code: AuthzErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
