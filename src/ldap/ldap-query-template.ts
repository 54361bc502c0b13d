/**
 * LDAP query templates: the relative RFC 4516 URL form `dn?attributes?scope?filter?extensions` that
 * mongod uses for `authzQueryTemplate` and for `ldapQuery` rules of `userToDNMapping`.
 *
 * The template is split into its components and percent-decoded BEFORE tokens are substituted, so a
 * user name holding `?` or `%` cannot shift the components. Substituted values are escaped for where
 * they land: in the filter per RFC 4515 (always); in the base DN per RFC 4514, except tokens that stand
 * for a whole DN (`{USER}`, `{PROVIDED_USER}`), which are DNs already. Extensions are parsed and ignored,
 * as mongod ignores them.
 */
import { FilterParser } from "ldapts";
import { escapeValue } from "../pki/dn/escape-value.js";
import { escapeFilterValue } from "./ldap-filter-escape.js";

/** Search scopes of RFC 4516. */
export const LDAP_SCOPES = ["base", "one", "sub"] as const;
/** One search scope. */
export type LdapScope = (typeof LDAP_SCOPES)[number];

/** A search ready to run. */
export interface LdapQuery {
  baseDn: string;
  /** Attributes to return; empty = the query asks for entries, whose DNs are the answer. */
  attributes: string[];
  scope: LdapScope;
  filter: string;
}

/** A template split into its components, still holding `{TOKEN}`s. */
export interface ParsedQueryTemplate {
  readonly baseDn: string;
  readonly attributes: readonly string[];
  readonly scope: LdapScope;
  readonly filter: string;
}

/** A template that cannot be parsed; `message` says why. */
export class LdapTemplateError extends Error {
  override readonly name = "LdapTemplateError";
}

/** Tokens that carry a whole DN and go into the base DN unescaped. */
const DN_TOKENS = new Set(["USER", "PROVIDED_USER"]);
const TOKEN = /\{([A-Z_]+|\d+)\}/g;
const DEFAULT_FILTER = "(objectClass=*)";

function percentDecode(component: string, name: string): string {
  try {
    return decodeURIComponent(component);
  } catch (error) {
    throw new LdapTemplateError(`the ${name} component holds an invalid %-escape`, { cause: error });
  }
}

function checkTokens(text: string, allowed: ReadonlySet<string> | "numbered", name: string): void {
  for (const match of text.matchAll(TOKEN)) {
    const token = match[1] as string;
    const ok = allowed === "numbered" ? /^\d+$/.test(token) : allowed.has(token);
    if (!ok) throw new LdapTemplateError(`unknown token {${token}} in the ${name} component`);
  }
}

/**
 * Splits and checks a template. `tokens` is the set of `{NAME}` tokens it may use, or "numbered" for
 * the `{0}`, `{1}`... of a `userToDNMapping` ldapQuery. The filter is checked with a sample value in
 * every token, so a template whose filter can never parse is refused when it is saved.
 */
export function parseQueryTemplate(template: string, tokens: ReadonlySet<string> | "numbered"): ParsedQueryTemplate {
  const parts = template.split("?");
  if (parts.length > 5) throw new LdapTemplateError("a query has at most five components: dn?attributes?scope?filter?extensions");
  const [rawDn = "", rawAttributes = "", rawScope = "", rawFilter = ""] = parts;
  const baseDn = percentDecode(rawDn, "dn");
  const attributes = percentDecode(rawAttributes, "attributes")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  for (const attribute of attributes) {
    if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*|\*|\+|1\.1)$/.test(attribute)) {
      throw new LdapTemplateError(`"${attribute}" is not an attribute description`);
    }
  }
  const scopeText = percentDecode(rawScope, "scope").toLowerCase();
  if (scopeText !== "" && !(LDAP_SCOPES as readonly string[]).includes(scopeText)) {
    throw new LdapTemplateError(`scope must be base, one or sub, not "${scopeText}"`);
  }
  const filter = percentDecode(rawFilter, "filter") || DEFAULT_FILTER;
  checkTokens(baseDn, tokens, "dn");
  checkTokens(filter, tokens, "filter");
  try {
    FilterParser.parseString(filter.replace(TOKEN, "x"));
  } catch (error) {
    throw new LdapTemplateError(`the filter ${filter} is not an RFC 4515 filter: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { baseDn, attributes, scope: (scopeText || "base") as LdapScope, filter };
}

function substitute(text: string, values: Readonly<Record<string, string>>, escape: (token: string, value: string) => string): string {
  return text.replace(TOKEN, (whole, token: string) => {
    const value = values[token];
    if (value === undefined) throw new LdapTemplateError(`no value for the token ${whole}`);
    return escape(token, value);
  });
}

/** Fills a parsed template's tokens with `values`, escaping each for the component it lands in. */
export function instantiateQuery(template: ParsedQueryTemplate, values: Readonly<Record<string, string>>): LdapQuery {
  return {
    baseDn: substitute(template.baseDn, values, (token, value) => (DN_TOKENS.has(token) ? value : escapeValue(value))),
    attributes: [...template.attributes],
    scope: template.scope,
    filter: substitute(template.filter, values, (_token, value) => escapeFilterValue(value)),
  };
}
