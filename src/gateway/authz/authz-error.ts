import { CodedError } from "../../shared/coded-error.js";

/** Why a set of roles could not be compiled into privileges. */
export const AUTHZ_ERROR_CODES = ["UNKNOWN_ROLE", "ROLE_CYCLE", "INVALID_SCOPE", "UNKNOWN_ACTION", "INVALID_RESOURCE"] as const;

/** One of {@link AUTHZ_ERROR_CODES}. */
export type AuthzErrorCode = (typeof AUTHZ_ERROR_CODES)[number];

/** A role definition or grant that cannot be honoured; the message names the role and the cause. */
export class AuthzError extends CodedError<AuthzErrorCode> {
  override readonly name = "AuthzError";
}
