/**
 * Atlas's "verify LDAP configuration": connect, bind with the given credentials, then (when a query
 * template is given) parse it and run it with `{USER}` = the bind user. Like Atlas, it stops at the
 * first failure and lists only the checks it ran, each `OK` or `FAIL`.
 */
import { AUTHZ_QUERY_TOKENS } from "./group-resolver.js";
import { instantiateQuery, LdapTemplateError, parseQueryTemplate, type ParsedQueryTemplate } from "./ldap-query-template.js";
import type { LdapServer, LdapTimeouts } from "./ldap-server.js";
import { LdapFailure, withLdapSession } from "./ldap-session.js";

/** Atlas's `validationType` values (the v2 spec's enum). */
export const LDAP_VALIDATION_TYPES = [
  "AUTHENTICATE",
  "AUTHORIZATION_ENABLED",
  "CONNECT",
  "PARSE_AUTHZ_QUERY",
  "QUERY_SERVER",
  "SERVER_SPECIFIED",
  "TEMPLATE",
] as const;
/** One validation type. */
export type LdapValidationType = (typeof LDAP_VALIDATION_TYPES)[number];

/** One check and its result; a failed check says why (a certgate extension: Atlas gives no reason). */
export interface LdapValidation {
  validationType: LdapValidationType;
  status: "OK" | "FAIL";
  reason?: string;
}

/** The overall outcome; `FAILED` is the value real Atlas answers (its spec says `FAIL`). */
export interface LdapVerifyOutcome {
  status: "SUCCESS" | "FAILED";
  validations: LdapValidation[];
  /** Why the failed check failed (also the failed validation's `reason`). */
  failure?: string;
}

/** What to verify. */
export interface LdapVerifyParams {
  server: LdapServer;
  /** Empty or absent: only connection and bind are checked. */
  authzQueryTemplate?: string;
}

/** Runs the checks against the server. Never throws for LDAP problems: they are the result. */
export async function verifyLdapConnectivity(params: LdapVerifyParams, timeouts: LdapTimeouts): Promise<LdapVerifyOutcome> {
  const validations: LdapValidation[] = [];
  const fail = (validationType: LdapValidationType, failure: string): LdapVerifyOutcome => {
    validations.push({ validationType, status: "FAIL", reason: failure });
    return { status: "FAILED", validations, failure };
  };
  try {
    return await withLdapSession(params.server, timeouts, async (session) => {
      validations.push({ validationType: "CONNECT", status: "OK" }, { validationType: "AUTHENTICATE", status: "OK" });
      const template = params.authzQueryTemplate ?? "";
      if (template === "") return { status: "SUCCESS", validations };
      let parsed: ParsedQueryTemplate;
      try {
        parsed = parseQueryTemplate(template, AUTHZ_QUERY_TOKENS);
      } catch (error) {
        if (error instanceof LdapTemplateError) return fail("PARSE_AUTHZ_QUERY", error.message);
        throw error;
      }
      validations.push({ validationType: "PARSE_AUTHZ_QUERY", status: "OK" });
      const user = params.server.bindUsername;
      try {
        await session.search(instantiateQuery(parsed, { USER: user, PROVIDED_USER: user }));
      } catch (error) {
        if (error instanceof LdapFailure) return fail("QUERY_SERVER", error.message);
        throw error;
      }
      validations.push({ validationType: "QUERY_SERVER", status: "OK" });
      return { status: "SUCCESS", validations };
    });
  } catch (error) {
    if (!(error instanceof LdapFailure)) throw error;
    if (error.step === "AUTHENTICATE") validations.push({ validationType: "CONNECT", status: "OK" });
    return fail(error.step === "AUTHENTICATE" ? "AUTHENTICATE" : "CONNECT", error.message);
  }
}
