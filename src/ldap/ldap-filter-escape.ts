/**
 * RFC 4515 §3 escaping of a value placed inside a search filter, so that a name such as `a*)(uid=*`
 * stays one literal value instead of changing the filter's structure.
 */

const FILTER_SPECIALS: Readonly<Record<string, string>> = {
  "\\": "\\5c",
  "*": "\\2a",
  "(": "\\28",
  ")": "\\29",
  "\u0000": "\\00",
};

/** Escapes `value` for an assertion value of an LDAP filter string. */
export function escapeFilterValue(value: string): string {
  let escaped = "";
  for (const char of value) escaped += FILTER_SPECIALS[char] ?? char;
  return escaped;
}
