/**
 * `userToDNMapping` as mongod applies it (mongod manual, `security.ldap.userToDNMapping`; SERVER-44786):
 * - the rules are tried in order; `match` is an ECMAScript regular expression that must match the
 *   whole name, and its capture groups are `{0}`, `{1}`... of the rule's template;
 * - `substitution` yields a DN directly (the template's author is responsible for RFC 4514 escaping,
 *   as in mongod: captured text is inserted as is);
 * - `ldapQuery` is run and must return exactly one entry, whose DN is the result; any other count
 *   skips the rule and the next one is tried;
 * - an LDAP failure (network, bind) is not a non-match: it aborts the whole mapping;
 * - no rule matching is a failure; an empty list maps the name to itself.
 */
import safeRegex from "safe-regex2";
import { repeatedAlternation } from "./repeated-alternation.js";
import { instantiateQuery, parseQueryTemplate, type LdapQuery } from "./ldap-query-template.js";

/** One rule, Atlas's `UserToDNMapping`. */
export interface UserToDnRule {
  match: string;
  substitution?: string;
  ldapQuery?: string;
}

/** Runs a search and returns the DNs of the entries found; throws on LDAP failures. */
export type DnSearch = (query: LdapQuery) => Promise<string[]>;

/** The outcome of a mapping: the DN, or why no rule produced one. */
export type DnMapping = { ok: true; dn: string; rule: number | null } | { ok: false; reason: string };

/**
 * A `match` expression that could backtrack exponentially: it repeats a group that itself repeats
 * (`(a+)+`, `(\w+\s?)*`), judged by `safe-regex2`, or repeats a group with alternatives (`(a|aa)+`,
 * see `repeated-alternation.ts`). Mapping runs on the thread that serves everyone at
 * connect, so such rules are refused when saved and never run.
 */
export class UnsafePatternError extends Error {
  override readonly name = "UnsafePatternError";
}

/**
 * Compiles `match` the way mongod applies it: anchored at both ends. Throws SyntaxError when invalid and
 * {@link UnsafePatternError} when it could backtrack for long.
 */
export function compileMatch(match: string): RegExp {
  const compiled = new RegExp(`^(?:${match})$`);
  if (!safeRegex(compiled)) {
    throw new UnsafePatternError("could backtrack exponentially: it repeats a group that itself repeats, such as (a+)+; rewrite it without the nested repetition");
  }
  const alternation = repeatedAlternation(match);
  if (alternation !== undefined) {
    throw new UnsafePatternError(`could backtrack exponentially: it repeats a group with alternatives, ${alternation}; use a character class or a single alternative inside the repetition`);
  }
  return compiled;
}

function fill(template: string, groups: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => groups[Number(index)] ?? whole);
}

function groupValues(found: RegExpExecArray): string[] {
  return found.slice(1).map((g) => g ?? "");
}

/** Maps `name` to an LDAP DN with `rules`; `search` runs `ldapQuery` rules. */
export async function mapUserToDn(name: string, rules: readonly UserToDnRule[], search: DnSearch): Promise<DnMapping> {
  if (rules.length === 0) return { ok: true, dn: name, rule: null };
  const skipped: string[] = [];
  for (const [index, rule] of rules.entries()) {
    let pattern: RegExp;
    try {
      pattern = compileMatch(rule.match);
    } catch (error) {
      // Rules saved before unsafe patterns were refused: never run them, and say why.
      skipped.push(`rule ${index + 1} was not run: its match ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const found = pattern.exec(name);
    if (found === null) continue;
    const groups = groupValues(found);
    if (rule.substitution !== undefined) return { ok: true, dn: fill(rule.substitution, groups), rule: index };
    if (rule.ldapQuery !== undefined) {
      const values = Object.fromEntries(groups.map((value, i) => [String(i), value]));
      const dns = await search(instantiateQuery(parseQueryTemplate(rule.ldapQuery, "numbered"), values));
      if (dns.length === 1) return { ok: true, dn: dns[0] as string, rule: index };
      skipped.push(`rule ${index + 1}'s ldapQuery returned ${dns.length} entries, not exactly one`);
    }
  }
  const detail = skipped.length > 0 ? ` (${skipped.join("; ")})` : "";
  return { ok: false, reason: `no userToDNMapping rule maps "${name}" to a DN${detail}` };
}
