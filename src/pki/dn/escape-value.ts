/**
 * mongod's RFC 2253 escaping of one attribute value (mongod's `escapeRfc2253`), reproduced byte for
 * byte because the escaped text IS the user name that must match exactly.
 */

const ALWAYS_ESCAPED = new Set([",", "+", '"', "\\", "<", ">", ";"]);

/**
 * Escapes `value` as mongod prints it: a leading space or `#` gets a backslash; every UTF-8 byte of a
 * non-ASCII character becomes `\XX` (upper-case hex); `, + " \ < > ;` get a backslash; a trailing
 * space gets a backslash only when the escaped text is longer than two characters (mongod's quirk:
 * `"a "` stays `a `). `=` and control characters are left alone.
 */
export function escapeValue(value: string): string {
  let escaped = "";
  let index = 0;
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (index === 0 && (char === " " || char === "#")) {
      escaped += `\\${char}`;
    } else if (code >= 0x80) {
      for (const byte of Buffer.from(char, "utf8")) escaped += `\\${byte.toString(16).toUpperCase().padStart(2, "0")}`;
    } else if (ALWAYS_ESCAPED.has(char)) {
      escaped += `\\${char}`;
    } else {
      escaped += char;
    }
    index += 1;
  }
  if (escaped.length > 2 && escaped.endsWith(" ")) escaped = `${escaped.slice(0, -1)}\\ `;
  return escaped;
}
